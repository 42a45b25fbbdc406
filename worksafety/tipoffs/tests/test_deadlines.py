"""The time-limit job (`tipoffs.deadlines.watch_time_limits`): the district and whoever a tip-off is assigned to
hear once of a tip-off about to pass its handling limit, one past it, and a result not fed back in time."""

from datetime import timedelta

import pytest

from worksafety.core.models import Notification
from worksafety.tipoffs import deadlines, services
from worksafety.tipoffs.choices import State
from worksafety.tipoffs.tests.helpers import TODAY, make_tipoff


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Run the job as the worker would, with its notifications delivered (as if the transaction committed)."""

    def run_job(today=TODAY):
        with django_capture_on_commit_callbacks(execute=True):
            return deadlines.watch_time_limits(today=today)

    return run_job


def inbox():
    return sorted((n.recipient.username, n.category, n.title, n.key) for n in Notification.objects.all())


def test_a_tipoff_due_within_a_week_warns_the_district_once(world, run):
    tipoff = make_tipoff(world, due_on=TODAY + timedelta(days=7))
    assert run() == 1
    key = f"tipoff:{tipoff.pk}:soon:{tipoff.due_on.isoformat()}"
    assert inbox() == [("district", "tipoff_deadline", "举报即将到办结期限", key)]
    notification = Notification.objects.get()
    assert notification.body == f"举报 {tipoff.tracking_code} 办结期限 {tipoff.due_on.isoformat()}。"
    assert notification.url == f"/tipoffs/{tipoff.pk}/"
    run()
    run(TODAY + timedelta(days=1))
    assert Notification.objects.count() == 1


def test_an_overdue_tipoff_is_reported_once(world, run):
    tipoff = make_tipoff(world, due_on=TODAY - timedelta(days=1))
    run()
    run()
    assert inbox() == [("district", "tipoff_deadline", "举报办理已超期",
                        f"tipoff:{tipoff.pk}:late:{tipoff.due_on.isoformat()}")]


def test_a_warned_tipoff_is_reported_again_when_it_goes_overdue(world, run):
    tipoff = make_tipoff(world, due_on=TODAY + timedelta(days=2))
    run()
    run(TODAY + timedelta(days=3))
    assert [key for *_, key in inbox()] == [f"tipoff:{tipoff.pk}:late:{tipoff.due_on.isoformat()}",
                                            f"tipoff:{tipoff.pk}:soon:{tipoff.due_on.isoformat()}"]


def test_an_extended_tipoff_is_warned_again_for_its_new_limit(world, run):
    tipoff = make_tipoff(world, due_on=TODAY + timedelta(days=3))
    run()
    tipoff = services.do_extend(tipoff, user=world.district_user, days=2, reason="需要检测")
    run()
    assert Notification.objects.filter(key=f"tipoff:{tipoff.pk}:soon:{tipoff.due_on.isoformat()}").count() == 1
    assert Notification.objects.count() == 2


def test_nothing_for_tipoffs_far_from_their_limit_or_closed(world, run):
    make_tipoff(world, due_on=TODAY + timedelta(days=8))
    make_tipoff(world, "unassigned", State.CLOSED, closed_on=TODAY, due_on=TODAY - timedelta(days=3),
                feedback_due_on=TODAY - timedelta(days=3))
    assert run() == 0
    assert not Notification.objects.exists()


@pytest.mark.parametrize("place,recipients", [
    ("unassigned", {"district"}),
    ("ent_park", {"district", "street_a", "park_dagushan"}),
    ("ent_street_a", {"district", "street_a"}),
    ("ent_street_b", {"district", "street_b", "dept_transport"}),
])
def test_the_assigned_handlers_hear_too(world, run, district_user_2, place, recipients):
    make_tipoff(world, place, due_on=TODAY + timedelta(days=1))
    run()
    assert {n.recipient.username for n in Notification.objects.all()} == recipients | {"district2"}
    assert Notification.objects.count() == len(recipients) + 1


def test_inactive_logins_are_not_notified(world, run, district_user_2):
    district_user_2.is_active = False
    district_user_2.save()
    make_tipoff(world, due_on=TODAY)
    run()
    assert {n.recipient.username for n in Notification.objects.all()} == {"district"}


def test_a_result_not_fed_back_in_time_is_reported_once(world, run):
    tipoff = make_tipoff(world, "ent_street_a", State.SUBSTANTIATED, verified_on=TODAY - timedelta(days=12),
                         feedback_due_on=TODAY - timedelta(days=2))
    run()
    run()
    assert inbox() == [(user, "tipoff_feedback", "举报核查结果未按期反馈", f"tipoff:{tipoff.pk}:feedback")
                       for user in ("district", "street_a")]
    body = Notification.objects.filter(category="tipoff_feedback").first().body
    assert body == (f"举报 {tipoff.tracking_code} 已于 {(TODAY - timedelta(days=12)).isoformat()} 得出核查结论，"
                    f"应在 {(TODAY - timedelta(days=2)).isoformat()} 前答复举报人。")


def test_feedback_still_within_its_limit_is_not_reported(world, run):
    make_tipoff(world, "unassigned", State.UNSUBSTANTIATED, feedback_due_on=TODAY)
    assert run() == 0
    assert not Notification.objects.exists()


def test_notifications_wait_for_the_commit(world):
    """Outside a committed transaction nothing reaches the inbox (the job's transaction may still roll back)."""
    make_tipoff(world, due_on=TODAY)
    deadlines.watch_time_limits(today=TODAY)
    assert not Notification.objects.exists()


def test_the_job_is_registered(db):
    from worksafety.core import jobs
    from worksafety.tipoffs import jobs as tipoff_jobs  # noqa: F401  (registers the job)

    job = next(j for j in jobs.JOBS if j.name == "tipoff_time_limits")
    assert job.every == timedelta(hours=1)
