"""Pasquill–Gifford atmospheric stability class (A very unstable … F stable) from the weather.

Two methods (reference consequence-models.md §2.3):
- pasquill_class: Pasquill (1961) as tabulated by NOAA READY (https://www.ready.noaa.gov/READYpgclass.php,
  [C]): 10 m wind speed × daytime insolation or night-time cloud; overcast day or night is D.
- gbt13201_class: the revised Pasquill method "P·S" of GB/T 13201-91 Appendix B, which Chinese EIA and
  安全评价 reviewers expect: solar altitude (式 B1, B2) and total/low cloud in tenths → radiation grade
  (表 B1) → class with the 10 m wind (表 B2). Formulas [C], tables [P] (see docs/consequence-models.md).

Both tables contain half classes (A-B, B-C, C-D). The dispersion models take whole classes only, and
conservative_class rounds a half class to the more stable neighbour, which gives the longer threat zone
(reference §0, decision 5).
"""

import math
from bisect import bisect_left, bisect_right
from datetime import datetime, timedelta, timezone
from typing import Any

from worksafety.consequence.inputs import (
    LATITUDE_ANY,
    LONGITUDE_ANY,
    SURFACE_WIND,
    ConsequenceInputError,
    Quantity,
    choice,
)

# Wind bands of both tables, by lower bound: < 2, 2–3, 3–5, 5–6, ≥ 6 m/s. The GB/T table writes them as
# ≤1.9, 2–2.9, 3–4.9, 5–5.9, ≥6 for winds read to 0.1 m/s; a band includes its lower bound.
_WIND_BAND_STARTS = (2.0, 3.0, 5.0, 6.0)

CLASSES_WITH_HALVES = ("A", "A-B", "B", "B-C", "C", "C-D", "D", "E", "F")
INSOLATION = ("strong", "moderate", "slight")  # daytime: midsummer midday … midwinter (England)
NIGHT_SKY = ("cloudy", "clear")  # thin overcast or > 4/8 low cloud; ≤ 4/8 cloud
_PASQUILL = {
    "strong": ("A", "A-B", "B", "C", "C"),
    "moderate": ("A-B", "B", "B-C", "C-D", "D"),
    "slight": ("B", "C", "C", "D", "D"),
    "cloudy": ("E", "E", "D", "D", "D"),
    "clear": ("F", "F", "E", "D", "D"),
}

# GB/T 13201-91 表 B1: radiation grade by cloud row and solar-altitude column (night, h0 ≤ 15°, 15–35°,
# 35–65°, > 65°). Rows: total/low cloud ≤4/≤4, 5–7/≤4, ≥8/≤4, ≥5/5–7, ≥8/≥8 (tenths).
_RADIATION_GRADE = (
    (-2, -1, 1, 2, 3),
    (-1, 0, 1, 2, 3),
    (-1, 0, 0, 1, 1),
    (0, 0, 0, 0, 1),
    (0, 0, 0, 0, 0),
)
_ALTITUDE_COLUMN_TOPS = (15.0, 35.0, 65.0)  # upper bounds, inclusive, of the daytime columns
# 表 B2: class by wind band and radiation grade +3 … −2. For ≥ 6 m/s at +3 some texts print C; D is the
# value of the transcription used and the more stable (conservative) choice.
_GBT13201_CLASS = (
    ("A", "A-B", "B", "D", "E", "F"),
    ("A-B", "B", "C", "D", "E", "F"),
    ("B", "B-C", "C", "D", "D", "E"),
    ("C", "C-D", "D", "D", "D", "D"),
    ("D", "D", "D", "D", "D", "D"),
)
_CLOUD = Quantity("cloud_tenths", "云量（十分制）", "成", 0, 10, low_inclusive=True)
_DAY_INDEX = Quantity("day_index", "日期序数", "", 0, 365, low_inclusive=True)
_BEIJING_HOUR = Quantity("beijing_hour", "北京时间", "h", 0, 24, low_inclusive=True)
_SOLAR_ALTITUDE = Quantity("solar_altitude_deg", "太阳高度角", "°", -90, 90, low_inclusive=True)
_BEIJING = timezone(timedelta(hours=8))


def _wind_band(wind_m_s: float) -> int:
    return bisect_right(_WIND_BAND_STARTS, SURFACE_WIND.check(wind_m_s))


def pasquill_class(wind_m_s: float, *, insolation: str | None = None, night_sky: str | None = None,
                   overcast: bool = False) -> str:
    """Pasquill (1961) class for the 10 m wind: by day give `insolation` (strong/moderate/slight), by night
    `night_sky` (cloudy: thin overcast or > 4/8 low cloud; clear: ≤ 4/8 cloud), or `overcast=True` (D,
    day or night, and for any sky in the hour before or after night). Night runs from 1 h before sunset
    to 1 h after sunrise. Exactly one of the three."""
    band = _wind_band(wind_m_s)
    given = [name for name, value in (("insolation", insolation), ("night_sky", night_sky)) if value is not None]
    if overcast is not False and overcast is not True:
        raise ConsequenceInputError("overcast", f"须为 true 或 false，收到 {overcast!r}",
                                    f"must be true or false, got {overcast!r}")
    if len(given) + overcast != 1:
        raise ConsequenceInputError("sky", "须且只须给出白天日照强度、夜间云况或阴天之一",
                                    "give exactly one of insolation (day), night_sky (night) or overcast")
    if overcast:
        return "D"
    if insolation is not None:
        return _PASQUILL[choice(insolation, "insolation", "日照强度", INSOLATION)][band]
    return _PASQUILL[choice(night_sky, "night_sky", "夜间云况", NIGHT_SKY)][band]


