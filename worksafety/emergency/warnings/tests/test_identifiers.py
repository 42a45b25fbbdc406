"""预警信息唯一标识 (GB/T 35965.1-2018 附录A A.1.1–A.1.3): the format, the sender code it starts with, the
Beijing entry time it carries, and sequence numbers that stay unique when many warnings are entered in the
same second or two writers race for a number."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from worksafety.core.models import AuditEntry
from worksafety.core.workflow import transition
from worksafety.emergency.warnings import identifiers, services
from worksafety.emergency.warnings.models import Warning
from worksafety.emergency.warnings.tests.helpers import content, make_warning

IDENTIFIER = re.compile(r"^\d{6}\d{3}\d{3}\d{2}_\d{14}_\d$")
INSTANT = datetime(2026, 11, 29, 0, 0, 0, 400000, tzinfo=UTC)  # 08:00:00.4 in Beijing


def test_identifier_is_the_31_character_format_in_beijing_time():
    text = identifiers.identifier("21021300000000", INSTANT, 0)
    assert text == "21021300000000_20261129080000_0"
    assert len(text) == 31 and identifiers.is_valid(text)
    assert identifiers.entered_at(text) == INSTANT.replace(microsecond=0)


@pytest.mark.parametrize("bad", ["2102130000000_20261129080000_0", "21021300000000_20261129080000_10",
                                 "21021300000000-20261129080000-0", "21021300000000_20261331080000_0", ""])
def test_malformed_identifiers_are_not_valid(bad):
    assert not identifiers.is_valid(bad)


def test_sender_code_parts_have_fixed_widths():
    assert identifiers.sender_code("210213") == "21021300000000"
    assert identifiers.sender_code("210213", "123", "001", "01") == "21021312300101"
    for parts in (("21021",), ("210213", "12"), ("210213", "000", "0a0"), ("210213", "000", "000", "000")):
        with pytest.raises(ValueError):
            identifiers.sender_code(*parts)
    with pytest.raises(ValueError):
        identifiers.identifier("21021300000000", INSTANT, 10)
    with pytest.raises(ValueError):
        identifiers.identifier("21021300000000", INSTANT.replace(tzinfo=None), 0)


def test_a_draft_gets_its_identifier_from_the_district_code_and_its_entry_time(world):
    warning = make_warning(world)
    assert IDENTIFIER.match(warning.identifier)
    assert warning.identifier.startswith("210213" + "000" + "000" + "00" + "_")
    assert identifiers.entered_at(warning.identifier) == warning.created
    assert warning.created.microsecond == 0


def test_the_configured_sender_code_is_used(world, settings):
    settings.WORKSAFETY_WARNING_SENDER_CODE = "21021312300000"
    assert make_warning(world).identifier.startswith("21021312300000_")


def test_no_district_means_no_identifier(world):
    from worksafety.core.models import Area

    Area.objects.filter(pk=world.district.pk).update(level="street")
    with pytest.raises(ValidationError):
        make_warning(world)
    assert not Warning.objects.exists()


def test_ten_warnings_in_one_second_are_numbered_0_to_9_then_take_the_next_second(world, monkeypatch):
    monkeypatch.setattr(services.timezone, "now", lambda: INSTANT)
    made = [make_warning(world).identifier for _ in range(12)]
    assert made[:10] == [f"21021300000000_20261129080000_{n}" for n in range(10)]
    assert made[10:] == ["21021300000000_20261129080001_0", "21021300000000_20261129080001_1"]
    assert len(set(Warning.objects.values_list("identifier", flat=True))) == 12


def test_too_many_in_the_same_moment_is_refused_rather_than_mistimed(world, monkeypatch):
    monkeypatch.setattr(services.timezone, "now", lambda: INSTANT)
    monkeypatch.setattr(services, "MAX_SECONDS_AHEAD", 1)
    for _ in range(10):
        make_warning(world)
    with pytest.raises(ValidationError):
        make_warning(world)
    assert Warning.objects.count() == 10


def test_a_lost_race_for_a_number_takes_the_next_one(world, monkeypatch):
    """Another writer took number 0 after our look-up of the taken numbers: the unique constraint refuses our
    insert and we take number 1, with one row, one event and one audit entry for our warning."""
    monkeypatch.setattr(services.timezone, "now", lambda: INSTANT)
    rival = make_warning(world)
    monkeypatch.setattr(services, "_taken", lambda prefix: set())  # the look-up saw nothing yet
    ours = Warning(**content(world))
    services.do_create_warning(ours, user=world.district_user)
    assert rival.identifier.endswith("_0") and ours.identifier == "21021300000000_20261129080000_1"
    assert ours.events.count() == 1
    assert AuditEntry.objects.filter(object_type="emergency.warning", object_id=str(ours.pk)).count() == 1
    assert Warning.objects.count() == 2


def test_identifiers_are_unique_in_the_database(world):
    warning = make_warning(world)
    with pytest.raises(IntegrityError):
        Warning.objects.create(**content(world), identifier=warning.identifier,
                               created_by=world.district_user)


def test_an_identifier_outlives_its_draft_and_is_never_reused(world, monkeypatch):
    monkeypatch.setattr(services.timezone, "now", lambda: INSTANT)
    first = make_warning(world)
    transition(first, "discard", world.district_user)
    monkeypatch.setattr(services.timezone, "now", lambda: INSTANT + timedelta(milliseconds=100))
    assert make_warning(world).identifier.endswith("_1")
