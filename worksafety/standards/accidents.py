"""生产安全事故等级 by 《生产安全事故报告和调查处理条例》(国务院令第493号) 第三条, and the reporting chain of its
第九条 to 第十一条 (pure Python, no Django).

第三条: an accident is graded by the worst of three measures — deaths, serious injuries (including acute
industrial poisoning) and direct economic loss:
  特别重大  ≥ 30 deaths, or ≥ 100 serious injuries, or ≥ 1 亿元;
  重大      10–29 deaths, or 50–99 serious injuries, or 5 000 万–1 亿元;
  较大      3–9 deaths, or 10–49 serious injuries, or 1 000 万–5 000 万元;
  一般      below all of those.
"以上包括本数，所称的以下不包括本数" (same article): each threshold belongs to the higher grade.
"""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

GRADES = ("特别重大", "重大", "较大", "一般")  # worst first

# (grade, deaths, serious injuries, direct loss in 元): reaching any one of the three gives the grade.
THRESHOLDS = (
    ("特别重大", 30, 100, 100_000_000),
    ("重大", 10, 50, 50_000_000),
    ("较大", 3, 10, 10_000_000),
)


def grade(deaths: int, serious_injuries: int, direct_loss_yuan: float) -> str:
    """The accident grade (第三条); negative or non-finite figures are refused."""
    for name, value in (("deaths", deaths), ("serious_injuries", serious_injuries),
                        ("direct_loss_yuan", direct_loss_yuan)):
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
            raise ValueError(f"{name} must be a finite number ≥ 0, got {value!r}")
    for name, min_deaths, min_injuries, min_loss in THRESHOLDS:
        if deaths >= min_deaths or serious_injuries >= min_injuries or direct_loss_yuan >= min_loss:
            return name
    return "一般"


# 第十条: how far up the report goes, by grade. 第九条: the unit reports to the county-level bureau within one
# hour; 第十一条: each further level within two hours.
@dataclass(frozen=True)
class Authority:
    code: str
    name: str


CHAIN = (Authority("county", "县级应急管理部门"), Authority("city", "设区的市级应急管理部门"),
         Authority("province", "省级应急管理部门"), Authority("state", "国务院应急管理部门"))
HIGHEST = {"一般": "city", "较大": "province", "重大": "state", "特别重大": "state"}
FIRST_REPORT = timedelta(hours=1)
EACH_LEVEL_UP = timedelta(hours=2)


def reporting_chain(grade_name: str) -> tuple[Authority, ...]:
    """The authorities an accident of this grade is reported to, bottom up (第十条)."""
    highest = HIGHEST[grade_name]
    codes = [authority.code for authority in CHAIN]
    return CHAIN[:codes.index(highest) + 1]


def report_deadlines(grade_name: str, occurred: datetime, reported: dict[str, datetime] | None = None
                     ) -> list[tuple[Authority, datetime]]:
    """When each report is due: the county an hour after the accident (第九条), each level up two hours after
    the level below reported — or was due to, if it has not yet (第十一条)."""
    reported = reported or {}
    deadlines, base = [], occurred
    for index, authority in enumerate(reporting_chain(grade_name)):
        due = base + (FIRST_REPORT if index == 0 else EACH_LEVEL_UP)
        deadlines.append((authority, due))
        base = reported.get(authority.code) or due
    return deadlines
