"""`worksafety run`'s memory: the resident set (VmRSS in /proc/<pid>/status) of its whole process tree, summed,
and per process, on the demo district — then the tree is stopped as Ctrl-C does and checked to be gone.

Usage: python bench/process_tree_rss.py [--size small|full] [--settle S] [--mqtt]
The all-in-one is the embedded SQLite set-up: the demo is built in a fresh temporary folder whatever
DATABASE_URL says, and without --mqtt no broker is used (no ingest process). Linux only. Prints one JSON object.
"""

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

WORKSAFETY = [sys.executable, "-m", "worksafety"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", choices=["small", "full"], default="small")
    parser.add_argument("--settle", type=float, default=20.0, help="seconds to run before sampling")
    parser.add_argument("--mqtt", action="store_true", help="keep WORKSAFETY_MQTT_URL (adds the ingest process)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ws-bench-rss-") as folder:
        env = {**os.environ, "WORKSAFETY_DATA_DIR": folder, "DATABASE_URL": "", "WORKSAFETY_ATTACHMENT_DIR": ""}
        if not args.mqtt:
            env.pop("WORKSAFETY_MQTT_URL", None)
        for command in (["migrate", "--no-input", "--verbosity", "0"], ["demo-data", "--size", args.size]):
            subprocess.run([*WORKSAFETY, *command], cwd=folder, env=env, check=True, stdout=subprocess.DEVNULL)
        print(json.dumps({"demo": args.size, **measure(folder, env, args.settle)}, ensure_ascii=False, indent=1))


def measure(folder: str, env: dict, settle: float) -> dict:
    port = free_port()
    supervisor = subprocess.Popen([*WORKSAFETY, "run", "--port", str(port)], cwd=folder, env=env,
                                  stdout=subprocess.DEVNULL)
    try:
        started = time.monotonic()
        wait_for(f"http://127.0.0.1:{port}/", timeout=120)
        answering = time.monotonic() - started
        time.sleep(settle)
        samples = []
        for _ in range(5):  # a sample a second
            samples.append(tree(supervisor.pid))
            time.sleep(1)
    finally:
        pids = set(tree(supervisor.pid))
        supervisor.send_signal(signal.SIGINT)  # Ctrl-C
        try:
            code = supervisor.wait(timeout=30)
        except subprocess.TimeoutExpired:
            supervisor.kill()
            code = None
    time.sleep(0.5)
    last = samples[-1]
    return {
        "processes": {info["command"]: round(info["rss_kb"] / 1024, 1) for info in last.values()},
        "tree_rss_mb": round(sum(info["rss_kb"] for info in last.values()) / 1024, 1),
        "tree_rss_peak_mb": round(max(sum(i["rss_kb"] for i in s.values()) for s in samples) / 1024, 1),
        "seconds_to_first_page": round(answering, 1),
        "stopped_by_ctrl_c": code == 0 and not any(Path(f"/proc/{pid}").exists() for pid in pids),
    }


def tree(root: int) -> dict[int, dict]:
    """Every live process under `root` (itself included): the `worksafety` subcommand it runs and its VmRSS."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:  # gone meanwhile
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = {}, [root]
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        try:
            status = Path(f"/proc/{pid}/status").read_text()
            argv = Path(f"/proc/{pid}/cmdline").read_bytes().decode().split("\0")
        except OSError:
            continue
        rss = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
        command = argv[3] if argv[1:3] == ["-m", "worksafety"] and len(argv) > 3 else " ".join(argv[:2])
        found[pid] = {"command": "supervisor (run)" if command == "run" else command, "rss_kb": rss}
    return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(url, timeout=5).close()
            return
        except urllib.error.HTTPError:  # any answer from the application will do (a redirect to the login)
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


if __name__ == "__main__":
    main()
