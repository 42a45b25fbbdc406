"""Choices of emergency plans (应急预案) and drills (演练), after 《生产安全事故应急预案管理办法》
(应急管理部令第2号, 2019 revision; "管理办法" below).

Government plans are 总体、专项 and 部门应急预案 (as the 突发事件应急预案 system names them); an enterprise's are
综合应急预案、专项应急预案 and 现场处置方案 (管理办法 第六条). 专项 exists on both sides, so it is one value whose
owner says which it is.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from worksafety.emergency.warnings.choices import Category
from worksafety.standards.accident_types import TYPES as ACCIDENT_TYPES


class PlanKind(models.TextChoices):
    OVERALL = "overall", _("总体应急预案")
    SPECIAL = "special", _("专项应急预案")
    DEPARTMENT = "department", _("部门应急预案")
    COMPREHENSIVE = "comprehensive", _("综合应急预案")
    ONSITE = "onsite", _("现场处置方案")


class OwnerLevel(models.TextChoices):
    """Who a plan belongs to: the district (its government and bureau), one department, or one enterprise."""

    DISTRICT = "district", _("区级")
    DEPARTMENT = "department", _("部门")
    ENTERPRISE = "enterprise", _("企业")


KINDS_BY_OWNER = {
    OwnerLevel.DISTRICT: (PlanKind.OVERALL, PlanKind.SPECIAL),
    # A department writes its own 部门应急预案 and drafts the 专项 plans of its field for the district.
    OwnerLevel.DEPARTMENT: (PlanKind.DEPARTMENT, PlanKind.SPECIAL),
    OwnerLevel.ENTERPRISE: (PlanKind.COMPREHENSIVE, PlanKind.SPECIAL, PlanKind.ONSITE),
}
# Plans that cover every kind of event of their owner: they match any incident, however it is typed.
GENERAL_KINDS = (PlanKind.OVERALL, PlanKind.DEPARTMENT, PlanKind.COMPREHENSIVE)


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    FILED = "filed", _("已备案")
    SUPERSEDED = "superseded", _("已被新版本替代")
    RETIRED = "retired", _("已废止")


# A plan in force: published (and maybe filed), neither replaced by a newer version nor retired.
IN_FORCE = (PlanStatus.PUBLISHED, PlanStatus.FILED)


class ResponseLevel(models.IntegerChoices):
    LEVEL_I = 1, _("Ⅰ级响应")
    LEVEL_II = 2, _("Ⅱ级响应")
    LEVEL_III = 3, _("Ⅲ级响应")
    LEVEL_IV = 4, _("Ⅳ级响应")


class LinkKind(models.TextChoices):
    """衔接 between plans (管理办法): within one side, or an enterprise plan to a government one."""

    HIERARCHY = "hierarchy", _("上下级衔接")
    GOVERNMENT_ENTERPRISE = "gov_enterprise", _("政企衔接")


class DrillKind(models.TextChoices):
    TABLETOP = "tabletop", _("桌面演练")
    LIVE = "live", _("实战演练")
    FUNCTIONAL = "functional", _("功能演练")
    FULL_SCALE = "full_scale", _("综合演练")


class DrillRating(models.TextChoices):
    EXCELLENT = "excellent", _("优")
    GOOD = "good", _("良")
    FAIR = "fair", _("中")
    POOR = "poor", _("差")


class ReviewConclusion(models.TextChoices):
    """The conclusion a periodic evaluation must reach (管理办法 第三十五条: 是否需要修订)."""

    VALID = "valid", _("内容适用，无需修订")
    REVISE = "revise", _("需要修订")


# What a plan applies to: the categories public warnings use, and the GB 6441 accident types incidents and risk
# events carry. The codes do not collide (ASCII codes against Chinese names).
EVENT_TYPE_CHOICES = [
    (_("预警类别"), Category.choices),
    (_("GB 6441 事故类别"), [(name, name) for name in ACCIDENT_TYPES]),
]
EVENT_TYPE_LABELS = {**dict(Category.choices), **{name: name for name in ACCIDENT_TYPES}}

# The accident types a warning category covers, as emergency.incidents.services.event_type_of files incidents: a
# plan for the category is a plan for each of them, and the other way round.
CATEGORY_TYPES = {
    Category.FIRE_EXPLOSION: ("火灾", "容器爆炸", "其他爆炸", "锅炉爆炸", "火药爆炸", "瓦斯爆炸"),
    Category.TOXIC_GAS: ("中毒和窒息",),
}
# A leak turns into a toxic cloud, a fire or burns: a plan for one still guides the response to the other.
_LEADS_TO = {Category.HAZCHEM_LEAK: (Category.TOXIC_GAS, Category.FIRE_EXPLOSION, "灼烫")}


def same_event_types(event_type: str) -> set[str]:
    """The event type and what it is under the other vocabulary (its category, or its category's types)."""
    same = {event_type, *CATEGORY_TYPES.get(event_type, ())}
    return same | {category for category, types in CATEGORY_TYPES.items() if event_type in types}


def related_event_types(event_type: str) -> set[str]:
    """Event types one leads to or comes from (`_LEADS_TO`, both ways), each with its `same_event_types`."""
    same = same_event_types(event_type)
    neighbours = {b for a, targets in _LEADS_TO.items() if a in same for b in targets}
    neighbours |= {a for a, targets in _LEADS_TO.items() if same & set(targets)}
    return {code for neighbour in neighbours for code in same_event_types(neighbour)} - same
