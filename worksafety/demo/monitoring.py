"""Demo monitoring points: gas detectors, level, temperature and pressure on every major hazard unit
(GB/T 50493 set-points for the gas detectors), and a weather station per park; the simulator
(`worksafety simulate`, started by `worksafety run`) feeds them."""

import random

from worksafety.monitoring.choices import Priority, SensorKind
from worksafety.monitoring.models import Sensor
from worksafety.registry.models import Enterprise, HazardUnit, Park

# (code suffix, name, kind, unit, range, limits, priority, interval)
UNIT_SENSORS = [
    ("GT1", "可燃气体探测器 1", SensorKind.COMBUSTIBLE_GAS, "%LEL", (0, 100), {"high": 25, "high_high": 50}, Priority.EMERGENCY, 10),
    ("GT2", "可燃气体探测器 2", SensorKind.COMBUSTIBLE_GAS, "%LEL", (0, 100), {"high": 20, "high_high": 40}, Priority.EMERGENCY, 10),
    ("LT1", "储罐液位", SensorKind.LEVEL, "m", (0, 20), {"low": 2, "high": 17, "high_high": 18.5}, Priority.HIGH, 30),
    ("TT1", "储罐温度", SensorKind.TEMPERATURE, "℃", (-20, 80), {"high": 40, "high_high": 50}, Priority.HIGH, 30),
    ("PT1", "储罐压力", SensorKind.PRESSURE, "MPa", (0, 2.5), {"high": 1.8, "high_high": 2.1}, Priority.HIGH, 30),
]
TOXIC = ("AT1", "硫化氢探测器", SensorKind.TOXIC_GAS, "ppm", (0, 100), {}, Priority.EMERGENCY, 10)
# Gas detectors get a small deadband in their own units (the standards give none; the limits protect life).
GAS_DEADBAND = {SensorKind.COMBUSTIBLE_GAS: 1.0, SensorKind.TOXIC_GAS: 0.5}
H2S_OEL_PPM = 6.6  # GBZ 2.1-2019 MAC for H₂S is 10 mg/m³ ≈ 6.6 ppm at 20 °C


def build_monitoring_demo(seed: int) -> None:
    rng = random.Random(seed * 613)
    sensors = []
    for unit in HazardUnit.objects.filter(is_major=True, lat__isnull=False).select_related("enterprise"):
        for index, spec in enumerate(UNIT_SENSORS + ([TOXIC] if unit.pk % 3 == 0 else [])):
            sensors.append(_sensor(unit.enterprise, unit, spec, unit.lat + rng.uniform(-4e-4, 4e-4),
                                   unit.lon + rng.uniform(-4e-4, 4e-4), f"{unit.pk:04d}-{index}"))
    for park in Park.objects.all():
        host = Enterprise.objects.filter(park=park).order_by("uscc").first()
        if host is None or host.lat is None:
            continue
        for spec in (("WS", "园区气象站风速", SensorKind.WIND_SPEED, "m/s", (0, 60), {}, Priority.LOW, 60),
                     ("WD", "园区气象站风向", SensorKind.WIND_DIRECTION, "°", (0, 360), {}, Priority.LOW, 60)):
            sensors.append(_sensor(host, None, spec, host.lat, host.lon, park.code.upper()))
    Sensor.objects.bulk_create(sensors, batch_size=500)


def _sensor(enterprise, unit, spec, lat, lon, suffix) -> Sensor:
    code, name, kind, unit_text, (low, high), limits, priority, interval = spec
    sensor = Sensor(enterprise=enterprise, hazard_unit=unit, code=f"{code}-{suffix}", name=name, kind=kind,
                    unit=unit_text, range_low=low, range_high=high, lat=lat, lon=lon, interval_s=interval,
                    priority=priority, deadband=GAS_DEADBAND.get(kind, (high - low) * 0.02), on_delay_s=2 if kind.endswith("gas") else 15,
                    off_delay_s=5 if kind.endswith("gas") else 30, oel_ppm=H2S_OEL_PPM if kind == SensorKind.TOXIC_GAS else None,
                    location_text=unit.name if unit else "", **limits)
    sensor.apply_gas_defaults()
    return sensor
