"""Validation of model inputs: one error type and the plausible range of every quantity.

Bad input never becomes a silent number: a missing key, a wrong type (bool is not a number), NaN or
infinity, a value outside its physical range or an unknown key is a ConsequenceInputError naming the field,
in one line, Chinese / English. The upper bounds catch unit mistakes (kJ for J, g for kg) and absurd
values; they are deliberately wide so that no real accident is refused.
"""

import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from numbers import Real
from typing import Any, TypeVar, overload

_MISSING: Any = object()
_Default = TypeVar("_Default")


class ConsequenceInputError(ValueError):
    """Invalid model input. `field` says where (e.g. "receptor.x_m"); the message is one line, Chinese / English."""

    def __init__(self, field: str, chinese: str, english: str):
        super().__init__(f"{field}: {chinese} / {english}")
        self.field = field


@dataclass(frozen=True)
class Quantity:
    """A physical input: its key, Chinese label, unit and plausible range (low, high], or [low, high] when
    `low_inclusive`."""

    key: str
    label: str
    unit: str
    low: float
    high: float
    low_inclusive: bool = False

    def check(self, value: Any, field: str | None = None) -> float:
        field = field or self.key
        if isinstance(value, bool) or not isinstance(value, Real):
            raise ConsequenceInputError(field, f"{self.label}须为数值，收到 {value!r}",
                                        f"must be a number, got {value!r}")
        value = float(value)
        if not math.isfinite(value):
            raise ConsequenceInputError(field, f"{self.label}须为有限数值，收到 {value!r}",
                                        f"must be a finite number, got {value!r}")
        above_low = value >= self.low if self.low_inclusive else value > self.low
        if not (above_low and value <= self.high):
            interval = f"{'[' if self.low_inclusive else '('}{self.low:g}, {self.high:g}]"
            raise ConsequenceInputError(
                field, f"{self.label}须在 {interval} {self.unit} 范围内，收到 {value:g}",
                f"must be in {interval} {self.unit}, got {value:g}")
        return value

    @overload
    def read(self, params: Mapping[str, Any], prefix: str = "") -> float: ...

    @overload
    def read(self, params: Mapping[str, Any], prefix: str = "", *, default: _Default) -> float | _Default: ...

    def read(self, params: Mapping[str, Any], prefix: str = "", default: Any = _MISSING) -> Any:
        """The checked value of this quantity in `params`; without a default the key is required."""
        field = prefix + self.key
        if self.key not in params:
            if default is _MISSING:
                raise ConsequenceInputError(field, f"缺少{self.label}（{self.unit}）",
                                            f"missing key {self.key} ({self.unit})")
            return default
        return self.check(params[self.key], field)


# Ranges: positive and physically possible, wide enough for the largest real releases (100 kt of LNG
# is about 1e8 kg; hydrogen's heat of combustion is 142 MJ/kg), narrow enough to catch kJ-for-J mistakes.
RELEASE_RATE = Quantity("release_kg_s", "泄漏速率", "kg/s", 0, 1e5)
MASS = Quantity("mass_kg", "泄漏质量", "kg", 0, 1e8)
FUEL_MASS = Quantity("fuel_mass_kg", "可燃物质量", "kg", 0, 1e8)
WIND = Quantity("wind_m_s", "风速", "m/s", 0, 60)
SURFACE_WIND = Quantity("wind_m_s", "10 m 高度风速", "m/s", 0, 60, low_inclusive=True)  # calm is an observation
WIND_FROM = Quantity("wind_from_deg", "风向（来向，正北为0，顺时针）", "°", 0, 360, low_inclusive=True)
SOURCE_HEIGHT = Quantity("source_height_m", "源高度", "m", 0, 1000, low_inclusive=True)
RELEASE_HEIGHT = Quantity("release_height_m", "释放高度", "m", 0, 1000, low_inclusive=True)
DOWNWIND = Quantity("x_m", "下风向距离", "m", 0, 1e5)
CROSSWIND = Quantity("y_m", "横风向距离", "m", -1e5, 1e5, low_inclusive=True)
HEIGHT = Quantity("z_m", "接受点高度", "m", 0, 1000, low_inclusive=True)
MOLAR_MASS = Quantity("mw_g_mol", "摩尔质量", "g/mol", 1, 1000, low_inclusive=True)
THRESHOLD_PPM = Quantity("thresholds_ppm", "浓度阈值", "ppm", 0, 1e6)
POOL_RADIUS = Quantity("pool_radius_m", "液池半径", "m", 0, 500)
HEAT_OF_COMBUSTION = Quantity("heat_of_combustion_J_kg", "燃烧热", "J/kg", 1e6, 1.5e8, low_inclusive=True)
HEAT_CAPACITY = Quantity("cp_J_kgK", "液体比热容", "J/(kg·K)", 100, 2e4, low_inclusive=True)
BOILING_POINT = Quantity("boiling_K", "沸点", "K", 10, 1500, low_inclusive=True)
AMBIENT_TEMPERATURE = Quantity("ambient_K", "环境温度", "K", 180, 340, low_inclusive=True)
LATENT_HEAT = Quantity("latent_heat_J_kg", "汽化热", "J/kg", 1e4, 1e7, low_inclusive=True)
EFFICIENCY = Quantity("efficiency", "热辐射效率", "", 0, 1)
TRANSMISSIVITY = Quantity("transmissivity", "大气透射率", "", 0, 1)
TNT_YIELD = Quantity("yield", "蒸气云爆炸效率因子", "", 0, 1)
GROUND_FACTOR = Quantity("ground_factor", "地面爆炸系数", "", 1, 2, low_inclusive=True)
LATITUDE_ANY = Quantity("latitude_deg", "纬度", "°", -90, 90, low_inclusive=True)
LONGITUDE_ANY = Quantity("longitude_deg", "经度", "°", -180, 180, low_inclusive=True)
# The local tangent plane used for WGS-84 output degenerates at the poles.
LATITUDE = Quantity("lat", "纬度", "°", -85, 85, low_inclusive=True)
LONGITUDE = Quantity("lon", "经度", "°", -180, 180, low_inclusive=True)


def require_object(value: Any, field: str = "input") -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConsequenceInputError(field, "须为 JSON 对象", "must be a JSON object")
    return value


def reject_unknown_keys(params: Mapping[str, Any], allowed: Collection[str], field: str = "input") -> None:
    """Unknown keys are refused rather than ignored: a misspelt optional key would change a result silently."""
    unknown = sorted(str(key) for key in params if key not in allowed)
    if unknown:
        raise ConsequenceInputError(field, f"未知字段 {'、'.join(unknown)}（允许 {'、'.join(allowed)}）",
                                    f"unknown field(s) {', '.join(unknown)} (allowed: {', '.join(allowed)})")


def require_key(params: Mapping[str, Any], key: str, label: str, prefix: str = "") -> Any:
    if key not in params:
        raise ConsequenceInputError(prefix + key, f"缺少{label}", f"missing key {key}")
    return params[key]


def choice(value: Any, field: str, label: str, options: Collection[str], hint: tuple[str, str] = ("", "")) -> str:
    """`value` when it is one of `options`; `hint` is a (Chinese, English) sentence added to the message."""
    if not isinstance(value, str) or value not in options:
        raise ConsequenceInputError(field, f"未知的{label} {value!r}（可选 {'、'.join(options)}）{hint[0]}",
                                    f"unknown {field} {value!r} (one of {', '.join(options)}){hint[1]}")
    return value
