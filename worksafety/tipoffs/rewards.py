"""Reward amounts of 《安全生产领域举报奖励办法》 (安监总财〔2018〕19号), as pure functions of the district's
policy (`TipOffPolicy`), so the proposal shows its working and a person approves it.

- 重大事故隐患 and 非法违法生产经营建设: the rate (15 %) of the administrative fine, at least the minimum
  (3 000 元) and at most the maximum (300 000 元). A substantiated report without a fine gets the minimum
  (the rule's floor applies to every substantiated report of these kinds).
- 瞒报、谎报事故: a fixed amount per concealed death by the accident's grade (3/4/5/6 万元), at most the cap
  (30 万元).
- Other violations: the 2018 amounts are not confirmed in the reference (a secondary summary says "at least
  200 元"), so no amount is computed; the handler decides outside the platform.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from worksafety.tipoffs.choices import AccidentGrade, Category

FINE_BASED = frozenset({Category.MAJOR_HAZARD, Category.ILLEGAL_OPERATION})


class RewardNotApplicable(ValueError):
    """The rules give no amount for this case; the message says why."""


@dataclass(frozen=True)
class Reward:
    amount: Decimal
    computation: str


def _yuan(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def fine_based(fine_yuan, *, rate_percent, minimum, maximum) -> Reward:
    fine = _yuan(fine_yuan or 0)
    if fine < 0:
        raise RewardNotApplicable(_("罚款金额不能为负数。"))
    raw = _yuan(fine * Decimal(rate_percent) / 100)
    amount = min(max(raw, _yuan(minimum)), _yuan(maximum))
    steps = [_("罚款 %(fine)s 元 × %(rate)s%% = %(raw)s 元") % {"fine": fine, "rate": rate_percent, "raw": raw}]
    if amount != raw:
        bound = _("下限") if raw < amount else _("上限")
        steps.append(_("按%(bound)s取 %(amount)s 元") % {"bound": bound, "amount": amount})
    return Reward(amount, "；".join(steps))


def concealed_accident(deaths: int, grade: str, *, per_death, cap) -> Reward:
    if not deaths or deaths < 1:
        raise RewardNotApplicable(_("瞒报事故奖励须填写查实的瞒报死亡人数。"))
    raw = _yuan(per_death) * deaths
    amount = min(raw, _yuan(cap))
    steps = [_("%(grade)s每瞒报 1 人 %(per)s 元 × %(n)d 人 = %(raw)s 元")
             % {"grade": AccidentGrade(grade).label, "per": _yuan(per_death), "n": deaths, "raw": raw}]
    if amount != raw:
        steps.append(_("按上限取 %(amount)s 元") % {"amount": amount})
    return Reward(amount, "；".join(steps))


def compute(policy, category: str, *, fine_yuan=None, accident_grade: str = "", concealed_deaths=None) -> Reward:
    """The reward the rules give for a substantiated tip-off of this category."""
    if category in FINE_BASED:
        return fine_based(fine_yuan, rate_percent=policy.reward_rate_percent, minimum=policy.reward_min_yuan,
                          maximum=policy.reward_max_yuan)
    if category == Category.CONCEALED_ACCIDENT:
        if accident_grade not in AccidentGrade.values:
            raise RewardNotApplicable(_("瞒报事故奖励须选择事故等级。"))
        return concealed_accident(concealed_deaths, accident_grade, per_death=policy.death_reward(accident_grade),
                                  cap=policy.death_reward_cap)
    raise RewardNotApplicable(_("该类举报的奖励标准未在规则中确认，请按规定另行研究决定。"))
