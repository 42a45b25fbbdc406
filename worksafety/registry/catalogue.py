"""The chemicals catalogue's standard part: GB 18218-2018 表1 with the properties the platform knows.

`sync_table1` is idempotent and is run by a data migration; a later migration can run it again when the
data files are corrected, without touching the substances enterprises added themselves.
"""

import json
from pathlib import Path

from worksafety.standards import gb18218

DATA = Path(__file__).resolve().parent / "data"
TABLE1_SOURCE = "GB 18218-2018 表1 序号 %d"


def _by_cas(filename: str, key: str) -> dict:
    return json.loads((DATA / filename).read_text(encoding="utf-8"))[key]


def sync_table1(Chemical) -> None:
    """Create or update one catalogue row per 表1 row; `Chemical` may be the historical model of a migration."""
    properties = {}
    for item in _by_cas("chemical_properties.json", "substances"):
        properties[item["cas"]] = item
    key_supervised = _by_cas("key_supervised.json", "cas")
    for row in gb18218.table1():
        known = next((properties[c] for c in row["cas"] if c in properties), {})
        aegl = known.get("aegl", [None, None, None])
        Chemical.objects.update_or_create(
            gb18218_row=row["row"],
            defaults={
                "name": row["name"],
                "cas": ";".join(row["cas"]),
                "critical_quantity_t": row["Q_t"],
                "categories": [row["category"]] if row["category"] else [],
                "key_supervised": any(c in key_supervised for c in row["cas"]),
                "molecular_weight": known.get("mw"),
                "lel_pct": known.get("lel"),
                "uel_pct": known.get("uel"),
                "aegl1_ppm": aegl[0],
                "aegl2_ppm": aegl[1],
                "aegl3_ppm": aegl[2],
                "idlh_ppm": known.get("idlh"),
                "source": TABLE1_SOURCE % row["row"] + (f"；毒性/燃爆数据 {known['flags']}" if known else ""),
            },
        )
