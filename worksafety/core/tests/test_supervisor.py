"""`worksafety run`'s supervisor (worksafety/supervisor.py): standard library only, and what it does when a
child finishes, fails, or the user presses Ctrl-C. Stand-in children (small Python processes) keep this fast;
bench/process_tree_rss.py runs the real tree."""

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from worksafety import supervisor

HEAVY = ("django", "numpy", "reportlab", "openpyxl", "rest_framework")


def gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_worksafety_run_loads_neither_django_nor_numpy():
    script = textwrap.dedent(f"""
        import sys
        from worksafety import cli
        try:
            cli.main(["worksafety", "run", "--help"])
        except SystemExit:
            pass
        print(sorted(name for name in {HEAVY!r} if name in sys.modules))
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "--no-simulator" in done.stdout
    assert done.stdout.strip().endswith("[]"), done.stdout


def python(code: str) -> list[str]:
    return [sys.executable, "-c", code]


SLEEP = python("import time; time.sleep(60)")


def supervise(commands):
    """supervisor.supervise, and the children it started."""
    children = {}
    status = supervisor.supervise(commands, children.update)
    return status, children


def test_a_failing_child_stops_the_tree_and_is_named(capsys):
    status, children = supervise({"web": SLEEP, "worker": python("raise SystemExit(3)")})
    assert status == 1
    assert children["web"].returncode == -signal.SIGTERM
    assert "worker (3)" in capsys.readouterr().err


def test_only_the_simulator_may_finish_quietly(capsys):
    status, children = supervise({"web": python("import time; time.sleep(1.5)"), "simulate": python("pass"),
                                  "worker": SLEEP})
    assert status == 1  # the web server outlived the simulator, and its end stopped the tree
    assert children["simulate"].returncode == 0 and children["web"].returncode == 0
    assert children["worker"].returncode == -signal.SIGTERM
    assert "web (0)" in capsys.readouterr().err


def test_a_child_that_finishes_with_status_0_stops_the_tree_unless_it_is_the_simulator(capsys):
    status, children = supervise({"web": SLEEP, "worker": python("pass")})
    assert status == 1 and children["web"].returncode == -signal.SIGTERM
    assert "worker (0)" in capsys.readouterr().err


def test_children_started_before_a_failed_start_are_stopped(monkeypatch):
    started = []

    class Recorded(subprocess.Popen):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            started.append(self)

    monkeypatch.setattr(supervisor.subprocess, "Popen", Recorded)
    with pytest.raises(FileNotFoundError):
        supervisor.supervise({"web": SLEEP, "worker": ["/nonexistent/worksafety"]}, lambda children: None)
    assert len(started) == 1 and started[0].returncode == -signal.SIGTERM


TREE = """
import signal, sys
from worksafety import supervisor
supervisor.STOP_SECONDS = {stop_seconds}
commands = {{name: [sys.executable, "-c", {code!r}] for name in ("web", "worker", "simulate")}}
# The PIDs are printed once the children have started, and so once the handler is in place.
sys.exit(supervisor.supervise(commands, lambda children: print(
    " ".join(str(c.pid) for c in children.values()), flush=True)))
"""


def tree(code: str, stop_seconds: int = 10) -> tuple[subprocess.Popen, list[int]]:
    process = subprocess.Popen(python(TREE.format(code=code, stop_seconds=stop_seconds)), stdout=subprocess.PIPE,
                               text=True)
    return process, [int(pid) for pid in process.stdout.readline().split()]


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_ctrl_c_or_sigterm_stops_every_child(stop):
    process, pids = tree("import time; time.sleep(60)")
    process.send_signal(stop)
    assert process.wait(timeout=20) == 0
    assert len(pids) == 3 and all(gone(pid) for pid in pids)


def test_a_second_ctrl_c_while_stopping_does_not_abandon_the_children():
    # Children that ignore SIGTERM: the supervisor waits STOP_SECONDS, then kills them.
    process, pids = tree("import os, signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
                         "os.write(1, b'ready\\n'); time.sleep(60)", stop_seconds=2)
    assert [process.stdout.readline().strip() for _ in pids] == ["ready"] * 3
    process.send_signal(signal.SIGINT)
    time.sleep(0.5)  # inside the stop's wait
    process.send_signal(signal.SIGINT)
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=20) == 0
    assert len(pids) == 3 and all(gone(pid) for pid in pids)
