import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "sectors.json"


def load_sectors(apps, schema_editor):
    Sector = apps.get_model("core", "Sector")
    for order, row in enumerate(json.loads(DATA.read_text(encoding="utf-8"))["sectors"], start=1):
        Sector.objects.update_or_create(code=row["code"], defaults={"name": row["name"], "colour": row["colour"],
                                                                    "order": order})


class Migration(migrations.Migration):
    dependencies = [("core", "0002_initial")]
    operations = [migrations.RunPython(load_sectors, migrations.RunPython.noop)]
