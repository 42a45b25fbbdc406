from datetime import UTC, datetime, timedelta, timezone

import pytest

from worksafety.consequence import stability
from worksafety.consequence.inputs import ConsequenceInputError

# Pasquill (1961) as NOAA READY prints it, typed here independently of the module: rows are the wind bands
# < 2, 2–3, 3–5, 5–6, > 6 m/s; columns strong, moderate, slight insolation, night cloudy, night clear.
PASQUILL_ROWS = [
    ["A", "A-B", "B", "E", "F"],
    ["A-B", "B", "C", "E", "F"],
    ["B", "B-C", "C", "D", "E"],
    ["C", "C-D", "D", "D", "D"],
    ["C", "D", "D", "D", "D"],
]
SKIES = [{"insolation": "strong"}, {"insolation": "moderate"}, {"insolation": "slight"},
         {"night_sky": "cloudy"}, {"night_sky": "clear"}]
# One wind inside each band and each band's lower bound, which belongs to it.
BAND_WINDS = [(0.0, 0), (1.99, 0), (2.0, 1), (2.99, 1), (3.0, 2), (4.99, 2), (5.0, 3), (5.99, 3), (6.0, 4), (20, 4)]

# GB/T 13201-91 表 B1 (rows ≤4/≤4, 5–7/≤4, ≥8/≤4, ≥5/5–7, ≥8/≥8; columns night, ≤15°, 15–35°, 35–65°, >65°)
# and 表 B2 (wind bands as above; grades +3 … −2).
TABLE_B1 = [[-2, -1, 1, 2, 3], [-1, 0, 1, 2, 3], [-1, 0, 0, 1, 1], [0, 0, 0, 0, 1], [0, 0, 0, 0, 0]]
CLOUD_ROWS = [[(0, 0), (4, 4), (4, 2)], [(5, 0), (7, 4)], [(8, 4), (10, 0)], [(5, 5), (10, 7)], [(8, 8), (10, 10)]]
ALTITUDE_COLUMNS = [[-30, 0], [0.01, 15], [15.01, 35], [35.01, 65], [65.01, 90]]
TABLE_B2 = [
    ["A", "A-B", "B", "D", "E", "F"],
    ["A-B", "B", "C", "D", "E", "F"],
    ["B", "B-C", "C", "D", "D", "E"],
    ["C", "C-D", "D", "D", "D", "D"],
    ["D", "D", "D", "D", "D", "D"],
]


@pytest.mark.parametrize(("wind", "row"), BAND_WINDS)
@pytest.mark.parametrize("column", range(5))
def test_pasquill_table(wind, row, column):
    assert stability.pasquill_class(wind, **SKIES[column]) == PASQUILL_ROWS[row][column]


@pytest.mark.parametrize("wind", [0.0, 1.0, 4.0, 12.0])
def test_overcast_is_d_day_or_night(wind):
    assert stability.pasquill_class(wind, overcast=True) == "D"


@pytest.mark.parametrize(("arguments", "field"), [
    ({}, "sky"),
    ({"insolation": "strong", "night_sky": "clear"}, "sky"),
    ({"insolation": "strong", "overcast": True}, "sky"),
    ({"insolation": "blazing"}, "insolation"),
    ({"night_sky": "<=4/8"}, "night_sky"),
    ({"overcast": "yes"}, "overcast"),
])
def test_pasquill_refuses_an_unclear_sky(arguments, field):
    with pytest.raises(ConsequenceInputError) as error:
        stability.pasquill_class(3.0, **arguments)
    assert error.value.field == field


@pytest.mark.parametrize("wind", [-0.1, float("nan"), "3", None, True, 61])
def test_pasquill_refuses_a_bad_wind(wind):
    with pytest.raises(ConsequenceInputError, match="wind_m_s"):
        stability.pasquill_class(wind, insolation="strong")


@pytest.mark.parametrize("row", range(5))
@pytest.mark.parametrize("column", range(5))
def test_radiation_grade_table_b1(row, column):
    for total, low in CLOUD_ROWS[row]:
        for altitude in ALTITUDE_COLUMNS[column]:
            grade = stability.radiation_grade(total_cloud_tenths=total, low_cloud_tenths=low,
                                              solar_altitude_deg=altitude)
            assert grade == TABLE_B1[row][column], (total, low, altitude)


@pytest.mark.parametrize(("wind", "row"), BAND_WINDS)
@pytest.mark.parametrize("grade", range(3, -3, -1))
def test_gbt13201_class_table_b2(wind, row, grade):
    assert stability.gbt13201_class(wind_m_s=wind, radiation_grade=grade) == TABLE_B2[row][3 - grade]


def test_declination_through_the_year():
    assert stability.declination_deg(172) == pytest.approx(23.46, abs=0.05)  # June solstice
    assert stability.declination_deg(355) == pytest.approx(-23.43, abs=0.05)  # December solstice
    assert abs(stability.declination_deg(79)) < 1.0  # March equinox


