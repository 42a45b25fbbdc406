"""应急指挥辅助决策: what the command board shows for an incident — threat zones from the consequence models,
the sensitive targets inside them with their population, shelters outside, the nearest teams and supplies
with arrival times, experts by specialty, and the matched plans.

`assess()` takes plain values (place, chemical, release, weather, time) so the same computation serves a
confirmed incident, a person's "what if" and the proposal an HH gas alarm makes (emergency.incidents.services).
Nothing here writes to the database.

Decisions (docs/design.md, "Incidents and the command board"):
- Weather: the wind a person entered (an observation on site corrects the station), else the park's weather
  station when it has reported within WORKSAFETY_WEATHER_MAX_AGE_S, else the settings' defaults — always
  stated in the result with its source.
- Stability: entered, or GB/T 13201-91 P·S from the time and place; with the cloud cover unknown it is
  computed for a clear and an overcast sky and the more stable class is taken (the longer zone).
- Release: entered, or WORKSAFETY_PROPOSAL_RELEASE_KG_S, never more than the unit's whole inventory over the
  60 minutes the thresholds are for.
- Explosion: a vapour cloud of 10 minutes' release, for flammable substances whose heat of combustion is in
  data/heats_of_combustion.json.
"""

import json
import time
from datetime import datetime
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from worksafety.consequence import stability, thresholds, zones
from worksafety.consequence.inputs import ConsequenceInputError
from worksafety.core import geo
from worksafety.emergency.resources import services as resources
from worksafety.emergency.resources.choices import Specialty
from worksafety.monitoring.choices import SensorKind
from worksafety.monitoring.models import SensorState
from worksafety.registry.models import Park

HEATS_FILE = Path(__file__).parents[1] / "data" / "heats_of_combustion.json"  # the app's data/ folder
THRESHOLD_WINDOW_S = 3600  # AEGL-60 min: a release longer than the inventory allows is capped to this window
CLOUD_SECONDS = 600  # the vapour cloud of an explosion scenario: 10 minutes of release
SEVERITY = {"AEGL-3": 3, "IDLH": 3, "AEGL-2": 2, "AEGL-1": 1}


@cache
def heats_of_combustion() -> dict[str, dict]:
    data = json.loads(HEATS_FILE.read_text(encoding="utf-8"))
    return {entry["cas"]: entry for entry in data["chemicals"]}


def park_weather(park, now: datetime | None = None) -> dict | None:
    """The latest wind speed and direction of the park's weather station, if both are recent enough."""
    if park is None:
        return None
    now = now or timezone.now()
    oldest = now - timezone.timedelta(seconds=settings.WORKSAFETY_WEATHER_MAX_AGE_S)
    latest = {}
    states = (SensorState.objects.filter(sensor__enterprise__park=park, sensor__in_service=True, ts__gte=oldest,
                                         sensor__kind__in=[SensorKind.WIND_SPEED, SensorKind.WIND_DIRECTION])
              .select_related("sensor").order_by("ts"))
    for state in states:
        latest[state.sensor.kind] = state
    if len(latest) < 2:
        return None
    speed, direction = latest[SensorKind.WIND_SPEED], latest[SensorKind.WIND_DIRECTION]
    return {"wind_m_s": speed.value, "wind_from_deg": direction.value % 360, "source": "station",
            "station": speed.sensor.code, "observed": min(speed.ts, direction.ts).isoformat()}


def park_at(lat: float, lon: float):
    """The chemical park whose outline holds the point, whose weather station then speaks for the place."""
    return next((park for park in Park.objects.all() if geo.contains(park.outline, lon, lat)), None)


