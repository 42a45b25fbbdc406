"""`worksafety gb18218 assess` as users run it: a separate process, no Django settings, no data folder."""

import json
import os
import subprocess
import sys

import pytest

EXAMPLE = {  # INTERFACES.md, "JSON: gb18218 assess", without its // comments
    "unit_type": "storage",
    "population_500m": 60,
    "substances": [
        {"cas": "7664-41-7", "quantity_t": 12.5},
        {"name": "硝酸铵(含可燃物≤0.2%)", "quantity_t": 30},
        {"name": "某溶剂", "category": "W5.3", "quantity_t": 800},
        {"cas": "71-43-2", "category": "W5.3", "quantity_t": 20},
    ],
}


@pytest.fixture
def run(tmp_path):
    """Run `python -m worksafety gb18218 assess …` outside the project, without Django's settings and with a
    data folder that does not exist, so anything reaching for Django or the database would fail."""
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env["WORKSAFETY_DATA_DIR"] = str(tmp_path / "does-not-exist")
    env["LC_ALL"] = env["LANG"] = "C"  # output is UTF-8 whatever the locale

    def run(*args, stdin=""):
        data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
        done = subprocess.run([sys.executable, "-m", "worksafety", "gb18218", *args], input=data,
                              capture_output=True, env=env, cwd=tmp_path, timeout=60)
        return done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8")

    return run


def test_valid_unit_from_stdin(run):
    code, out, err = run("assess", "-", stdin=json.dumps(EXAMPLE, ensure_ascii=False))
    assert (code, err) == (0, "")
    result = json.loads(out)
    assert list(result) == ["S", "is_major", "alpha", "R", "level", "terms"]
    assert (result["S"], result["is_major"], result["alpha"], result["R"], result["level"]) == (
        3.05, True, 1.5, 6.45, 4)
    assert [term["label"] for term in result["terms"]] == ["氨", "硝酸铵(含可燃物≤0.2%)", "某溶剂", "苯"]
    assert "硝酸铵" in out  # ensure_ascii=False: Chinese as such, not \u escapes


def test_stdin_is_the_default(run):
    assert run("assess", stdin=json.dumps(EXAMPLE))[0] == 0


def test_valid_unit_from_a_file(run, tmp_path):
    path = tmp_path / "unit.json"
    path.write_text(json.dumps(EXAMPLE, ensure_ascii=False), encoding="utf-8")
    code, out, err = run("assess", str(path))
    assert (code, err) == (0, "")
    assert json.loads(out)["level"] == 4


def test_output_is_deterministic(run):
    assert run("assess", stdin=json.dumps(EXAMPLE)) == run("assess", stdin=json.dumps(EXAMPLE))


def unit_with(substance):
    return json.dumps({"unit_type": "storage", "population_500m": 0, "substances": [substance]},
                      ensure_ascii=False)


@pytest.mark.parametrize(("stdin", "expected"), [
    ('{"unit_type": "storage", ', "invalid JSON"),
    ("", "invalid JSON"),
    (b"\xff\xfe{}", "UTF-8"),
    ('{"unit_type": "storage", "unit_type": "production"}', "repeated key"),
    ("[]", "input:"),
    (unit_with({"cas": "7664-41-8", "quantity_t": 1}), "substances[0].cas"),
    (unit_with({"name": "氨", "quantity_t": -1}), "substances[0].quantity_t"),
    (unit_with({"cas": "6484-52-2", "quantity_t": 30}), "硝酸铵(含可燃物≤0.2%)"),
    (unit_with({"name": "氨", "quantity_t": float("nan")}), "substances[0].quantity_t"),
])
def test_invalid_input_exits_2_with_one_line_on_stderr(run, stdin, expected):
    code, out, err = run("assess", "-", stdin=stdin)
    assert code == 2
    assert out == ""
    assert err.endswith("\n") and err.count("\n") == 1
    assert expected in err


def test_missing_file_exits_2_with_one_line(run, tmp_path):
    code, out, err = run("assess", str(tmp_path / "missing.json"))
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and "missing.json" in err
