"""Demo public warnings (预警信息), entered and approved through the services as the bureau would: one in force
for each park, one changed by an Update, one ended by a Cancel, and one waiting for approval."""

from datetime import timedelta

from django.utils import timezone

from worksafety.core.models import User
from worksafety.core.workflow import transition
from worksafety.emergency.warnings import services
from worksafety.emergency.warnings.choices import Category, Level, MsgType, Urgency
from worksafety.emergency.warnings.models import Warning
from worksafety.registry.models import Park

WIND = ("{park}大风蓝色预警", Level.LEVEL_IV, Category.NATURAL_TRIGGERED,
        "预计今日午后至夜间{park}及周边出现 6～7 级偏北大风，阵风 8 级，可能导致高处坠落、设备倾覆和泄漏物快速扩散。",
        "园区企业暂停动火、高处和吊装作业，加固储罐区临时设施，检查可燃、有毒气体检测报警系统；"
        "周边居民减少户外活动。")
HEAT = ("{park}高温黄色预警", Level.LEVEL_III, Category.NATURAL_TRIGGERED,
        "预计未来两天{park}最高气温 35 ℃ 以上，液化烃、液氨等储罐超温超压和泄漏风险升高。",
        "储存液化烃、液氨的企业加密巡检，落实喷淋降温，严禁超装；值班人员 24 小时在岗。")
LEAK = ("{park}氨泄漏处置提示", Level.LEVEL_III, Category.TOXIC_GAS,
        "{park}一企业液氨管线法兰泄漏，已关阀堵漏，下风向 1 公里内可能闻到刺激性气味。",
        "下风向单位和居民关闭门窗，暂停户外活动，听从现场指挥；如有不适及时就医。")
FOG = ("全区大雾黄色预警", Level.LEVEL_III, Category.NATURAL_TRIGGERED,
       "预计明晨全区出现能见度低于 200 米的大雾，危险化学品道路运输风险升高。",
       "危险化学品运输企业调整发车时间，途经大雾路段的车辆减速慢行，禁止在园区外停靠。")


def build_warning_demo() -> None:
    drafter = User.objects.get(username="district")
    # Four eyes: the approver is not the drafter (the superuser stands in for the bureau's head on duty).
    approver = User.objects.filter(is_superuser=True).order_by("pk").first()
    now = timezone.now()
    parks = list(Park.objects.select_related("area").order_by("code"))
    for park in parks:
        _publish(_draft(WIND, drafter, park, now - timedelta(hours=2), now + timedelta(hours=20)), drafter, approver)
    heat = _publish(_draft(HEAT, drafter, parks[0], now - timedelta(hours=20), now + timedelta(days=1)),
                    drafter, approver)
    update = services.do_draft_successor(heat, MsgType.UPDATE, user=drafter)
    update.description += "昨日已有两家企业储罐温度超过设计值，已采取降温措施。"
    update.expires = now + timedelta(days=2)
    services.do_update_draft(update, user=drafter)
    _publish(update, drafter, approver)
    leak = _publish(_draft(LEAK, drafter, parks[-1], now - timedelta(hours=6), now + timedelta(hours=18)),
                    drafter, approver)
    _publish(services.do_draft_successor(leak, MsgType.CANCEL, user=drafter), drafter, approver)
    pending = _draft(FOG, drafter, None, now + timedelta(hours=10), now + timedelta(hours=16))
    transition(pending, "submit", drafter)


def _draft(template, drafter, park, onset, expires) -> Warning:
    headline, level, category, description, instruction = template
    name = park.name if park else ""
    warning = Warning(headline=headline.format(park=name), level=level, category=category,
                      description=description.format(park=name), instruction=instruction,
                      area=park.area if park else services.district_root(),
                      area_description=f"{name}及周边 3 公里" if park else "",
                      polygon=park.outline if park else None,
                      onset=onset, expires=expires, urgency=Urgency.EXPECTED)
    return services.do_create_warning(warning, user=drafter)


def _publish(warning: Warning, drafter, approver) -> Warning:
    transition(warning, "submit", drafter)
    return transition(warning, "approve", approver)
