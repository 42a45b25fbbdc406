"""Date-times people and clients enter lie in 1970–2100 (issue 14): a year 0001 or 9999 is a 400 (API) or a
form error with the message, nothing saved; a valid moment round-trips with +08:00; a stored value outside the
range is written in UTC, never with the local mean time offset (+08:05:43) zoneinfo gives Shanghai before 1901.
Every serializer and date-time form field of the project takes the bound from core."""

from datetime import UTC, datetime

import pytest
from django import forms
from django.urls import get_resolver
from rest_framework import serializers

from worksafety.core.api.serializers import DateTimeField, ModelSerializer
from worksafety.core.forms import DateTimeField as FormDateTimeField
from worksafety.core.forms import ScopedModelForm
from worksafety.emergency.warnings.models import Warning
from worksafety.emergency.warnings.tests.helpers import make_warning

API = "/api/v1/warnings/"
MESSAGE = "时间超出允许范围（1970–2100年）"
OUT_OF_RANGE = ["0001-01-01T00:00:00+08:00", "0001-01-01T00:00:00", "1969-12-31T23:59:59+08:00",
                "9999-12-31T23:59:00+08:00", "9999-12-31T23:59:00-08:00", "2101-01-01T00:00:00+08:00"]


def body(world, **changes) -> dict:
    data = {"level": "2", "category": "toxic_gas", "headline": "硫化氢扩散橙色预警", "area": world.street_a.code,
            "onset": "2025-06-01T09:30:00+08:00", "expires": "2025-06-01T15:30:00+08:00",
            "urgency": "Immediate", "certainty": "Observed", "description": "某企业脱硫装置泄漏。",
            "instruction": "周边 500 米内人员向上风向撤离。"}
    data.update(changes)
    return data


@pytest.mark.parametrize("moment", OUT_OF_RANGE)
def test_api_post_outside_the_range_is_400_and_saves_nothing(world, api_for, moment):
    response = api_for(world.district_user).post(API, body(world, onset=moment), format="json")

    assert response.status_code == 400, response.content
    assert response.json()["onset"] == [MESSAGE]
    assert not Warning.objects.exists()


@pytest.mark.parametrize("moment", ["0001-01-01T08:05:43+08:05:43", "9999-12-31T23:59:00Z"])
def test_api_patch_outside_the_range_is_400_and_changes_nothing(world, api_for, moment):
    warning = make_warning(world)
    expires = warning.expires

    response = api_for(world.district_user).patch(f"{API}{warning.pk}/", {"expires": moment}, format="json")

    assert response.status_code == 400, response.content
    assert response.json()["expires"] == [MESSAGE]
    warning.refresh_from_db()
    assert warning.expires == expires


def test_a_valid_moment_round_trips_with_the_local_offset(world, api_for):
    api = api_for(world.district_user)

    created = api.post(API, body(world, onset="2025-06-01T01:30:00Z"), format="json")

    assert created.status_code == 201, created.content
    detail = api.get(f"{API}{created.json()['id']}/").json()
    assert detail["onset"] == created.json()["onset"] == "2025-06-01T09:30:00+08:00"
    assert detail["expires"] == "2025-06-01T15:30:00+08:00"


def test_a_stored_moment_outside_the_range_is_written_in_utc(world, api_for):
    """A legacy value (or one from a path without the bound): valid RFC 3339, not +08:05:43, no overflow."""
    warning = make_warning(world)
    Warning.objects.filter(pk=warning.pk).update(onset=datetime(1, 1, 1, tzinfo=UTC),
                                                 expires=datetime(9999, 12, 31, 23, 0, tzinfo=UTC))

    detail = api_for(world.district_user).get(f"{API}{warning.pk}/").json()

    assert (detail["onset"], detail["expires"]) == ("0001-01-01T00:00:00Z", "9999-12-31T23:00:00Z")


def test_a_form_refuses_a_moment_outside_the_range(world, client_for):
    """WarningForm is a ScopedModelForm: its model date-times get the bound from the base."""
    data = {"level": "2", "category": "toxic_gas", "headline": "硫化氢扩散橙色预警", "area": world.street_a.pk,
            "onset": "0001-01-01T00:00", "expires": "9999-12-31T23:59", "urgency": "Immediate",
            "certainty": "Observed", "description": "某企业脱硫装置泄漏。", "instruction": "撤离。"}

    response = client_for(world.district_user).post("/warnings/add/", data)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["onset"] == [MESSAGE] and errors["expires"] == [MESSAGE]
    assert not Warning.objects.exists()


def test_the_form_field_bounds_in_local_time():
    field = FormDateTimeField()
    assert field.clean("1970-01-01T00:00").isoformat() == "1970-01-01T00:00:00+08:00"
    assert field.clean("2100-12-31T23:59").year == 2100
    for value in ("1969-12-31T23:59", "2101-01-01T00:00", "0001-01-01T00:00"):
        with pytest.raises(forms.ValidationError, match=MESSAGE):
            field.clean(value)


def subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from subclasses(sub)


def project_classes(base):
    assert get_resolver().url_patterns  # imports every view, serializer and form the site uses
    return [c for c in set(subclasses(base)) if c.__module__.startswith("worksafety.") and ".tests" not in c.__module__]


def test_every_model_serializer_and_declared_date_time_takes_the_bound_from_core():
    model_serializers = project_classes(serializers.ModelSerializer)
    assert len(model_serializers) > 50
    assert [c.__qualname__ for c in model_serializers if not issubclass(c, ModelSerializer)] == []
    declared = [f"{c.__qualname__}.{name}" for c in project_classes(serializers.BaseSerializer)
                for name, field in c._declared_fields.items()
                if isinstance(field, serializers.DateTimeField) and not isinstance(field, DateTimeField)]
    assert declared == []


def test_every_date_time_form_field_takes_the_bound_from_core():
    unbounded = [f"{c.__qualname__}.{name}" for c in project_classes(forms.BaseForm)
                 if not issubclass(c, ScopedModelForm)
                 for name, field in c.base_fields.items()
                 if isinstance(field, forms.DateTimeField) and not isinstance(field, FormDateTimeField)]
    assert unbounded == []
