"""GB 6441-1986 事故类别: the 20 accident types used to label risk events and accidents."""

import json
from pathlib import Path

TYPES: tuple[str, ...] = tuple(
    json.loads((Path(__file__).parent / "data" / "gb6441_accident_types.json").read_text(encoding="utf-8"))["types"]
)