def test_noon_altitude_is_ninety_minus_latitude_minus_declination():
    """At 12:00 Beijing time on 120° E the hour angle 15t + λ − 300 is 0; passing degrees to cos (a bug of a
    public implementation) would give cos(0) too, so 13:00 (hour angle 15°) is checked as well."""
    delta = stability.declination_deg(100)
    noon = stability.solar_altitude_deg(latitude_deg=39.0, longitude_deg=120.0, day_index=100, beijing_hour=12)
    assert noon == pytest.approx(90 - 39.0 + delta, abs=1e-9)
    one_pm = stability.solar_altitude_deg(latitude_deg=39.0, longitude_deg=120.0, day_index=100, beijing_hour=13)
    # δ = 8.025°: asin(sin 39°·sin δ + cos 39°·cos δ·cos 15°) = 56.22°; cos(15 rad) would give −29.79°.
    assert one_pm == pytest.approx(56.22, abs=0.01)


def test_solar_altitude_at_an_aware_time_uses_beijing_time():
    beijing_noon = datetime(2024, 6, 21, 12, 0, tzinfo=timezone(timedelta(hours=8)))  # day index 172
    same_in_utc = datetime(2024, 6, 21, 4, 0, tzinfo=UTC)
    for moment in (beijing_noon, same_in_utc):
        altitude = stability.solar_altitude_at(moment, latitude_deg=30.0, longitude_deg=120.0)
        assert altitude == pytest.approx(83.456, abs=0.01)


def test_solar_altitude_refuses_a_naive_time():
    with pytest.raises(ConsequenceInputError, match="时区"):
        stability.solar_altitude_at(datetime(2024, 6, 21, 12), latitude_deg=30.0, longitude_deg=120.0)


def test_gbt13201_class_at_an_observation():
    """Dalian, a clear summer noon with a light wind: grade +3 → A; the same at midnight: grade −2 → F."""
    noon = datetime(2025, 7, 1, 12, 0, tzinfo=timezone(timedelta(hours=8)))
    observation = {"latitude_deg": 39.0, "longitude_deg": 121.8, "total_cloud_tenths": 2, "low_cloud_tenths": 1,
                   "wind_m_s": 1.5}
    assert stability.gbt13201_class_at(noon, **observation) == "A"
    assert stability.gbt13201_class_at(noon - timedelta(hours=12), **observation) == "F"


@pytest.mark.parametrize(("arguments", "field"), [
    ({"total_cloud_tenths": 3, "low_cloud_tenths": 5}, "low_cloud_tenths"),
    ({"total_cloud_tenths": 11, "low_cloud_tenths": 0}, "total_cloud_tenths"),
    ({"total_cloud_tenths": 2.5, "low_cloud_tenths": 0}, "total_cloud_tenths"),
    ({"total_cloud_tenths": "3", "low_cloud_tenths": 0}, "total_cloud_tenths"),
    ({"total_cloud_tenths": 3, "low_cloud_tenths": -1}, "low_cloud_tenths"),
])
def test_radiation_grade_refuses_bad_cloud(arguments, field):
    with pytest.raises(ConsequenceInputError) as error:
        stability.radiation_grade(solar_altitude_deg=30.0, **arguments)
    assert error.value.field == field


@pytest.mark.parametrize("grade", [4, -3, 1.5, True, "1"])
def test_gbt13201_class_refuses_a_grade_outside_the_table(grade):
    with pytest.raises(ConsequenceInputError, match="radiation_grade"):
        stability.gbt13201_class(wind_m_s=3.0, radiation_grade=grade)


@pytest.mark.parametrize(("arguments", "field"), [
    ({"latitude_deg": 91, "longitude_deg": 120, "day_index": 1, "beijing_hour": 12}, "latitude_deg"),
    ({"latitude_deg": 30, "longitude_deg": 181, "day_index": 1, "beijing_hour": 12}, "longitude_deg"),
    ({"latitude_deg": 30, "longitude_deg": 120, "day_index": 366, "beijing_hour": 12}, "day_index"),
    ({"latitude_deg": 30, "longitude_deg": 120, "day_index": 1.5, "beijing_hour": 12}, "day_index"),
    ({"latitude_deg": 30, "longitude_deg": 120, "day_index": 1, "beijing_hour": 25}, "beijing_hour"),
])
def test_solar_altitude_refuses_bad_place_or_time(arguments, field):
    with pytest.raises(ConsequenceInputError) as error:
        stability.solar_altitude_deg(**arguments)
    assert error.value.field == field


@pytest.mark.parametrize(("half", "whole"), [("A-B", "B"), ("B-C", "C"), ("C-D", "D"), ("A", "A"), ("F", "F")])
def test_half_classes_round_to_the_more_stable_class(half, whole):
    assert stability.conservative_class(half) == whole


@pytest.mark.parametrize("value", ["G", "c", "D-E", None])
def test_unknown_class_cannot_be_rounded(value):
    with pytest.raises(ConsequenceInputError, match="stability"):
        stability.conservative_class(value)
