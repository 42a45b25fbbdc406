"""One way to scope (ARCHITECTURE.md rule 1): `Model.objects.restrict(user, action)`.

Two tables decide it. `ROLE_PERMISSIONS` (each app's `permissions.py`, merged at start-up) says which
actions a role may take on a model at all; the user's `UserScope` then narrows the rows through the model's
`scope_fields`, which map each scope dimension to a lookup on that model:

    area        the code of the area the row lies in (matched by prefix: a street sees its communities)
    park        the chemical park id
    sector      the sector code (sector departments)
    enterprise  the enterprise id

A model without the dimension a role needs shows that role nothing. Models marked `reference_data` (areas,
sectors, departments, parks, the chemicals catalogue) can be viewed by every staff login whose role may view
them; changes are still scoped. Models with no scope dimension at all are district-wide settings (colour
bands, supervision frequencies), where the permission table alone decides. Exporting is viewing. NetBox's
RestrictedQuerySet is the model for this.
"""

from dataclasses import dataclass
from importlib import import_module

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.module_loading import module_has_submodule

VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"
READ = frozenset({VIEW})
EDIT = frozenset({VIEW, ADD, CHANGE})
ALL = frozenset({VIEW, ADD, CHANGE, DELETE})

class OutOfScope(PermissionDenied):
    """The object is not one the user may act on: pages and the API answer 404
    (core.middleware.OutOfScopeMiddleware, core.api.exceptions), as if it did not exist."""


# Role → model label → actions, merged at start-up from each app's `permissions.ROLE_PERMISSIONS`
# (`load_permissions`, called from CoreConfig.ready): the app that owns a model declares who may do what with
# it, and core names no feature app.
ROLE_PERMISSIONS: dict[str, dict[str, frozenset]] = {}


def load_permissions(app_configs) -> dict[str, dict[str, frozenset]]:
    """Merge the `permissions` module of every worksafety app that has one into `ROLE_PERMISSIONS` (as Django's
    admin autodiscovers `admin` modules). An app may declare rows only for its own models."""
    merged: dict[str, dict[str, frozenset]] = {}
    for config in app_configs:
        if not config.name.startswith("worksafety.") or not module_has_submodule(config.module, "permissions"):
            continue
        declared = import_module(f"{config.name}.permissions").ROLE_PERMISSIONS
        for role, rows in declared.items():
            foreign = sorted(label for label in rows if label.split(".")[0] != config.label)
            if foreign:
                raise ImproperlyConfigured(f"{config.name}.permissions declares models of other apps: {foreign}")
            merged.setdefault(role, {}).update(rows)
    ROLE_PERMISSIONS.clear()
    ROLE_PERMISSIONS.update(merged)
    return ROLE_PERMISSIONS


@dataclass(frozen=True)
class UserScope:
    area_code: str | None = None
    park_id: int | None = None
    sector_codes: frozenset | None = None
    enterprise_id: int | None = None

    def filter_for(self, scope_fields: dict[str, str]) -> models.Q | None:
        """The Q that keeps a model's rows inside this scope, or None when nothing is in scope."""
        conditions = []
        if self.area_code is not None:
            conditions.append(("area", "__startswith", self.area_code))
        if self.park_id is not None:
            conditions.append(("park", "", self.park_id))
        if self.sector_codes is not None:
            conditions.append(("sector", "__in", self.sector_codes))
        if self.enterprise_id is not None:
            conditions.append(("enterprise", "", self.enterprise_id))
        if not conditions:
            return None
        q = models.Q()
        for dimension, lookup, value in conditions:
            if dimension not in scope_fields:
                return None
            paths = scope_fields[dimension]
            # Several paths mean "any of them": a login belongs to the area of whatever it is attached to.
            alternatives = models.Q()
            for path in (paths,) if isinstance(paths, str) else paths:
                alternatives |= models.Q(**{path + lookup: value})
            q &= alternatives
        return q


def allowed_actions(user, model) -> frozenset:
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    if user.is_superuser:
        return ALL
    return ROLE_PERMISSIONS.get(user.role, {}).get(model._meta.label_lower, frozenset())


def can(user, model, action: str) -> bool:
    return action in allowed_actions(user, model)


def hidden_fields(user, model) -> frozenset:
    """The fields of `model` that `user` may not read although they may view the object.

    A model declares them next to its `scope_fields` as `restricted_fields`: each field name mapped to the
    roles that may read it. Everything that shows an object's stored values without the model's own page
    (the audit log) drops these, by name and by column name.
    """
    if user is not None and user.is_authenticated and user.is_superuser:
        return frozenset()
    role = getattr(user, "role", None)
    hidden = set()
    for name, roles in getattr(model, "restricted_fields", {}).items():
        if role not in roles:
            field = model._meta.get_field(name)
            hidden |= {field.name, getattr(field, "attname", field.name)}
    return frozenset(hidden)


class RestrictedQuerySet(models.QuerySet):
    def restrict(self, user, action: str = VIEW):
        if user is not None and user.is_authenticated and user.is_active and user.is_superuser:
            return self
        if action not in allowed_actions(user, self.model):
            return self.none()
        if action == VIEW and getattr(self.model, "reference_data", False):
            return self
        if not self.model.scope_fields:  # district-wide settings: the permission table alone decides
            return self
        q = user.scope.filter_for(self.model.scope_fields)
        return self.none() if q is None else self.filter(q)


def may(user, obj, action: str = VIEW) -> bool:
    """Whether `user` may take `action` on the stored object `obj`: the role may, and the row is in scope."""
    return type(obj).objects.restrict(user, action).filter(pk=obj.pk).exists()


def require(user, obj, action: str) -> None:
    """Raise OutOfScope unless `user` may take `action` on `obj` (what every service checks first)."""
    if not may(user, obj, action):
        raise OutOfScope()


def get_scoped_or_404(queryset, user, action: str = VIEW, **lookup):
    """The object `lookup` finds among those `user` may take `action` on, else 404. `queryset` is a model or a
    queryset of one (to select related rows)."""
    if isinstance(queryset, type) and issubclass(queryset, models.Model):
        queryset = queryset.objects.all()
    try:
        return get_object_or_404(queryset.restrict(user, action), **lookup)
    except (ValueError, TypeError) as error:  # a malformed key in the URL or query string
        raise Http404 from error
