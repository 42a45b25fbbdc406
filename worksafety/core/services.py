"""Writes of registry-style objects (ARCHITECTURE.md rule 2).

Every create, update and delete of a scoped object goes through these functions: validate the whole object,
check the user may act on it both before and after the change (so nobody can move an object out of their own
scope, or create one outside it), and save inside one transaction. The audit entry is written by the signal
handlers in `core.audit` inside the same transaction.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext

from worksafety.core import audit
from worksafety.core.scoping import ADD, CHANGE, DELETE, OutOfScope, can, may


def _check_locked_fields(instance, user):
    locked = instance.locked_fields(user) if hasattr(instance, "locked_fields") else set()
    if not locked or instance._state.adding:
        return
    stored = type(instance)._base_manager.get(pk=instance.pk)
    changed = {
        name: gettext("您的角色不能修改此项。")
        for name in locked
        if getattr(stored, instance._meta.get_field(name).attname) != getattr(instance, instance._meta.get_field(name).attname)
    }
    if changed:
        raise ValidationError(changed)


def do_save_object(instance, *, user, m2m: dict | None = None):
    """Validate and save a new or changed object on behalf of `user`; `m2m` sets many-to-many fields."""
    model = type(instance)
    action = ADD if instance._state.adding else CHANGE
    if not can(user, model, action):
        raise OutOfScope()
    if action == CHANGE and not may(user, instance, CHANGE):
        raise OutOfScope()
    _check_locked_fields(instance, user)
    instance.full_clean()
    try:
        with transaction.atomic(), audit.acting_as(user):
            instance.save()
            for name, values in (m2m or {}).items():
                getattr(instance, name).set(values)
            if not may(user, instance, action):
                raise OutOfScope()
    except Exception:
        if action == ADD:  # the row was rolled back: the object is new again
            instance.pk = None
            instance._state.adding = True
        raise
    return instance


def do_delete_object(instance, *, user):
    with transaction.atomic(), audit.acting_as(user):
        if not may(user, instance, DELETE):
            raise OutOfScope()
        try:
            instance.delete()
        except ProtectedError as error:
            used_by = sorted({str(obj._meta.verbose_name) for obj in error.protected_objects})
            raise ValidationError(gettext("“%(object)s”仍被%(used_by)s引用，不能删除。")
                                  % {"object": instance, "used_by": "、".join(used_by)}) from error
