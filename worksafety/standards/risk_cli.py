"""`worksafety risk …`: LEC and LS evaluations on the command line, with the default colour bands.

    worksafety risk lec L E C  →  {"D": 450, "band": "极其危险，不能继续作业", "colour": "red", "level": "重大"}
    worksafety risk ls L S     →  {"R": 20, "colour": "red", "level": "重大"}

Invalid input prints one line on stderr and exits with status 2.
"""

import json
import sys
from collections.abc import Callable
from typing import Any

from worksafety.standards.risk import RiskInputError, lec, ls

USAGE = "usage: worksafety risk lec L E C | worksafety risk ls L S"
EXIT_OK = 0
EXIT_BAD_INPUT = 2  # the usual status for a usage error, as argparse uses

# Method name → (evaluation, number of scores it takes).
_METHODS: dict[str, tuple[Callable[..., dict[str, Any]], int]] = {"lec": (lec, 3), "ls": (ls, 2)}


def risk_main(argv: list[str]) -> int:
    """Run `risk` with the words after "risk" (e.g. ["lec", "3", "10", "15"]); return the exit status."""
    if argv in (["-h"], ["--help"]):
        print(USAGE)
        return EXIT_OK
    method = _METHODS.get(argv[0]) if argv else None
    if method is None or len(argv) - 1 != method[1]:
        print(USAGE, file=sys.stderr)
        return EXIT_BAD_INPUT
    evaluate, _ = method
    try:
        result = evaluate(*argv[1:])
    except RiskInputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(json.dumps(result, ensure_ascii=False))
    return EXIT_OK
