"""The `worksafety` command's dispatch (worksafety/cli.py): the pure calculators run without Django, any other
command is Django's."""

import json
import os
import subprocess
import sys

import pytest

from worksafety.cli import PURE_COMMANDS, run_pure_command
from worksafety.consequence.tests.test_inputs import POOLFIRE
from worksafety.standards.tests.test_cli import EXAMPLE


@pytest.mark.parametrize("command", [["gb18218", "assess"], ["consequence", "poolfire"]])
def test_pure_command_does_not_import_django(tmp_path, command):
    path = tmp_path / "input.json"
    path.write_text(json.dumps(EXAMPLE if command[0] == "gb18218" else POOLFIRE), encoding="utf-8")
    script = (
        "import sys\n"
        "from worksafety.cli import main\n"
        "try:\n"
        f"    main(['worksafety', *{command!r}, {str(path)!r}])\n"
        "except SystemExit as stop:\n"
        "    assert stop.code == 0, stop.code\n"
        "print(sorted(name for name in sys.modules if name.split('.')[0] == 'django'))\n"
    )
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=tmp_path,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "[]"


def test_run_pure_command_leaves_other_commands_to_django():
    assert run_pure_command(["migrate"]) is None
    assert run_pure_command([]) is None
    assert "gb18218" in PURE_COMMANDS


def test_usage_errors_exit_2(capsys):
    assert run_pure_command(["gb18218", "frobnicate"]) == 2
    assert run_pure_command(["gb18218", "--help"]) == 0
    assert "assess" in capsys.readouterr().out


def test_registered_as_a_pure_command(capsys):
    assert PURE_COMMANDS["consequence"](["vce", "/nonexistent.json"]) == 2
    assert "cannot read /nonexistent.json" in capsys.readouterr().err
