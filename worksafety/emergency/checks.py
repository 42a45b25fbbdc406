from django.conf import settings
from django.core import checks

from worksafety.emergency.warnings.cap import CAP_STATUSES
from worksafety.emergency.warnings.identifiers import SENDER_CODE_RE


@checks.register()
def warning_settings_are_valid(app_configs, **kwargs):
    """A wrong code would be stamped into every warning's permanent identifier: refuse to start instead."""
    errors = []
    code = settings.WORKSAFETY_WARNING_SENDER_CODE
    if code and not SENDER_CODE_RE.match(code):
        errors.append(checks.Error(
            "WORKSAFETY_WARNING_SENDER_CODE must be 14 digits (GB/T 35965.1 A.1.2 ZZZZZZDDDUUUXX), "
            f"got {code!r}",
            id="worksafety.E201"))
    if settings.WORKSAFETY_CAP_STATUS not in CAP_STATUSES:
        errors.append(checks.Error(f"WORKSAFETY_CAP_STATUS must be one of {', '.join(CAP_STATUSES)}",
                                   id="worksafety.E202"))
    sender = settings.WORKSAFETY_CAP_SENDER
    if sender and any(ch in sender for ch in " ,<&"):
        errors.append(checks.Error(
            "WORKSAFETY_CAP_SENDER must not contain spaces, commas, < or & (CAP 1.2 §3.2.1)",
            id="worksafety.E203"))
    return errors


@checks.register(deploy=True)
def warning_sender_code_configured(app_configs, **kwargs):
    """Without the setting the identifiers carry the placeholder sector code 000 (the GB/T 4657 code of an
    emergency management bureau is unconfirmed)."""
    if settings.WORKSAFETY_WARNING_SENDER_CODE:
        return []
    return [checks.Warning(
        "WORKSAFETY_WARNING_SENDER_CODE is not set; warning identifiers use the district code with sector, "
        "unit and extension codes 000/000/00.",
        hint="Set the 14-digit 发布单位代码 assigned by the provincial warning release centre.",
        id="worksafety.W201")]
