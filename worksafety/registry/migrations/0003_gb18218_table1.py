from django.db import migrations


def load(apps, schema_editor):
    from worksafety.registry.catalogue import sync_table1

    sync_table1(apps.get_model("registry", "Chemical"))


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_chemical_hazardunit_hazardunitsubstance_and_more")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
