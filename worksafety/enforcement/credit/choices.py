"""Choices of the credit lists: the lists, a listing's and a repair's states, and the entry criteria.

The entry criteria are paraphrased from the rules that define each list, with the rule cited; the platform's
operator checks the wording against the official text before go-live (docs/design.md).
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class ListKind(models.TextChoices):
    DISHONEST = "dishonest", _("失信惩戒名单")
    SERIOUS = "serious", _("严重失信主体名单")


class ListingStatus(models.TextChoices):
    IN_FORCE = "in_force", _("在列")
    REPAIRED = "repaired", _("信用修复提前移出")
    REVOKED = "revoked", _("撤销")


class RepairStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待审核")
    APPROVED = "approved", _("准予修复")
    REFUSED = "refused", _("不予修复")


DISHONEST_BASIS = _("《对安全生产领域失信行为开展联合惩戒的实施办法》（安监总办〔2017〕49号）")
SERIOUS_BASIS = _("《安全生产严重失信主体名单管理办法》（应急管理部令第11号）")


class Criterion(models.TextChoices):
    """Why an enterprise is listed; `CRITERIA` says on which list and under which rule."""

    D_ACCIDENTS = "d_accidents", _("发生较大及以上生产安全责任事故，或1年内累计发生3起及以上造成人员死亡的一般生产安全责任事故")
    D_UNLICENSED = "d_unlicensed", _("未按规定取得安全生产许可，擅自开展生产经营建设活动")
    D_MAJOR_HAZARD = "d_major_hazard", _("发现重大生产安全事故隐患不及时整改，仍组织从业人员冒险作业")
    D_EVADING = "d_evading", _("采取隐蔽、欺骗或阻碍等方式逃避、对抗安全生产监管监察")
    D_SUSPENSION = "d_suspension", _("被责令停产停业整顿，仍然从事生产经营建设活动")
    D_CONCEALED = "d_concealed", _("瞒报、谎报、迟报生产安全事故")
    D_FACILITIES = "d_facilities", _("高危行业建设项目安全设施未经验收合格即投入生产和使用")
    D_ORDERS = "d_orders", _("暴力抗法，或未按时完成行政执法指令")
    D_OTHER = "d_other", _("法律、行政法规、部门规章规定的其他安全生产失信行为")
    S_MAJOR_ACCIDENT = "s_major_accident", _("发生特别重大、重大生产安全事故，对事故发生负有责任")
    S_REPEATED = "s_repeated", _("12个月内累计发生2起以上较大生产安全事故")
    S_SEVERE = "s_severe", _("发生生产安全事故，情节特别严重、影响特别恶劣，被依法处以较大数额罚款")
    S_CONCEALED = "s_concealed", _("瞒报、谎报生产安全事故")
    S_UNLICENSED = "s_unlicensed", _("未依法取得安全生产相关许可或者许可被暂扣、吊销期间从事相关生产经营活动")
    S_REFUSING = "s_refusing", _("有执行能力拒不执行或者逃避执行安全生产行政处罚")


@dataclass(frozen=True)
class CriterionRule:
    kind: str
    basis: str


CRITERIA = {
    **{c: CriterionRule(ListKind.DISHONEST, DISHONEST_BASIS) for c in Criterion if c.startswith("d_")},
    **{c: CriterionRule(ListKind.SERIOUS, SERIOUS_BASIS) for c in Criterion if c.startswith("s_")},
}
