"""Sensor writes: saving one (GB/T 50493 defaults for gas detectors), taking it out of or back into service
(authorised, audited), and issuing ingest keys."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from worksafety.core import audit
from worksafety.core.choices import AuditAction
from worksafety.core.scoping import CHANGE, require
from worksafety.core.services import do_save_object
from worksafety.monitoring.models import IngestCredential, Sensor


def do_save_sensor(sensor: Sensor, *, user) -> Sensor:
    sensor.apply_gas_defaults()
    return do_save_object(sensor, user=user)


def do_set_in_service(sensor: Sensor, *, user, in_service: bool, reason: str) -> Sensor:
    """Out of service (停用, e.g. a faulty detector): readings are still stored, no alarm is raised. It needs a
    reason and is in the audit log, as ISA-18.2 requires for removing an alarm from service."""
    require(user, sensor, CHANGE)
    if not reason.strip():
        raise ValidationError({"reason": _("请说明停用或恢复投用的原因。")})
    with transaction.atomic(), audit.acting_as(user):
        Sensor.objects.filter(pk=sensor.pk).update(in_service=in_service)
        audit.record(AuditAction.UPDATE, instance=sensor, before={"in_service": sensor.in_service},
                     after={"in_service": in_service, "reason": reason.strip()[:200]})
    sensor.refresh_from_db()
    return sensor


def do_issue_credential(enterprise, *, user, name: str) -> tuple[IngestCredential, str]:
    """A new ingest key for the enterprise; the key itself is returned once and never stored."""
    credential = IngestCredential(enterprise=enterprise, name=name.strip() or _("数据接入"))
    key = credential.issue_key()
    do_save_object(credential, user=user)
    return credential, key
