"""`worksafety consequence plume|puff|poolfire|vce [FILE|-]`: the model's JSON from FILE or stdin, its result
as UTF-8 JSON on stdout (INTERFACES.md, "JSON: consequence"); invalid input exits 2 with one line on stderr."""

import argparse
import json
import sys
from collections.abc import Callable, Sequence

from worksafety.consequence import plume, poolfire, puff, vce
from worksafety.consequence.inputs import ConsequenceInputError
from worksafety.standards.cli import EXIT_INVALID_INPUT, EXIT_OK, InputError, _read_json, _write

MODELS: dict[str, tuple[Callable[[dict], dict], str]] = {
    "plume": (plume.run, "高斯烟羽：连续点源 / Gaussian plume, continuous release"),
    "puff": (puff.run, "高斯烟团：瞬时泄漏 / Gaussian puff, instantaneous release"),
    "poolfire": (poolfire.run, "池火灾热辐射 / pool fire radiation"),
    "vce": (vce.run, "蒸气云爆炸 TNT 当量法 / vapour-cloud explosion, TNT equivalence"),
}


def consequence_main(args: Sequence[str]) -> int:
    """Run `consequence` with the words after it (e.g. ["plume", "case.json"]); return the exit status."""
    parser = argparse.ArgumentParser(prog="worksafety consequence", description="事故后果模拟 / accident consequence models")
    models = parser.add_subparsers(dest="model", required=True, metavar="MODEL")
    for name, (_, description) in MODELS.items():
        model = models.add_parser(name, help=description, description=description)
        model.add_argument("file", nargs="?", default="-", metavar="FILE|-", help="输入 JSON；- 或省略：标准输入")
    try:
        options = parser.parse_args(args)
    except SystemExit as stop:  # --help, or a usage error argparse has already printed
        return int(stop.code or 0)
    run, _ = MODELS[options.model]
    try:
        result = run(_read_json(options.file))
    except (InputError, ConsequenceInputError) as error:
        _write(sys.stderr, " ".join(str(error).split()) + "\n")
        return EXIT_INVALID_INPUT
    _write(sys.stdout, json.dumps(result, ensure_ascii=False, indent=1) + "\n")
    return EXIT_OK
