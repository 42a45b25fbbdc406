"""The `worksafety` command. `worksafety run` is the process supervisor (worksafety/supervisor.py, standard
library only); pure calculators (PURE_COMMANDS: `worksafety gb18218 …`, `risk …`, `consequence …`) run next,
without Django. Its own subcommands are Django management commands in worksafety/*/management; any other Django
command passes through (`worksafety migrate`, `worksafety createsuperuser`, …).
Hyphenated names map to the command's module name: `demo-data` runs `demo_data`.

Each step imports what it needs only when it runs: `worksafety run` loads neither the calculators nor Django, and
numpy loads only for `consequence`."""

import os
import sys
from collections.abc import Callable, Sequence


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    if argv[1:2] == ["run"]:  # it only starts and watches the other processes: nothing else is imported
        from worksafety import supervisor

        sys.exit(supervisor.main(argv[2:]))
    code = run_pure_command(argv[1:])
    if code is not None:  # a pure command: no Django settings, no database
        sys.exit(code)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "worksafety.settings")
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    argv[0] = "worksafety"
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


def gb18218(args: Sequence[str]) -> int:
    """`worksafety gb18218 assess [FILE|-]` (worksafety/standards/cli.py)."""
    from worksafety.standards.cli import gb18218_main

    return gb18218_main(args)


def risk(args: Sequence[str]) -> int:
    """`worksafety risk lec L E C` and `worksafety risk ls L S` (worksafety/standards/risk_cli.py)."""
    from worksafety.standards.risk_cli import risk_main

    return risk_main(args)


def consequence(args: Sequence[str]) -> int:
    """`worksafety consequence MODEL [FILE|-]` (worksafety/consequence/cli.py)."""
    from worksafety.consequence.cli import consequence_main

    return consequence_main(args)


# Commands that need no Django settings nor a database (INTERFACES.md, "Command line"). Another pure calculator
# joins by adding its entry point here.
PURE_COMMANDS: dict[str, Callable[[Sequence[str]], int]] = {"gb18218": gb18218, "risk": risk,
                                                           "consequence": consequence}


def run_pure_command(args: Sequence[str]) -> int | None:
    """Run `args` (the words after `worksafety`) when they name a pure command and return its exit code;
    None means the command is not one of these, so it is Django's."""
    if not args or args[0] not in PURE_COMMANDS:
        return None
    return PURE_COMMANDS[args[0]](args[1:])


if __name__ == "__main__":
    main()
