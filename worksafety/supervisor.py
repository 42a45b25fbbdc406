"""`worksafety run`: the all-in-one embedded default. Starts `worksafety web`, `worker`, `ingest` (when a broker
is configured) and `simulate` as child processes and watches them.

This process does nothing but start and watch, so it imports the standard library only: no Django, no numpy.
(As a Django management command it held 150 MB of the tree's memory.) Each child loads Django for itself.
Ctrl-C or SIGTERM stops every child; the handler is in place before the first child starts, and a second
Ctrl-C while the children stop does not cut the stopping short. The simulator may finish with status 0 (no
sensor in service) and leave the others running; any other child that ends, for any reason, stops the tree and
is named, exit status 1.
"""

import argparse
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from worksafety.environment import read_dotenv

WEB = "web"
SIMULATOR = "simulate"  # the one child that may end on its own (status 0: no sensor in service)
POLL_SECONDS = 0.5
STOP_SECONDS = 10  # a child still running this long after SIGTERM is killed

# What the supervisor prints. It loads no Django (see above), and so no translation catalogue either: the text
# is plain Chinese, the UI's default language (allowed in core/tests/test_gettext_coverage.py).
CONSOLE_TEXT = {
    "description": "一体化运行：Web、后台任务、MQTT 接入（配置了代理时）和传感器模拟器，Ctrl-C 全部停止。",
    "no_simulator": "不启动传感器模拟器",
    "started": "worksafety 已启动：{url}/  （数据库：{database}，Ctrl-C 停止）",
    "ended": "进程已退出，已全部停止：{processes}",
}


def main(args: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="worksafety run", description=CONSOLE_TEXT["description"])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--no-simulator", action="store_true", help=CONSOLE_TEXT["no_simulator"])
    options = parser.parse_args(args)
    read_dotenv(Path.cwd() / ".env")  # as the settings do: the children see the same environment
    url = f"http://{options.host}:{options.port}"
    # Django's system checks run once, in the web process (a failed check stops it, and so the tree): in the
    # others they would import every view, and with them numpy, reportlab and openpyxl, ~90 MB each.
    commands = {WEB: ["web", "--host", options.host, "--port", str(options.port)], "worker": ["worker", "--skip-checks"]}
    if os.environ.get("WORKSAFETY_MQTT_URL"):  # devices over MQTT; without a broker, HTTP ingestion in the web
        commands["ingest"] = ["ingest", "--skip-checks"]
    if not options.no_simulator:
        commands[SIMULATOR] = ["simulate", "--skip-checks", "--url", url]
    database = os.environ.get("DATABASE_URL", "sqlite://").split(":", 1)[0]

    def started(children):
        print(CONSOLE_TEXT["started"].format(url=url, database=database), flush=True)

    return supervise({name: [sys.executable, "-m", "worksafety", *command] for name, command in commands.items()},
                     started)


def supervise(commands: dict[str, list[str]], started: Callable[[dict[str, subprocess.Popen]], None]) -> int:
    """Start each command (name → argv), call `started` with the children, and wait until a child other than a
    simulator finishing with status 0 ends, or Ctrl-C / SIGTERM; then stop the rest. 0 after Ctrl-C / SIGTERM,
    1 (and the children that ended named on stderr) otherwise. The handler is installed before the first child
    starts, so a signal at any moment stops the children started so far."""
    handlers = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # SIGTERM stops the tree like Ctrl-C
    children: dict[str, subprocess.Popen] = {}
    ended: dict[str, int] = {}
    try:
        for name, argv in commands.items():
            children[name] = subprocess.Popen(argv)
        started(children)
        ended = _watch(children)
    except KeyboardInterrupt:
        pass
    finally:
        _stop(children.values())
        for number, handler in handlers.items():
            signal.signal(number, handler)
    if ended:
        print(CONSOLE_TEXT["ended"].format(processes=", ".join(f"{name} ({code})" for name, code in ended.items())),
              file=sys.stderr)
        return 1
    return 0


def _watch(children: dict[str, subprocess.Popen]) -> dict[str, int]:
    """Poll until a child ends that is not the simulator finishing with status 0; the children that ended
    (name → exit status, negative: the signal that killed it)."""
    running = dict(children)
    while running:
        time.sleep(POLL_SECONDS)
        ended = {name: child.returncode for name, child in running.items() if child.poll() is not None}
        for name in ended:
            del running[name]
        if any(name != SIMULATOR or code != 0 for name, code in ended.items()):
            return ended
    return {}


def _stop(children) -> None:
    # From here on, Ctrl-C or SIGTERM again would abandon the children mid-stop: the stop runs to its end.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    children = list(children)
    for child in children:
        if child.poll() is None:
            child.terminate()
    deadline = time.monotonic() + STOP_SECONDS
    for child in children:
        try:
            child.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
