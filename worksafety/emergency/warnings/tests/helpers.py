"""Helpers shared by the warning tests (not a test module): a warning's content, and warnings put into any
state."""

from datetime import timedelta

from django.utils import timezone

from worksafety.emergency.warnings import services
from worksafety.emergency.warnings.choices import ISSUED, Category, MsgType, State
from worksafety.emergency.warnings.models import Warning


def content(world, **changes) -> dict:
    now = timezone.now()
    fields = {"level": 3, "category": Category.HAZCHEM_LEAK, "headline": "大孤山化工区液氨储罐泄漏黄色预警",
              "description": "某企业液氨储罐法兰泄漏，下风向可能出现氨气超标。",
              "instruction": "下风向 1 公里内居民关闭门窗，减少外出；周边企业停止动火作业。",
              "area": world.street_a, "onset": now - timedelta(minutes=5),
              "expires": now + timedelta(hours=12)}
    fields.update(changes)
    return fields


def make_warning(world, state=State.DRAFT, *, by=None, msg_type=MsgType.ALERT, references=None,
                 approved_by=None, **changes) -> Warning:
    """A warning entered through the service, then put straight into `state` with the ORM."""
    warning = Warning(msg_type=msg_type, references=references, **content(world, **changes))
    services.do_create_warning(warning, user=by or world.district_user)
    if state != State.DRAFT:
        fields = {"status": state}
        if state in ISSUED:
            fields.update(sent=timezone.now().replace(microsecond=0), approved_by=approved_by or world.admin)
        Warning.objects.filter(pk=warning.pk).update(**fields)
        warning.refresh_from_db()
    return warning


def expire(warning):
    """Move a warning's validity into the past (onset too, so it still ends after it starts)."""
    past = timezone.now() - timedelta(hours=1)
    Warning.objects.filter(pk=warning.pk).update(onset=past - timedelta(hours=2), expires=past)
    warning.refresh_from_db()
    return warning
