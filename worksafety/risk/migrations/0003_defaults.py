"""Default colour band tables (standards/data/risk_methods.json) and supervision frequencies.

Frequencies per colour as the platform's default: 红 quarterly, 橙 twice a year, 黄 yearly, 蓝 only through
random draws (双随机). Districts change them on the page.
"""

from django.db import migrations

DEFAULT_FREQUENCIES = {"red": 4, "orange": 2, "yellow": 1, "blue": 0}


def load(apps, schema_editor):
    from worksafety.standards import risk

    RiskBand = apps.get_model("risk", "RiskBand")
    for method, table in (("lec", risk.DEFAULT_LEC_BANDS), ("ls", risk.DEFAULT_LS_BANDS)):
        for band in table.bands:
            RiskBand.objects.create(
                method=method, lower=band.lower, lower_inclusive=band.lower_inclusive,
                upper=None if band.upper == risk.INFINITY else band.upper, upper_inclusive=band.upper_inclusive,
                colour=band.outcome.value,
            )
    SupervisionRule = apps.get_model("risk", "SupervisionRule")
    for colour, per_year in DEFAULT_FREQUENCIES.items():
        SupervisionRule.objects.create(colour=colour, sector=None, inspections_per_year=per_year)


class Migration(migrations.Migration):
    dependencies = [("risk", "0002_controlmeasure_riskband_riskevent_checktask_and_more")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
