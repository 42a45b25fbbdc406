// Helpers shared by the page scripts (window.ws). Stored text (names, titles, …) is never parsed as HTML:
// ws.el builds elements whose strings become text nodes; ws.text escapes the few strings that a library takes
// as HTML (ECharts tooltip formatters, Leaflet's layer-control labels).
window.ws = (function () {
  const ENTITIES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
  function append(node, child) {
    if (child === null || child === undefined || child === false) return;
    if (Array.isArray(child)) child.forEach((c) => append(node, c));
    else node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return {
    text: (value) => String(value ?? "").replace(/[&<>"']/g, (c) => ENTITIES[c]),
    // ws.el("a", { href, className, dataset: {…}, style: {…} }, "text", otherNode, [more, children])
    el(tag, props, ...children) {
      const node = document.createElement(tag);
      for (const [key, value] of Object.entries(props || {})) {
        if (key === "dataset" || key === "style") Object.assign(node[key], value);
        else node[key] = value;
      }
      append(node, children);
      return node;
    },
    // Replace an element's children with the given nodes or text.
    fill(node, ...children) { node.replaceChildren(); append(node, children); return node; },
    // An object's address from a pattern the template built with {% url 'name' 0 %}: the 0 becomes the id.
    url: (pattern, id) => pattern.replace(/\/0\/$/, `/${encodeURIComponent(id)}/`),
    // Every Leaflet map of the platform: no "Leaflet" prefix in the attribution (government pages), and the
    // base layer when a tile URL (WORKSAFETY_TILE_URL) is configured; without one the vector layers stand alone.
    map(el, options = {}) {
      const { tiles, tileOpacity, ...leaflet } = options;
      const map = L.map(el, leaflet);
      if (map.attributionControl) map.attributionControl.setPrefix(false);
      if (tiles) L.tileLayer(tiles, { maxZoom: 18, opacity: tileOpacity ?? 1, attribution: "底图" }).addTo(map);
      return map;
    },
  };
})();

// Behaviour the templates ask for by data- attributes (the Content-Security-Policy allows no inline script):
// data-confirm on a form or button asks before submitting, data-autosubmit submits its form on change,
// data-navigate goes to the chosen option's URL, data-print prints, data-back goes back. Delegated on the
// document, so content swapped in by HTMX works too.
document.addEventListener("submit", (event) => {
  const message = event.target.dataset.confirm;
  if (message && !window.confirm(message)) event.preventDefault();
});
document.addEventListener("click", (event) => {
  const target = event.target.closest("[data-confirm]:not(form), [data-print], [data-back]");
  if (!target) return;
  if (target.dataset.confirm !== undefined) {
    if (!window.confirm(target.dataset.confirm)) event.preventDefault();
  } else if (target.dataset.print !== undefined) {
    window.print();
  } else {
    event.preventDefault();
    window.history.back();
  }
});
document.addEventListener("change", (event) => {
  const target = event.target;
  if (target.dataset.autosubmit !== undefined) target.form.requestSubmit();
  else if (target.dataset.navigate !== undefined) window.location.href = target.value;
});

// Multi-value selects (sectors, statuses, …) become compact tag pickers; the underlying <select> keeps its
// name and values, so forms, HTMX filters and shared links work the same with or without this script.
if (window.TomSelect) {
  document.querySelectorAll("select[multiple]").forEach((select) => {
    new TomSelect(select, { plugins: ["remove_button"], maxOptions: null, placeholder: "全部", hidePlaceholder: true });
  });
}
