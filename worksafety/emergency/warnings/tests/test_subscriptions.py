"""Subscriptions: on publication of a warning, update or cancel, every active subscriber whose levels include
its level and whose areas overlap its area is told once, in the inbox, when the approval commits."""

import pytest
from django.core.exceptions import ValidationError

from worksafety.core.models import Notification
from worksafety.core.workflow import transition
from worksafety.emergency.warnings import services, workflow
from worksafety.emergency.warnings.choices import MsgType, State
from worksafety.emergency.warnings.models import WarningSubscription
from worksafety.emergency.warnings.tests.helpers import make_warning

PAGE = "/warnings/subscription/"


@pytest.fixture
def subscribers(world, approver):
    services.do_save_subscription(world.enterprise_user, levels=[1, 2, 3, 4])  # whole district
    services.do_save_subscription(world.street_a_user, levels=[1, 2, 3], areas=[world.street_a])
    services.do_save_subscription(world.street_b_user, levels=[1, 2, 3, 4], areas=[world.street_b])
    services.do_save_subscription(world.department_user, levels=[1, 2])  # serious ones only
    services.do_save_subscription(world.park_user, levels=[1, 2, 3, 4], active=False)
    services.do_save_subscription(world.expert_user, levels=[3], areas=[world.community_a])  # inside street_a


def approve(world, warning, captured):
    with captured(execute=True):
        transition(warning, "approve", world.approver)


def inbox(warning):
    return set(Notification.objects.filter(key=f"warning-{warning.pk}").values_list("recipient__username",
                                                                                      flat=True))


def test_matching_subscribers_are_notified_once(world, subscribers, django_capture_on_commit_callbacks):
    warning = make_warning(world, State.PENDING, level=3)  # in street_a
    approve(world, warning, django_capture_on_commit_callbacks)
    assert inbox(warning) == {"ent_park", "street_a", "expert1"}
    note = Notification.objects.filter(key=f"warning-{warning.pk}").first()
    assert note.title == f"Ⅲ级黄色预警：{warning.headline}" and note.category == "warning"
    assert note.url == f"/warnings/{warning.pk}/" and warning.instruction in note.body
    # Delivering again (a retried job, a second commit hook) tells nobody twice.
    with django_capture_on_commit_callbacks(execute=True):
        workflow.notify_subscribers(warning)
    assert Notification.objects.filter(key=f"warning-{warning.pk}").count() == 3


def test_a_district_wide_warning_reaches_every_area_subscriber(world, subscribers,
                                                               django_capture_on_commit_callbacks):
    warning = make_warning(world, State.PENDING, level=2, area=world.district)
    approve(world, warning, django_capture_on_commit_callbacks)
    assert inbox(warning) == {"ent_park", "street_a", "street_b", "dept_transport"}


def test_nothing_is_sent_before_publication_or_when_the_approval_fails(world, subscribers,
                                                                       django_capture_on_commit_callbacks):
    warning = make_warning(world, level=1)
    with django_capture_on_commit_callbacks(execute=True):
        transition(warning, "submit", world.district_user)
    assert not Notification.objects.exists()
    original = make_warning(world, State.PUBLISHED, level=1)
    first = services.do_draft_successor(original, MsgType.UPDATE, user=world.district_user)
    second = services.do_draft_successor(original, MsgType.UPDATE, user=world.district_user)
    for draft in (first, second):
        transition(draft, "submit", world.district_user)
    approve(world, first, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError), django_capture_on_commit_callbacks(execute=True):
        transition(second, "approve", world.approver)
    assert not inbox(second) and inbox(first)


def test_updates_and_cancels_are_announced_as_such(world, subscribers, django_capture_on_commit_callbacks):
    original = make_warning(world, State.PUBLISHED, level=3)
    update = services.do_draft_successor(original, MsgType.UPDATE, user=world.district_user)
    transition(update, "submit", world.district_user)
    approve(world, update, django_capture_on_commit_callbacks)
    cancel = services.do_draft_successor(update, MsgType.CANCEL, user=world.district_user)
    transition(cancel, "submit", world.district_user)
    approve(world, cancel, django_capture_on_commit_callbacks)
    titles = list(Notification.objects.filter(recipient=world.enterprise_user)
                  .values_list("title", flat=True))
    assert any(t.startswith("【更新】Ⅲ级黄色预警") for t in titles)
    assert any(t.startswith("【解除】Ⅲ级黄色预警") for t in titles)


def test_inactive_logins_are_not_notified(world, subscribers, django_capture_on_commit_callbacks):
    world.enterprise_user.is_active = False
    world.enterprise_user.save()
    warning = make_warning(world, State.PENDING, level=3)
    approve(world, warning, django_capture_on_commit_callbacks)
    assert "ent_park" not in inbox(warning)


def test_a_subscription_needs_a_level(world):
    with pytest.raises(ValidationError):
        services.do_save_subscription(world.enterprise_user, levels=[])
    with pytest.raises(ValidationError):
        services.do_save_subscription(world.enterprise_user, levels=[5])
    assert not WarningSubscription.objects.exists()


def test_every_login_manages_its_own_subscription_on_its_page(world, client_for):
    client = client_for(world.enterprise_user)
    response = client.get(PAGE)
    assert response.status_code == 200
    response = client.post(PAGE, {"levels": ["1", "2"], "areas": [world.street_a.pk], "active": "on"})
    assert response.status_code == 302
    subscription = WarningSubscription.objects.get(user=world.enterprise_user)
    assert subscription.levels == [1, 2] and list(subscription.areas.all()) == [world.street_a]
    assert subscription.active
    response = client.post(PAGE, {"levels": ["4"]})  # changed, not duplicated; unticked = inactive
    assert WarningSubscription.objects.get(user=world.enterprise_user).levels == [4]
    assert not WarningSubscription.objects.get(user=world.enterprise_user).active
    assert WarningSubscription.objects.count() == 1
    response = client.post(PAGE, {"levels": []})
    assert response.status_code == 200 and response.context["form"].errors
    assert client_for(world.street_b_user).get(PAGE).context["subscription"] is None


def test_the_subscription_page_needs_a_login(world, client):
    assert client.get(PAGE).status_code == 302