def weather_for(*, park, entered: dict, lat: float, lon: float, moment: datetime) -> dict:
    """Wind and stability with where each came from (module docstring)."""
    if entered.get("wind_m_s") is not None and entered.get("wind_from_deg") is not None:
        weather = {"wind_m_s": entered["wind_m_s"], "wind_from_deg": entered["wind_from_deg"], "source": "manual"}
    else:
        weather = park_weather(park, moment) or {
            "wind_m_s": settings.WORKSAFETY_DEFAULT_WIND_M_S,
            "wind_from_deg": settings.WORKSAFETY_DEFAULT_WIND_FROM_DEG, "source": "default"}
    if entered.get("stability"):
        weather["stability"], weather["stability_source"] = entered["stability"], "manual"
        return weather
    wind = max(float(weather["wind_m_s"]), 0.5)  # the table's lowest band; a calm is flagged by the model
    classes = [stability.conservative_class(stability.gbt13201_class_at(
        moment, latitude_deg=lat, longitude_deg=lon, total_cloud_tenths=cloud, low_cloud_tenths=cloud, wind_m_s=wind))
        for cloud in (0, 10)]
    weather["stability"], weather["stability_source"] = max(classes), "gbt13201"
    return weather


def release_for(*, chemical, inventory_t: float | None, entered: dict) -> dict:
    rate = entered.get("release_kg_s") or settings.WORKSAFETY_PROPOSAL_RELEASE_KG_S
    release = {"release_kg_s": float(rate), "source_height_m": float(entered.get("source_height_m") or 1.0),
               "source": "manual" if entered.get("release_kg_s") else "default"}
    if inventory_t:
        cap = inventory_t * 1000 / THRESHOLD_WINDOW_S
        if release["release_kg_s"] > cap:
            release.update(release_kg_s=round(cap, 4), capped_by_inventory_t=inventory_t)
    return release


def assess(*, lat: float, lon: float, chemical=None, inventory_t: float | None = None, park=None,
           release: dict | None = None, weather: dict | None = None, moment: datetime | None = None,
           event_type: str | None = None, sector_id: int | None = None, enterprise_id: int | None = None,
           level: int | None = None, user=None) -> dict:
    """Everything the command board shows beside the incident itself, with the time it took."""
    started = time.perf_counter()
    moment = moment or timezone.now()
    weather = weather_for(park=park, entered=weather or {}, lat=lat, lon=lon, moment=moment)
    result = {"weather": weather, "release": None, "toxic": None, "explosion": None, "notes": []}
    if chemical is not None:
        result["release"] = release_for(chemical=chemical, inventory_t=inventory_t, entered=release or {})
        result["toxic"] = _toxic(chemical, result, lat, lon)
        result["explosion"] = _explosion(chemical, result, lat, lon)
        if result["toxic"] and result["explosion"]:  # the toxic model's "flammability not modelled" no longer holds
            result["toxic"]["flags"] = [f for f in result["toxic"]["flags"] if f["code"] != "flammable_not_modelled"]
    outer = _outer_zone(result)
    result["targets"] = _targets(result, user) if outer else []
    cut = [zone["truncated_at_m"] for zone in (result["toxic"] or {}).get("zones", []) if zone["truncated_at_m"]]
    if cut:  # the zones end at the model's range (consequence/footprint.py): what lies further was not looked at
        result["notes"].append(_("毒性影响区超出 %(km)g km 的部分未计入受影响目标，也未用于避难场所的选择")
                               % {"km": max(cut) / 1000})
    result["population"] = sum(target["population"] for target in result["targets"])
    result["shelters"] = resources.shelters_outside(outer, (lat, lon), user=user) if outer else \
        resources.nearest_resources(lat, lon, kinds=("shelter",), user=user)
    result["teams"] = resources.nearest_resources(lat, lon, kinds=("team",), user=user)
    result["supplies"] = resources.supplies_near(lat, lon, user=user)
    result["experts"] = resources.experts_for(_specialties(chemical, result), user=user)
    result["plans"] = _plans(event_type, chemical, sector_id, level, enterprise_id, user)
    result["computed_ms"] = round((time.perf_counter() - started) * 1000, 1)
    return result


