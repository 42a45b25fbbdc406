"""The approval of a warning (`warnings.workflow` + `core.workflow.transition`): every step is taken
exactly by the roles its row names, the approver is never the drafter, two people acting at once cannot both
succeed, and an Update or Cancel moves the warning it references; anything refused changes and records
nothing."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from conftest import ROLES, user_of
from worksafety.core.models import AuditEntry
from worksafety.core.scoping import OutOfScope
from worksafety.core.workflow import transition
from worksafety.emergency.warnings import services, workflow
from worksafety.emergency.warnings.choices import MsgType, State
from worksafety.emergency.warnings.models import Warning, WarningEvent
from worksafety.emergency.warnings.tests.helpers import content, expire, make_warning

BUREAU = {"admin", "district", "approver"}
# Who may take each step on a warning drafted by `world.district_user` (`approver` is a second district
# login); the approver must be someone else, so the drafter's own login is not among those who may approve.
EXPECTED = {
    ("submit", State.DRAFT): BUREAU,
    ("return", State.PENDING): BUREAU,
    ("approve", State.PENDING): {"admin", "approver"},
    ("discard", State.DRAFT): BUREAU,
}
MATRIX_ROLES = ROLES + ["approver"]


def persona(world, role):
    return world.approver if role == "approver" else user_of(world, role)


def audits(warning):
    return AuditEntry.objects.filter(object_type="emergency.warning", object_id=str(warning.pk))


@pytest.mark.parametrize("action,state", list(EXPECTED))
@pytest.mark.parametrize("role", MATRIX_ROLES)
def test_each_step_is_taken_only_by_the_roles_it_names(world, approver, action, state, role):
    warning = make_warning(world, state)
    user = persona(world, role)
    audits_before = audits(warning).count()
    comment = "影响范围描述不准确" if action == "return" else ""
    if role in EXPECTED[(action, state)]:
        target = workflow.WARNINGS.find(warning, action).target
        transition(warning, action, user, comment=comment)
        assert Warning.objects.get(pk=warning.pk).status == target
        event = warning.events.get(action=action)
        assert event.actor == user and event.from_state == state and event.to_state == target
        assert audits(warning).count() == audits_before + 1
    else:
        with pytest.raises((OutOfScope, ValidationError)):
            transition(warning, action, user, comment=comment)
        assert Warning.objects.get(pk=warning.pk).status == state
        assert not warning.events.filter(action=action).exists()
        assert audits(warning).count() == audits_before


@pytest.mark.parametrize("action", ["submit", "return", "approve", "discard"])
@pytest.mark.parametrize("state", [State.PUBLISHED, State.SUPERSEDED, State.CANCELLED, State.DISCARDED])
def test_no_step_applies_to_a_warning_that_went_out_or_was_discarded(world, approver, action, state):
    warning = make_warning(world, state)
    with pytest.raises(ValidationError):
        transition(warning, action, world.admin, comment="x")
    assert Warning.objects.get(pk=warning.pk).status == state


def test_the_drafter_never_approves_their_own_warning_not_even_the_superuser(world, approver):
    mine = make_warning(world, State.PENDING)
    with pytest.raises(ValidationError, match="起草人以外"):
        transition(mine, "approve", world.district_user)
    admins = make_warning(world, State.PENDING, by=world.admin)
    with pytest.raises(ValidationError, match="起草人以外"):
        transition(admins, "approve", world.admin)
    transition(admins, "approve", world.district_user)
    admins.refresh_from_db()
    assert admins.status == State.PUBLISHED and admins.approved_by == world.district_user
    assert admins.approved_by != admins.created_by
    assert workflow.WARNINGS.available(mine, world.district_user) == [workflow.WARNINGS.find(mine, "return")]


def test_approving_publishes_with_the_sent_time_and_the_approver(world, approver):
    warning = make_warning(world, State.PENDING)
    transition(warning, "approve", approver)
    assert warning.status == State.PUBLISHED and warning.approved_by == approver
    assert warning.sent is not None and warning.sent.microsecond == 0
    assert abs(warning.sent - timezone.now()) < timedelta(seconds=5)
    assert warning.is_current


def test_returning_needs_a_reason(world, approver):
    warning = make_warning(world, State.PENDING)
    with pytest.raises(ValidationError) as error:
        transition(warning, "return", approver, comment="  ")
    assert "comment" in error.value.message_dict
    transition(warning, "return", approver, comment="请补充疏散范围")
    assert warning.status == State.DRAFT and warning.events.get(action="return").comment == "请补充疏散范围"


def test_a_warning_already_past_its_end_is_neither_submitted_nor_published(world, approver):
    draft, pending = expire(make_warning(world)), expire(make_warning(world, State.PENDING))
    with pytest.raises(ValidationError) as error:
        transition(draft, "submit", world.district_user)
    assert "expires" in error.value.message_dict
    with pytest.raises(ValidationError):
        transition(pending, "approve", approver)
    assert Warning.objects.get(pk=pending.pk).status == State.PENDING


# --- expires after onset ---------------------------------------------------------------------------------

@pytest.mark.parametrize("hours", [0, -1])
def test_expires_not_after_onset_is_refused_everywhere(world, hours):
    onset = timezone.now() + timedelta(hours=1)
    warning = Warning(**content(world, onset=onset, expires=onset + timedelta(hours=hours)))
    with pytest.raises(ValidationError) as error:
        services.do_create_warning(warning, user=world.district_user)
    assert "expires" in error.value.message_dict
    assert not Warning.objects.exists()
    draft = make_warning(world)
    draft.expires = draft.onset + timedelta(hours=hours)
    with pytest.raises(ValidationError):
        services.do_update_draft(draft, user=world.district_user)
    # The database refuses it too, whatever writes the row.
    with pytest.raises(IntegrityError), transaction.atomic():
        Warning.objects.filter(pk=draft.pk).update(expires=onset + timedelta(hours=hours), onset=onset)


# --- editing -----------------------------------------------------------------------------------------------

def test_only_a_draft_is_edited_and_only_by_the_district(world, approver):
    draft = make_warning(world)
    draft.headline = "更正后的标题"
    services.do_update_draft(draft, user=approver)
    assert Warning.objects.get(pk=draft.pk).headline == "更正后的标题"
    update = audits(draft).filter(action="update").get()
    assert update.after == {"headline": "更正后的标题"} and update.actor == approver
    for state in (State.PENDING, State.PUBLISHED):
        warning = make_warning(world, state)
        warning.headline = "改不了"
        with pytest.raises(ValidationError):
            services.do_update_draft(warning, user=world.district_user)
        assert Warning.objects.get(pk=warning.pk).headline != "改不了"
    draft.headline = "街道改不了"
    with pytest.raises(OutOfScope):
        services.do_update_draft(draft, user=world.street_a_user)


def test_a_stale_copy_edited_after_submission_is_refused(world):
    draft = make_warning(world)
    stale = Warning.objects.get(pk=draft.pk)
    transition(draft, "submit", world.district_user)
    stale.headline = "提交后再改"
    with pytest.raises(ValidationError):
        services.do_update_draft(stale, user=world.district_user)
    assert Warning.objects.get(pk=draft.pk).status == State.PENDING


def test_only_the_district_enters_warnings(world):
    for role in ("department", "street_a", "park", "enterprise", "expert"):
        with pytest.raises(OutOfScope):
            services.do_create_warning(Warning(**content(world)), user=user_of(world, role))
    assert not Warning.objects.exists()


# --- two people at once ------------------------------------------------------------------------------------

def test_of_two_concurrent_approvals_one_wins(world, approver):
    warning = make_warning(world, State.PENDING)
    first, second = Warning.objects.get(pk=warning.pk), Warning.objects.get(pk=warning.pk)
    transition(first, "approve", approver)
    audits_after_first = audits(warning).count()
    with pytest.raises(ValidationError, match="已被他人处理"):
        transition(second, "approve", world.admin)
    warning.refresh_from_db()
    assert warning.approved_by == approver
    assert list(warning.events.filter(action="approve").values_list("actor", flat=True)) == [approver.pk]
    assert audits(warning).count() == audits_after_first


def test_a_stale_approval_after_a_return_does_not_publish(world, approver):
    warning = make_warning(world, State.PENDING)
    returning, approving = Warning.objects.get(pk=warning.pk), Warning.objects.get(pk=warning.pk)
    transition(returning, "return", world.admin, comment="措施不具体")
    with pytest.raises(ValidationError):
        transition(approving, "approve", approver)
    assert Warning.objects.get(pk=warning.pk).status == State.DRAFT


# --- updates and cancellations -----------------------------------------------------------------------------

def publish(world, approver, warning):
    transition(warning, "submit", warning.created_by)
    other = approver if warning.created_by != approver else world.admin
    transition(warning, "approve", other)
    return warning


@pytest.mark.parametrize("msg_type,ended", [(MsgType.UPDATE, State.SUPERSEDED),
                                            (MsgType.CANCEL, State.CANCELLED)])
def test_an_approved_update_or_cancel_ends_the_warning_it_references(world, approver, msg_type, ended):
    original = make_warning(world, State.PUBLISHED)
    draft = services.do_draft_successor(original, msg_type, user=world.district_user)
    assert draft.status == State.DRAFT and draft.msg_type == msg_type and draft.references == original
    assert draft.identifier != original.identifier and draft.area == original.area
    assert Warning.objects.get(pk=original.pk).status == State.PUBLISHED  # a draft changes nothing yet
    publish(world, approver, draft)
    original.refresh_from_db()
    assert original.status == ended and draft.status == State.PUBLISHED
    assert original.events.get(to_state=ended).comment == draft.identifier
    assert audits(original).filter(action="update").last().after == {"status": ended, "by": draft.identifier}


def test_of_two_updates_of_one_warning_only_the_first_approved_goes_out(world, approver):
    original = make_warning(world, State.PUBLISHED)
    first = services.do_draft_successor(original, MsgType.UPDATE, user=world.district_user)
    second = services.do_draft_successor(original, MsgType.CANCEL, user=world.district_user)
    for draft in (first, second):
        transition(draft, "submit", world.district_user)
    transition(first, "approve", approver)
    events_before = WarningEvent.objects.count()
    with pytest.raises(ValidationError, match="已被更新或解除"):
        transition(second, "approve", world.admin)
    assert Warning.objects.get(pk=second.pk).status == State.PENDING  # the whole approval was undone
    assert Warning.objects.get(pk=original.pk).status == State.SUPERSEDED
    assert WarningEvent.objects.count() == events_before


def test_successors_are_drafted_only_from_a_published_alert_or_update(world, approver):
    for state in (State.DRAFT, State.PENDING, State.SUPERSEDED, State.CANCELLED):
        with pytest.raises(ValidationError):
            services.do_draft_successor(make_warning(world, state), MsgType.UPDATE, user=world.district_user)
    original = make_warning(world, State.PUBLISHED)
    cancel = publish(world, approver, services.do_draft_successor(original, MsgType.CANCEL, user=approver))
    with pytest.raises(ValidationError):
        services.do_draft_successor(cancel, MsgType.UPDATE, user=world.district_user)
    with pytest.raises(ValidationError):
        services.do_draft_successor(make_warning(world, State.PUBLISHED), MsgType.ALERT,
                                    user=world.district_user)
    with pytest.raises(OutOfScope):
        services.do_draft_successor(make_warning(world, State.PUBLISHED), MsgType.UPDATE,
                                    user=world.street_a_user)


def test_the_cancel_draft_is_prefilled_and_keeps_the_validity(world):
    original = make_warning(world, State.PUBLISHED)
    cancel = services.do_draft_successor(original, MsgType.CANCEL, user=world.district_user)
    assert cancel.headline.startswith("解除") and original.headline in cancel.headline
    assert (cancel.onset, cancel.expires, cancel.level) == (original.onset, original.expires, original.level)


def test_a_published_cancel_may_go_out_even_after_the_end_of_its_validity(world, approver):
    original = make_warning(world, State.PUBLISHED)
    cancel = services.do_draft_successor(original, MsgType.CANCEL, user=world.district_user)
    transition(cancel, "submit", world.district_user)
    expire(cancel)
    transition(cancel, "approve", approver)
    assert Warning.objects.get(pk=original.pk).status == State.CANCELLED


def test_drafts_stay_inside_the_bureau(world, approver):
    draft, pending, published = (make_warning(world), make_warning(world, State.PENDING),
                                  make_warning(world, State.PUBLISHED))
    for user in (world.district_user, world.admin, approver):
        assert set(Warning.objects.restrict(user)) == {draft, pending, published}
    for role in ("department", "street_a", "street_b", "park", "enterprise", "expert"):
        assert list(Warning.objects.restrict(user_of(world, role))) == [published], role