def declination_deg(day_index: int) -> float:
    """Solar declination δ (°), GB/T 13201-91 式 B2: δ = [0.006918 − 0.399912cosθ0 + 0.070257sinθ0
    − 0.006758cos2θ0 + 0.000907sin2θ0 − 0.002697cos3θ0 + 0.001480sin3θ0]·180/π, θ0 = 360·dn/365 (°),
    dn = 0 … 364 the day of the year from 1 January (365 accepted for 31 December of a leap year)."""
    day = _whole(day_index, _DAY_INDEX)
    theta = math.radians(360 * day / 365)
    return math.degrees(
        0.006918 - 0.399912 * math.cos(theta) + 0.070257 * math.sin(theta)
        - 0.006758 * math.cos(2 * theta) + 0.000907 * math.sin(2 * theta)
        - 0.002697 * math.cos(3 * theta) + 0.001480 * math.sin(3 * theta)
    )


def solar_altitude_deg(*, latitude_deg: float, longitude_deg: float, day_index: int, beijing_hour: float) -> float:
    """Solar altitude h0 (°), GB/T 13201-91 式 B1: h0 = arcsin[sinφ·sinδ + cosφ·cosδ·cos(15t + λ − 300)],
    φ latitude, λ longitude (east positive), t Beijing time in hours; all angles in degrees, converted to
    radians for the trigonometry (a public implementation passed degrees to cos: the tests catch that)."""
    phi = math.radians(LATITUDE_ANY.check(latitude_deg))
    longitude = LONGITUDE_ANY.check(longitude_deg)
    delta = math.radians(declination_deg(day_index))
    hour_angle = math.radians(15 * _BEIJING_HOUR.check(beijing_hour) + longitude - 300)
    sine = math.sin(phi) * math.sin(delta) + math.cos(phi) * math.cos(delta) * math.cos(hour_angle)
    return math.degrees(math.asin(max(-1.0, min(1.0, sine))))


def solar_altitude_at(moment: datetime, *, latitude_deg: float, longitude_deg: float) -> float:
    """h0 at an aware datetime (any time zone; the formula's t and dn are taken in Beijing time)."""
    if not isinstance(moment, datetime) or moment.utcoffset() is None:
        raise ConsequenceInputError("moment", f"须为带时区的时间，收到 {moment!r}",
                                    f"must be a time-zone aware datetime, got {moment!r}")
    local = moment.astimezone(_BEIJING)
    hour = local.hour + local.minute / 60 + (local.second + local.microsecond / 1e6) / 3600
    return solar_altitude_deg(latitude_deg=latitude_deg, longitude_deg=longitude_deg,
                              day_index=local.timetuple().tm_yday - 1, beijing_hour=hour)


def radiation_grade(*, total_cloud_tenths: int, low_cloud_tenths: int, solar_altitude_deg: float) -> int:
    """表 B1 radiation grade (+3 … −2). The sun at or below the horizon (h0 ≤ 0) is the night column; the
    daytime columns include their upper bounds (h0 ≤ 15°, ≤ 35°, ≤ 65°, > 65°)."""
    total = _whole(total_cloud_tenths, _CLOUD, "total_cloud_tenths")
    low = _whole(low_cloud_tenths, _CLOUD, "low_cloud_tenths")
    if low > total:
        raise ConsequenceInputError("low_cloud_tenths", f"低云量 {low} 不能大于总云量 {total}",
                                    f"low cloud {low} cannot exceed total cloud {total}")
    altitude = _SOLAR_ALTITUDE.check(solar_altitude_deg)
    if low <= 4:
        row = 0 if total <= 4 else 1 if total <= 7 else 2
    else:
        row = 3 if low <= 7 else 4
    column = 0 if altitude <= 0 else 1 + bisect_left(_ALTITUDE_COLUMN_TOPS, altitude)
    return _RADIATION_GRADE[row][column]


def gbt13201_class(*, wind_m_s: float, radiation_grade: int) -> str:
    """表 B2: class from the 10 m wind (10-min mean) and the radiation grade."""
    if isinstance(radiation_grade, bool) or radiation_grade not in range(-2, 4):
        raise ConsequenceInputError("radiation_grade", f"太阳辐射等级须为 −2 … +3 的整数，收到 {radiation_grade!r}",
                                    f"must be a whole number from -2 to +3, got {radiation_grade!r}")
    return _GBT13201_CLASS[_wind_band(wind_m_s)][3 - radiation_grade]


def gbt13201_class_at(moment: datetime, *, latitude_deg: float, longitude_deg: float, total_cloud_tenths: int,
                      low_cloud_tenths: int, wind_m_s: float) -> str:
    """The P·S class for an observation: time and place → h0 → 表 B1 grade → 表 B2 class."""
    altitude = solar_altitude_at(moment, latitude_deg=latitude_deg, longitude_deg=longitude_deg)
    grade = radiation_grade(total_cloud_tenths=total_cloud_tenths, low_cloud_tenths=low_cloud_tenths,
                            solar_altitude_deg=altitude)
    return gbt13201_class(wind_m_s=wind_m_s, radiation_grade=grade)


def conservative_class(stability_class: str) -> str:
    """A whole class for the models: a half class becomes its more stable neighbour (C-D → D)."""
    return choice(stability_class, "stability", "大气稳定度", CLASSES_WITH_HALVES)[-1]


def _whole(value: Any, quantity: Quantity, field: str | None = None) -> int:
    """A whole number in the quantity's range (cloud in tenths, day of the year)."""
    number = quantity.check(value, field)
    if not number.is_integer():
        raise ConsequenceInputError(field or quantity.key, f"{quantity.label}须为整数，收到 {value!r}",
                                    f"must be a whole number, got {value!r}")
    return int(number)