def _toxic(chemical, result: dict, lat: float, lon: float) -> dict | None:
    try:
        thresholds.lookup(chemical.cas or chemical.name)
    except ConsequenceInputError:
        result["notes"].append(_("%(name)s 不在毒性阈值表中，未划定毒性区") % {"name": chemical.name})
        return None
    weather, release = result["weather"], result["release"]
    try:
        return zones.toxic_zones(chemical=chemical.cas or chemical.name, release_kg_s=release["release_kg_s"],
                                 wind_m_s=weather["wind_m_s"], wind_from_deg=weather["wind_from_deg"],
                                 stability=weather["stability"], terrain=settings.WORKSAFETY_TERRAIN,
                                 source_height_m=release["source_height_m"], lat=lat, lon=lon)
    except ConsequenceInputError as error:
        result["notes"].append(_("毒性区未计算：%(error)s") % {"error": error})
        return None


def _explosion(chemical, result: dict, lat: float, lon: float) -> dict | None:
    heat = heats_of_combustion().get(chemical.cas)
    if heat is None:
        if chemical.lel_pct:
            result["notes"].append(_("缺少%(name)s的燃烧热数据，未计算蒸气云爆炸半径") % {"name": chemical.name})
        return None
    fuel = result["release"]["release_kg_s"] * CLOUD_SECONDS
    explosion = zones.explosion_zones(fuel_mass_kg=fuel, heat_of_combustion_J_kg=heat["mj_kg"] * 1e6, lat=lat, lon=lon)
    explosion["assumptions"].insert(0, _("可燃云团按 %(minutes)d 分钟泄漏量 %(fuel).0f kg 计") % {
        "minutes": CLOUD_SECONDS // 60, "fuel": fuel})
    if heat["confidence"] != "C":
        explosion["flags"].append({"code": "heat_unconfirmed",
                                   "message": _("%(name)s燃烧热 %(mj_kg)s MJ/kg 为未经核实的手册值") % {
                                       "name": chemical.name, "mj_kg": heat["mj_kg"]}})
    return explosion


def _outer_zone(result: dict):
    """The widest zone of all: where people may have to shelter or leave."""
    rings = [zone["polygon"] for model in ("toxic", "explosion") if result[model] for zone in result[model]["zones"]]
    if not rings:
        return None
    return {"type": "MultiPolygon", "coordinates": [[ring] for ring in rings]}


def _targets(result: dict, user) -> list[dict]:
    """Each sensitive target inside any zone once, with the most severe zone it lies in."""
    found: dict[int, dict] = {}
    labelled = []
    if result["toxic"]:
        labelled += [(zone["level"], SEVERITY.get(zone["level"], 1), zone["polygon"]) for zone in result["toxic"]["zones"]]
    if result["explosion"]:
        labelled += [(zone["criterion"].split("（")[0], 3 - index, zone["polygon"])
                     for index, zone in enumerate(result["explosion"]["zones"])]
    for label, severity, ring in labelled:
        for target in resources.targets_within(ring, user=user):
            known = found.get(target["id"])
            if known is None or severity > known["severity"]:
                found[target["id"]] = {**target, "zone": label, "severity": severity}
    return sorted(found.values(), key=lambda t: (-t["severity"], -t["population"]))


def _specialties(chemical, result: dict) -> list[str]:
    wanted = [Specialty.HAZCHEM, Specialty.MEDICAL] if chemical is not None else [Specialty.STRUCTURAL]
    if result["toxic"]:
        wanted.append(Specialty.ENVIRONMENT)
    if result["explosion"]:
        wanted.append(Specialty.FIRE)
    return wanted


def _plans(event_type, chemical, sector_id, level, enterprise_id, user) -> list[dict]:
    from worksafety.emergency.plans import services as plans

    return plans.match_plans(event_type=event_type, chemical_ids=[chemical.pk] if chemical is not None else [],
                             sector_id=sector_id, level=level, enterprise_id=enterprise_id, user=user)
