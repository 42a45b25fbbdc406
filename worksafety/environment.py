"""The `.env` file, read before anything else: by the settings, and by `worksafety run`'s supervisor, which
reads the environment without loading Django (worksafety/supervisor.py). Standard library only."""

import os
from pathlib import Path


def read_dotenv(path: Path) -> None:
    """KEY=value lines of `path` into os.environ, without overriding the real environment; `#` starts a comment."""
    if not path.is_file():
        return
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            os.environ.setdefault(key.strip(), value.strip().strip('"').strip("'"))
