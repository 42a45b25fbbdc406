"""The nine indicators of 大连金普新区安全生产"十四五"规划 二(三) 主要指标表, with the plan's own wording of each target.

The official formulas of the statistical survey system were not found (reference cn-platform-specs.md §9):
each definition says how it is computed here and that this is to be confirmed, and stays editable. The
definitions are written out here, not imported from the app, so this migration keeps meaning what it meant.
"""

from django.db import migrations

SOURCE = "大连金普新区安全生产“十四五”规划 二(三) 主要指标表 第%s项"
HORIZON = ("规划未设该指标的 2035 年数值。远景目标（规划 二(三)）：到2035年，基本实现安全生产风险防控体系有效运行，"
           "重大安全风险防控能力大幅提升，全区经济社会发展的安全屏障基本形成，安全生产形势实现根本好转。")
UNCONFIRMED = "官方统计调查制度中的计算公式未找到（未核实）：此口径按指标名称和计量单位推定，使用前须经区统计局确认；可在此修改。"
# 工矿商贸: the industry, mining, commerce and trade sectors (building included); road traffic, fire, water
# transport and fishery are counted by indicators of their own.
INDUSTRY_MINING_TRADE = ["hazchem", "mining", "industry_trade", "power", "fireworks", "construction",
                         "special_equipment", "urban_gas", "functional_zone"]

# number, name, measure, sectors, accident types, denominator, multiplier, unit, decimals, target kind, amount,
# plan's wording, note
INDICATORS = [
    (1, "生产安全事故死亡人数", "deaths", [], [], "", 1, "人", 0, "relative", 15, "下降15%",
     "全部生产安全事故的死亡人数（不含失踪），按事故发生时间归入年度。" + UNCONFIRMED),
    (2, "生产安全事故起数", "accidents", [], [], "", 1, "起", 0, "relative", 15, "下降15%",
     "登记的全部生产安全事故起数，按事故发生时间归入年度。是否只计有人员死亡的事故，官方口径未核实。" + UNCONFIRMED),
    (3, "亿元国内生产总值安全事故死亡率", "deaths", [], [], "gdp", 1, "人/亿元", 4, "relative", 33, "下降33%",
     "全部生产安全事故死亡人数 ÷ 地区生产总值（亿元）。" + UNCONFIRMED),
    (4, "工矿商贸就业人员十万人生产安全事故死亡率", "deaths", INDUSTRY_MINING_TRADE, [], "industrial_employees", 100_000,
     "人/十万人", 2, "relative", 20, "下降20%",
     "工矿商贸行业领域（危险化学品、非煤矿山、工贸、电力、烟花爆竹、建筑施工、特种设备使用、城镇燃气、功能区）事故死亡人数 ÷ "
     "工矿商贸就业人员 × 100000；道路交通、火灾、水上交通和渔业另有指标，不计入。" + UNCONFIRMED),
    (5, "营运车辆万车死亡率", "deaths", ["road_transport"], [], "commercial_vehicles", 10_000, "人/万辆", 2,
     "relative", 10, "下降10%",
     "道路运输行业领域事故死亡人数 ÷ 营运车辆数 × 10000。" + UNCONFIRMED),
    (6, "万台特种设备死亡人数", "deaths", ["special_equipment"], [], "special_equipment", 10_000, "人/万台", 2,
     "relative", 20, "下降20%",
     "特种设备使用行业领域事故死亡人数 ÷ 特种设备台数 × 10000；其他行业中的特种设备事故须归入该行业领域才会计入。"
     "来源未找到。" + UNCONFIRMED),
    (7, "火灾十万人口死亡率", "deaths", [], ["火灾"], "population", 100_000, "人/十万人", 2, "relative", 5, "下降5%",
     "事故类别为“火灾”的事故死亡人数 ÷ 常住人口 × 100000。消防部门的火灾统计含非生产经营场所火灾，只有录入本台账的才会计入。"
     + UNCONFIRMED),
    (8, "渔业万吨水产品死亡人数", "deaths_and_missing", ["agri_fishery"], [], "aquatic_output", 1, "人/万吨", 2,
     "absolute", 0.7, "<0.7人",
     "农林渔业行业领域事故死亡和失踪人数 ÷ 水产品产量（万吨）。规划表述为“死亡人数”，全国同类指标为“死亡（失踪）人数”，"
     "此处计入失踪；来源未找到。" + UNCONFIRMED),
    (9, "房屋建筑施工百亿元产值死亡人数", "deaths", ["construction"], [], "construction_output", 100, "人/百亿元", 2,
     "absolute", 1.6, "<1.6人",
     "建筑施工行业领域事故死亡人数 ÷ 房屋建筑施工产值（亿元）× 100（即每百亿元）。来源未找到。" + UNCONFIRMED),
]


def load(apps, schema_editor):
    Indicator = apps.get_model("indicators", "Indicator")
    Sector = apps.get_model("core", "Sector")
    for (number, name, measure, sectors, types, denominator, multiplier, unit, decimals, target_kind, amount,
         wording, note) in INDICATORS:
        indicator = Indicator.objects.create(
            number=number, name=name, measure=measure, accident_types=types, denominator_kind=denominator,
            multiplier=multiplier, unit=unit, decimals=decimals, baseline_year=2020, target_year=2025,
            target_kind=target_kind, target_amount=amount, target_text=wording, nature="binding",
            horizon_2035=HORIZON, formula_note=note, source=SOURCE % number)
        found = list(Sector.objects.filter(code__in=sectors))
        if len(found) != len(sectors):  # a numerator silently missing a sector would undercount
            raise RuntimeError(f"indicator {number}: sectors missing from core 0003_sectors")
        indicator.sectors.set(found)


def unload(apps, schema_editor):
    apps.get_model("indicators", "Indicator").objects.filter(number__in=[row[0] for row in INDICATORS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0001_initial"),
        ("core", "0003_sectors"),
    ]

    operations = [migrations.RunPython(load, unload)]
