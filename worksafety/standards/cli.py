"""Commands that need no Django: `worksafety gb18218 assess [FILE|-]` (INTERFACES.md, "Command line"), and the
JSON input and UTF-8 output the pure calculators share (worksafety/consequence/cli.py reads and writes with them).

worksafety/cli.py offers every command line to its PURE_COMMANDS before Django's, so these run without
settings or a database.
"""

import argparse
import json
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from worksafety.standards import gb18218

EXIT_OK = 0
EXIT_INVALID_INPUT = 2  # INTERFACES.md: exit 2 with a one-line error on stderr


class InputError(ValueError):
    """Input that cannot be read as JSON; the message is one line, Chinese / English."""


def gb18218_main(args: Sequence[str]) -> int:
    """`gb18218 assess [FILE|-]`: the unit's JSON from FILE or stdin, assess()'s JSON on stdout."""
    parser = argparse.ArgumentParser(prog="worksafety gb18218",
                                     description="GB 18218-2018 危险化学品重大危险源辨识与分级")
    actions = parser.add_subparsers(dest="action", required=True)
    assess = actions.add_parser("assess", help="辨识并分级一个生产单元或储存单元 (JSON in, JSON out)")
    assess.add_argument("file", nargs="?", default="-", metavar="FILE|-", help="the unit's JSON; - or nothing: stdin")
    try:
        options = parser.parse_args(args)
    except SystemExit as stop:  # --help, or a usage error argparse has already printed
        return int(stop.code or 0)
    try:
        result = gb18218.assess(_read_json(options.file))
    except (InputError, gb18218.AssessmentError) as error:
        _write(sys.stderr, " ".join(str(error).split()) + "\n")
        return EXIT_INVALID_INPUT
    _write(sys.stdout, json.dumps(result, ensure_ascii=False, indent=1) + "\n")
    return EXIT_OK


def _read_json(path: str) -> Any:
    try:
        raw = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except OSError as error:
        raise InputError(f"无法读取 {path} / cannot read {path}: {error.strerror}") from error
    try:
        return json.loads(raw.decode("utf-8-sig"), object_pairs_hook=_object_without_repeated_keys)
    except UnicodeDecodeError as error:
        raise InputError("输入不是 UTF-8 文本 / the input is not UTF-8 text") from error
    except json.JSONDecodeError as error:
        raise InputError(f"输入不是合法的 JSON / invalid JSON: {error.msg} "
                         f"(line {error.lineno}, column {error.colno})") from error


def _object_without_repeated_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """json keeps the last of repeated keys silently; a unit with two "quantity_t" is a mistake to report."""
    repeated = sorted(key for key, count in Counter(key for key, _ in pairs).items() if count > 1)
    if repeated:
        raise InputError(f"JSON 对象中字段重复：{'、'.join(repeated)} / repeated key(s) in a JSON object: "
                         f"{', '.join(repeated)}")
    return dict(pairs)


def _write(stream: TextIO, text: str) -> None:
    """JSON and messages go out as UTF-8 whatever the locale, so a C-locale shell still gets the Chinese."""
    stream.flush()
    stream.buffer.write(text.encode("utf-8"))
    stream.buffer.flush()
