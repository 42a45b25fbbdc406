import json

import pytest

from worksafety.consequence import thresholds
from worksafety.consequence.inputs import ConsequenceInputError
from worksafety.standards import cas

DATA = json.loads(thresholds.DATA_FILE.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ["7664-41-7", "氨", "液氨", "Ammonia", "  AMMONIA ", "ammonia, anhydrous"])
def test_lookup_by_cas_name_or_alias(name):
    assert thresholds.lookup(name).cas == "7664-41-7"


@pytest.mark.parametrize(("chemical", "levels"), [
    ("氯", [("AEGL-3", 20), ("AEGL-2", 2.0), ("AEGL-1", 0.5)]),
    ("硫化氢", [("AEGL-3", 50), ("AEGL-2", 27), ("AEGL-1", 0.51)]),
    ("光气", [("AEGL-3", 0.75), ("AEGL-2", 0.30)]),  # AEGL-1 not recommended
])
def test_levels_most_severe_first(chemical, levels):
    assert [(level.name, level.ppm) for level in thresholds.lookup(chemical).levels()] == levels


@pytest.mark.parametrize(("chemical", "message"), [
    ("某未知气体", "毒性阈值表中没有“某未知气体”"),
    ("50-00-0", "CAS 50-00-0 不在毒性阈值表中"),
    ("", "须为化学品名称或 CAS 号"),
    (7782505, "须为化学品名称或 CAS 号"),
])
def test_unknown_chemical_is_an_input_error(chemical, message):
    with pytest.raises(ConsequenceInputError, match="^chemical: ") as error:
        thresholds.lookup(chemical)
    assert message in str(error.value) and " / " in str(error.value)


def test_data_file_names_its_sources_and_every_entry_is_usable():
    assert {"sources", "confidence", "units", "transcribed_from"} <= set(DATA)
    assert len(DATA["chemicals"]) == 10
    for entry in DATA["chemicals"]:
        assert cas.is_valid(entry["cas"]), entry["cas"]
        chemical = thresholds.lookup(entry["cas"])
        assert chemical.levels()  # every chemical in the file can draw at least one zone
        assert (chemical.lel_pct is None) == (not entry["flammable"])


def write(tmp_path, chemicals):
    path = tmp_path / "thresholds.json"
    path.write_text(json.dumps({**DATA, "chemicals": chemicals}), encoding="utf-8")
    return path


def test_chemical_without_any_threshold_is_refused(tmp_path):
    bare = {**DATA["chemicals"][0], "aegl_60min_ppm": {}, "idlh_ppm": None}
    catalogue = thresholds.load(write(tmp_path, [bare]))
    with pytest.raises(ConsequenceInputError, match="没有 AEGL 或 IDLH 阈值"):
        catalogue.lookup("氨").levels()


@pytest.mark.parametrize(("changes", "message"), [
    ({"cas": "7664-41-8"}, "invalid CAS"),
    ({"aegl_60min_ppm": {"AEGL-1": 300, "AEGL-2": 160, "AEGL-3": 1100}}, "rise from AEGL-1"),
    ({"aegl_confidence": "maybe"}, "must be C, P, U or null"),
    ({"mw_g_mol": 0}, "mw_g_mol must be positive"),
])
def test_malformed_data_file_is_refused(tmp_path, changes, message):
    with pytest.raises(ValueError, match=message):
        thresholds.load(write(tmp_path, [{**DATA["chemicals"][0], **changes}]))


def test_a_name_given_to_two_chemicals_is_refused(tmp_path):
    twin = {**DATA["chemicals"][1], "aliases": ["液氨"]}
    with pytest.raises(ValueError, match="names two chemicals"):
        thresholds.load(write(tmp_path, [DATA["chemicals"][0], twin]))
