"""`worksafety consequence MODEL [FILE|-]` as users run it: JSON in, UTF-8 JSON out, exit 2 and one line on
stderr for bad input, no Django."""

import json
import os
import subprocess
import sys

import pytest

from worksafety.consequence.cli import consequence_main
from worksafety.consequence.tests.test_inputs import POOLFIRE, PUFF, VCE

PLUME = {"release_kg_s": 0.1, "wind_m_s": 2.0, "stability": "F", "terrain": "rural", "source_height_m": 0,
         "receptor": {"x_m": 500, "y_m": 0, "z_m": 0}, "mw_g_mol": 70.906, "thresholds_ppm": [20]}


@pytest.fixture
def run(tmp_path):
    """Run `python -m worksafety consequence …` outside the project, without Django's settings and with a data
    folder that does not exist, in the C locale."""
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env["WORKSAFETY_DATA_DIR"] = str(tmp_path / "does-not-exist")
    env["LC_ALL"] = env["LANG"] = "C"

    def run(*args, stdin=""):
        data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
        done = subprocess.run([sys.executable, "-m", "worksafety", "consequence", *args], input=data,
                              capture_output=True, env=env, cwd=tmp_path, timeout=60)
        return done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8")

    return run


def test_plume_from_stdin(run):
    code, out, err = run("plume", "-", stdin=json.dumps(PLUME))
    assert (code, err) == (0, "")
    result = json.loads(out)
    assert list(result) == ["sigma_y_m", "sigma_z_m", "concentration_kg_m3", "concentration_ppm", "zones"]
    assert result["concentration_kg_m3"] == pytest.approx(1.1722e-4, rel=1e-3)


def test_vce_from_a_file_and_stdin_by_default(run, tmp_path):
    path = tmp_path / "cloud.json"
    path.write_text(json.dumps(VCE), encoding="utf-8")
    from_file = run("vce", str(path))
    assert from_file[0] == 0 and json.loads(from_file[1])["tnt_kg"] == pytest.approx(738.32, rel=1e-4)
    assert run("vce", stdin=json.dumps(VCE)) == from_file


def test_bad_input_exits_2_with_one_chinese_english_line(run):
    code, out, err = run("puff", stdin=json.dumps({**PUFF, "wind_m_s": 0}))
    assert (code, out) == (2, "")
    assert err == "wind_m_s: 风速须在 (0, 60] m/s 范围内，收到 0 / must be in (0, 60] m/s, got 0\n"


# In-process from here on: the same code path, without a process per case.

@pytest.mark.parametrize(("model", "content", "expected"), [
    ("plume", '{"release_kg_s": 0.1,', "invalid JSON"),
    ("plume", "", "invalid JSON"),
    ("plume", b"\xff\xfe{}", "UTF-8"),
    ("plume", '{"wind_m_s": 1, "wind_m_s": 2}', "repeated key"),
    ("plume", "[]", "input: 须为 JSON 对象 / must be a JSON object"),
    ("plume", json.dumps({**PLUME, "stability": "G"}), "stability: 未知的大气稳定度 'G'"),
    ("plume", json.dumps({**PLUME, "terrain": "city"}), "terrain:"),
    ("plume", '{"release_kg_s": NaN}', "release_kg_s: 泄漏速率须为有限数值"),
    ("puff", json.dumps({**PUFF, "mass_kg": -1}), "mass_kg:"),
    ("poolfire", json.dumps({**POOLFIRE, "ambient_K": -10}), "ambient_K:"),
    ("poolfire", json.dumps({**POOLFIRE, "pool_radius_m": "5"}), "pool_radius_m: 液池半径须为数值"),
    ("vce", json.dumps({**VCE, "fuel_mass_kg": 0}), "fuel_mass_kg:"),
    ("vce", json.dumps({"heat_of_combustion_J_kg": 46.35e6}), "fuel_mass_kg: 缺少可燃物质量"),
])
def test_invalid_input_exits_2(capsysbinary, tmp_path, model, content, expected):
    path = tmp_path / "input.json"
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    status = consequence_main([model, str(path)])
    out, err = (stream.decode("utf-8") for stream in capsysbinary.readouterr())
    assert (status, out) == (2, "")
    assert err.endswith("\n") and err.count("\n") == 1
    assert expected in err


def test_missing_file_exits_2(capsysbinary, tmp_path):
    assert consequence_main(["vce", str(tmp_path / "missing.json")]) == 2
    err = capsysbinary.readouterr().err.decode("utf-8")
    assert err.count("\n") == 1 and "missing.json" in err


@pytest.mark.parametrize("args", [[], ["frobnicate"], ["vce", "a.json", "b.json"]])
def test_usage_errors_exit_2(capsys, args):
    assert consequence_main(args) == 2
    assert "usage: worksafety consequence" in capsys.readouterr().err


def test_help_exits_0(capsys):
    assert consequence_main(["--help"]) == 0
    out = capsys.readouterr().out
    assert all(model in out for model in ("plume", "puff", "poolfire", "vce"))
