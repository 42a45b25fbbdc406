"""Helpers shared by the tip-off tests (not a test module)."""

import io
from datetime import timedelta

from django.utils import timezone
from PIL import Image

from worksafety.core.models import AuditEntry
from worksafety.tipoffs import services
from worksafety.tipoffs.choices import Category, State
from worksafety.tipoffs.models import TipOff

TODAY = timezone.localdate()
ADDRESS = "203.0.113.7"
CONTENT = "大孤山化工区某企业储罐区夜间违规动火作业，无人监护"
CONCLUSION = "经现场核查，该企业确有未办理动火作业票证即动火的情况"
REPLY = "经核查，您反映的问题属实，已责令企业停产整改并立案处罚。"
FORM_URL = "/public/tipoffs/"
CAPTCHA_URL = "/public/tipoffs/captcha.png"

# Where a tip-off may stand: as received (the district's), or assigned to one of `world`'s enterprises.
PLACES = ["unassigned", "ent_park", "ent_street_a", "ent_street_b"]
# Who sees (and may act on) a tip-off in each place. Enterprises and experts never see tip-offs.
VISIBLE = {
    "unassigned": {"admin", "district"},
    "ent_park": {"admin", "district", "street_a", "park"},
    "ent_street_a": {"admin", "district", "street_a"},
    "ent_street_b": {"admin", "district", "street_b", "department"},
}


def submit(**changes) -> TipOff:
    """A tip-off accepted through the service, as the public form or API would."""
    fields = {"category": Category.MAJOR_HAZARD, "content": CONTENT, "address": ADDRESS}
    fields.update(changes)
    return services.do_submit_tipoff(**fields)


def make_tipoff(world, place="unassigned", state=State.RECEIVED, *, content=CONTENT,
                category=Category.MAJOR_HAZARD, **fields) -> TipOff:
    """A tip-off put straight into `state` and `place` with the ORM, carrying what the earlier steps bring."""
    if place != "unassigned":
        enterprise = getattr(world, place)
        fields.update(enterprise=enterprise, area=enterprise.area, sector=enterprise.sector, park=enterprise.park)
    fields.setdefault("area", world.district)
    if state in (State.SUBSTANTIATED, State.UNSUBSTANTIATED, State.CLOSED):
        fields.setdefault("substantiated", state != State.UNSUBSTANTIATED)
        fields.setdefault("conclusion", CONCLUSION)
        fields.setdefault("verified_on", TODAY)
        fields.setdefault("feedback_due_on", TODAY + timedelta(days=10))
    return TipOff.objects.create(
        tracking_code=services.new_tracking_code(), category=category, content=content,
        source_digest="0" * 64, state=state, due_on=fields.pop("due_on", TODAY + timedelta(days=60)), **fields)


def fresh(tipoff) -> TipOff:
    return TipOff.objects.get(pk=tipoff.pk)


def jpeg_bytes(size=(24, 16), colour=(200, 40, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG")
    return buffer.getvalue()


def audits_of(obj, action=None):
    entries = AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
    return entries.filter(action=action) if action else entries
