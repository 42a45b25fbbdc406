"""管控措施 classification of a 双重预防 risk event: four categories (classify1) and their sub-classes
(classify2), as 双重预防 data uploads carry them. The table is data, with its source and its limits:
data/control_measures.json.
"""

import json
from pathlib import Path

_DATA = json.loads((Path(__file__).parent / "data" / "control_measures.json").read_text(encoding="utf-8"))

# Category → its sub-classes, in the source's order (the order a form shows them in).
TAXONOMY: dict[str, tuple[str, ...]] = {row["name"]: tuple(row["sub_classes"]) for row in _DATA["categories"]}


def is_valid(category: str, sub_class: str) -> bool:
    """True when `sub_class` is one of `category`'s sub-classes."""
    return sub_class in TAXONOMY.get(category, ())
