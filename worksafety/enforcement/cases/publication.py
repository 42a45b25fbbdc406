"""执法公示 of penalty decisions (国办发〔2018〕118号; 《行政处罚法》(2021) 第四十八条) with personal data masked.

A decision is public from the moment it is published on its case page, and at the latest on its `publish_by`
day — WORKSAFETY_PENALTY_PUBLISH_WORKDAYS working days after the decision (standards.workdays) — so a decision
nobody publishes by hand still goes public on time, without a worker job.

What is public is built field by field (`public_record`), never the case as it is: the enterprise's name and
code (a legal person's, not personal data), the cause, facts, basis and penalty, the organ and the dates. A
person is never shown: names become 张**, ID numbers, phone numbers and an individual's address are masked,
in the structured fields and in every free text (facts, measures), for the names, numbers and address the case
knows (the party, the legal representative, the safety manager, the investigators) and by pattern for ID and
phone numbers. A name the case
does not know, typed into the facts, cannot be recognised — the case page previews the public text for the
person who publishes it (docs/design.md).
"""

import re
from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.utils import timezone

from worksafety.enforcement.cases.choices import CaseOutcome, PartyKind
from worksafety.enforcement.cases.models import PenaltyCase
from worksafety.enforcement.cases.services import PUBLISHABLE_STATES
from worksafety.enforcement.cases.workflow import penalty_text
from worksafety.enforcement.inspections.choices import DocumentKind

MASK = "**"
# Resident ID numbers (GB 11643): six digits of area, the birth date, three of sequence and a check character
# (digit or X) — the 15-digit kind has a two-digit year and no check. The date is what tells one apart from an
# 18-character USCC (GB 32100) or another code.
_BIRTH = r"(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
ID_NUMBER = re.compile(rf"(?<![0-9A-Za-z])(\d{{6}}(?:(?:19|20)\d{{2}}{_BIRTH}\d{{3}}[0-9Xx]|\d{{2}}{_BIRTH}\d{{3}}))"
                       r"(?![0-9A-Za-z])")
MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")
LANDLINE = re.compile(r"(?<!\d)(0\d{2,3})-?\d{7,8}(?!\d)")
ADDRESS_KEPT = 6  # of an individual's address only the first characters (province/city/district) stay


def mask_name(name: str) -> str:
    """张三 → 张**, 欧阳娜娜 → 欧**: the surname's first character, and the length hidden too."""
    name = (name or "").strip()
    return name[:1] + MASK if name else ""


def mask_id_number(value: str) -> str:
    value = (value or "").strip()
    return value[:4] + "*" * (len(value) - 6) + value[-2:] if len(value) > 6 else MASK


def mask_address(address: str) -> str:
    address = (address or "").strip()
    return address[:ADDRESS_KEPT] + MASK if address else ""


def mask_text(text: str, *, names=(), addresses=(), numbers=()) -> str:
    """Free text with the given names, addresses and numbers (IDs, phones of any form) masked, and every ID
    and phone number the patterns recognise."""
    text = text or ""
    for number in sorted({n.strip() for n in numbers if n and n.strip()}, key=len, reverse=True):
        text = text.replace(number, MASK * 4)
    for address in sorted({a.strip() for a in addresses if a and a.strip()}, key=len, reverse=True):
        text = text.replace(address, mask_address(address))
    for name in sorted({n.strip() for n in names if n and n.strip()}, key=len, reverse=True):
        text = text.replace(name, mask_name(name))
    text = ID_NUMBER.sub(lambda m: mask_id_number(m.group(1)), text)
    text = MOBILE.sub(r"\1****\2", text)
    return LANDLINE.sub(r"\1-********", text)


def published_cases(today: date | None = None):
    """Decisions that are public today: published, or past their publication day."""
    today = today or timezone.localdate()
    return (PenaltyCase.objects.filter(state__in=PUBLISHABLE_STATES, outcome=CaseOutcome.PENALISED)
            .filter(Q(published_at__isnull=False) | Q(publish_by__lte=today))
            .select_related("enterprise").prefetch_related("investigators", "measures", "documents")
            .order_by("-decided_on", "-id"))


@dataclass(frozen=True)
class PublicDecision:
    pk: int
    decision_number: str
    party: str
    uscc: str
    legal_representative: str
    cause: str
    facts: str
    violated_provisions: str
    penalty_basis: str
    penalty: str
    organ: str
    decided_on: date
    published_on: date


def public_record(case: PenaltyCase) -> PublicDecision:
    enterprise = case.enterprise
    individual = case.party_kind == PartyKind.INDIVIDUAL
    names = [case.party_name, enterprise.legal_representative, enterprise.safety_manager,
             *(i.name for i in case.investigators.all())]
    addresses = [case.party_address] if individual else []
    numbers = [case.party_id_number, case.party_phone, enterprise.safety_phone]

    def masked(text):
        return mask_text(text, names=names, addresses=addresses, numbers=numbers)

    decision = next((d.number for d in case.documents.all() if d.kind == DocumentKind.PENALTY_DECISION), None)
    # Public on the earlier of the day it was published and its publication day.
    published_on = min(day for day in (case.published_at and timezone.localdate(case.published_at), case.publish_by)
                       if day)
    return PublicDecision(
        pk=case.pk, decision_number=decision or case.number,
        # A 个体工商户's name often is its operator's: the enterprise name is masked like any text.
        party=(f"{mask_name(case.party_name)}（{masked(enterprise.name)}）" if individual else masked(enterprise.name)),
        uscc="" if individual else enterprise.uscc,
        legal_representative="" if individual else mask_name(enterprise.legal_representative),
        cause=masked(case.cause), facts=masked(case.facts), violated_provisions=masked(case.violated_provisions),
        penalty_basis=masked(case.penalty_basis), penalty=masked(penalty_text(case)), organ=case.organ,
        decided_on=case.decided_on, published_on=published_on)
