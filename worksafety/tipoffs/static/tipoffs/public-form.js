// Public tip-off form: pick a point on the district outline (over the base layer when a tile URL is configured),
// show/hide the identity fields with the anonymous box, and reload the captcha image.
(function () {
  const form = document.getElementById("tipoff-form");
  const lat = form.querySelector("[name=lat]");
  const lon = form.querySelector("[name=lon]");
  const mapEl = document.getElementById("pick-map");
  const outline = JSON.parse(mapEl.dataset.outline || "null");
  const map = ws.map(mapEl, { attributionControl: false, tiles: mapEl.dataset.tiles });
  let marker = null;
  if (outline) {
    const layer = L.geoJSON(outline, { style: { color: "#0d6efd", weight: 2, fillOpacity: 0.05 } }).addTo(map);
    map.fitBounds(layer.getBounds());
  } else {
    map.setView([39.05, 121.75], 10);
  }
  function place(latlng) {
    lat.value = latlng.lat.toFixed(6);
    lon.value = latlng.lng.toFixed(6);
    if (marker) marker.setLatLng(latlng); else marker = L.marker(latlng).addTo(map);
    document.getElementById("pick-text").textContent = lat.value + ", " + lon.value;
  }
  if (lat.value && lon.value) place(L.latLng(+lat.value, +lon.value));
  map.on("click", (e) => place(e.latlng));

  const anonymous = form.querySelector("[name=anonymous]");
  const identity = document.getElementById("identity-fields");
  const sync = () => { identity.hidden = anonymous.checked; };
  anonymous.addEventListener("change", sync);
  sync();

  const image = document.getElementById("captcha-image");
  document.getElementById("captcha-refresh").addEventListener("click", () => {
    image.src = image.src.split("?")[0] + "?" + Date.now();
  });
})();
