"""The `worksafety` command. `worksafety run` is the process supervisor (worksafety/supervisor.py, standard
library only); pure calculators (`worksafety gb18218 …`, see worksafety/standards/cli.py) run next, without
Django. Its own subcommands are Django management commands in worksafety/*/management; any other Django
command passes through (`worksafety migrate`, `worksafety createsuperuser`, …).
Hyphenated names map to the command's module name: `demo-data` runs `demo_data`."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    if argv[1:2] == ["run"]:  # it only starts and watches the other processes: nothing else is imported
        from worksafety import supervisor

        sys.exit(supervisor.main(argv[2:]))
    from worksafety.standards.cli import run_pure_command

    code = run_pure_command(argv[1:])
    if code is not None:  # a pure command: no Django settings, no database
        sys.exit(code)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "worksafety.settings")
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    argv[0] = "worksafety"
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
