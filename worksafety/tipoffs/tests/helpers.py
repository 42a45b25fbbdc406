"""Helpers shared by the tip-off tests (not a test module)."""

import io

from django.utils import timezone
from PIL import Image

from worksafety.core.models import AuditEntry
from worksafety.tipoffs import services
from worksafety.tipoffs.choices import Category, State
from worksafety.tipoffs.models import TipOff
from worksafety.tipoffs.tests.factories import CONCLUSION as CONCLUSION  # re-exported for the tests
from worksafety.tipoffs.tests.factories import CONTENT, TipOffFactory

TODAY = timezone.localdate()
ADDRESS = "203.0.113.7"
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


def make_tipoff(world, place="unassigned", state=State.RECEIVED, **fields) -> TipOff:
    """A tip-off put straight into `state` and `place` with the ORM (the district's while unassigned)."""
    if place == "unassigned":
        fields.setdefault("area", world.district)
    else:
        fields["enterprise"] = getattr(world, place)
    return TipOffFactory(state=state, **fields)


def fresh(tipoff) -> TipOff:
    return TipOff.objects.get(pk=tipoff.pk)


def jpeg_bytes(size=(24, 16), colour=(200, 40, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG")
    return buffer.getvalue()


def audits_of(obj, action=None):
    entries = AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
    return entries.filter(action=action) if action else entries
