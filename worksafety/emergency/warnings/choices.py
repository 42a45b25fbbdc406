"""Choices of a public warning (预警信息) and how each maps onto CAP 1.2.

The Chinese level is the truth that is stored; the colour follows from it by the general rule (Ⅰ 特别严重 = 红,
Ⅱ 严重 = 橙, Ⅲ 较重 = 黄, Ⅳ 一般 = 蓝, 《突发事件应对法》(2007) 第四十二条 and the plans built on it). The
CAP severity is an emitted mapping only: no text was found confirming that GB/T 35965.1-2018 uses the CAP
enumeration rather than colour codes, so the colour is also emitted as its own eventCode (see cap.py).
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.IntegerChoices):
    LEVEL_I = 1, _("Ⅰ级（特别严重，红色）")
    LEVEL_II = 2, _("Ⅱ级（严重，橙色）")
    LEVEL_III = 3, _("Ⅲ级（较重，黄色）")
    LEVEL_IV = 4, _("Ⅳ级（一般，蓝色）")


@dataclass(frozen=True)
class LevelInfo:
    roman: str  # as printed on a warning: Ⅰ … Ⅳ
    ascii: str  # the same for machines: I … IV
    colour: str  # red / orange / yellow / blue, as core.choices.RiskColour and the badge classes
    colour_name: str
    severity: str  # CAP 1.2 severity; Meteoalarm-style mapping, unconfirmed for GB/T 35965.1
    hex: str  # the badge colours of web/app.css, for borders on the public page


LEVELS = {
    Level.LEVEL_I: LevelInfo("Ⅰ", "I", "red", _("红色"), "Extreme", "#d62728"),
    Level.LEVEL_II: LevelInfo("Ⅱ", "II", "orange", _("橙色"), "Severe", "#ff7f0e"),
    Level.LEVEL_III: LevelInfo("Ⅲ", "III", "yellow", _("黄色"), "Moderate", "#f2c200"),
    Level.LEVEL_IV: LevelInfo("Ⅳ", "IV", "blue", _("蓝色"), "Minor", "#1f77b4"),
}


class Category(models.TextChoices):
    """What the warning is about, for a work-safety regulator; each maps to CAP categories in cap.py."""

    HAZCHEM_LEAK = "hazchem_leak", _("危险化学品泄漏")
    FIRE_EXPLOSION = "fire_explosion", _("火灾爆炸")
    TOXIC_GAS = "toxic_gas", _("有毒气体扩散")
    NATURAL_TRIGGERED = "natural_triggered", _("自然灾害引发的生产安全事故")
    OTHER = "other", _("其他生产安全事故")


class MsgType(models.TextChoices):
    """CAP 1.2 msgType (GB/T 35965.1 keeps the same codes): a first warning, a change of one, or its end."""

    ALERT = "Alert", _("首次发布")
    UPDATE = "Update", _("更新")
    CANCEL = "Cancel", _("解除")


class Urgency(models.TextChoices):
    """CAP 1.2 urgency, the values a warning can carry (Past is emitted for a Cancel)."""

    IMMEDIATE = "Immediate", _("立即采取行动")
    EXPECTED = "Expected", _("尽快（1小时内）采取行动")
    FUTURE = "Future", _("近期采取行动")


class Certainty(models.TextChoices):
    OBSERVED = "Observed", _("已发生（已观测到）")
    LIKELY = "Likely", _("很可能发生（>50%）")
    POSSIBLE = "Possible", _("可能发生")


class State(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PENDING = "pending", _("待审核")
    PUBLISHED = "published", _("已发布")
    SUPERSEDED = "superseded", _("已被更新")
    CANCELLED = "cancelled", _("已解除")
    DISCARDED = "discarded", _("已作废")


# States of a message that has gone out: it keeps its identifier and stays fetchable as CAP, so a consumer
# can follow `references` back to it.
ISSUED = (State.PUBLISHED, State.SUPERSEDED, State.CANCELLED)
