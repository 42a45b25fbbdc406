"""The append-only, hash-chained audit log (ARCHITECTURE.md rule 7).

Every save and delete of a model marked `audited = True` is recorded by signal handlers, so no write path
(services, imports, the admin site) can forget it; logins are recorded from Django's auth signals. The user,
address and request id come from the request being served (`request_context`), or are empty for commands.
"""

import contextvars
import datetime
import hashlib
import json
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import signals as auth_signals
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import signals
from django.utils import timezone
from django.utils.translation import gettext

from worksafety.core.choices import AuditAction

GENESIS_HASH = "0" * 64


@dataclass(frozen=True)
class Context:
    user: object = None
    remote_addr: str = ""
    request_id: str = ""


_NO_CONTEXT = Context()
_context: contextvars.ContextVar[Context] = contextvars.ContextVar("audit_context")


def client_address(request) -> str:
    # Behind the reverse proxy the peer is the proxy; X-Real-IP is set by our nginx example, never by clients.
    return request.META.get("HTTP_X_REAL_IP") or request.META.get("REMOTE_ADDR", "")


@contextmanager
def request_context(request):
    token = _context.set(Context(getattr(request, "user", None), client_address(request), getattr(request, "id", "")))
    try:
        yield
    finally:
        _context.reset(token)


@contextmanager
def acting_as(user):
    """Attribute the writes inside to `user` (services know who acts even outside a request)."""
    current = _context.get(_NO_CONTEXT)
    token = _context.set(Context(user, current.remote_addr, current.request_id))
    try:
        yield
    finally:
        _context.reset(token)


def _current_actor():
    user = _context.get(_NO_CONTEXT).user
    return user if user is not None and getattr(user, "is_authenticated", False) else None


# --- serialisation --------------------------------------------------------------------------------------

def snapshot(instance) -> dict:
    """The audited fields of an instance as JSON-safe values (what is stored is exactly what is hashed)."""
    excluded = getattr(instance, "audit_exclude", set())
    data = {f.attname: _value(f, getattr(instance, f.attname))
            for f in instance._meta.concrete_fields if f.name not in excluded}
    for m2m in instance._meta.many_to_many:
        if instance.pk and m2m.name not in excluded:
            data[m2m.name] = sorted(getattr(instance, m2m.name).values_list("pk", flat=True))
    return jsonable(data)


def jsonable(data):
    """Data as JSON would return it (dates as ISO text, decimals as text): what is stored is what is hashed."""
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def _value(field, value):
    # A decimal is logged at the field's precision, so 12.5 typed into a form and 12.5000 read from the
    # database are the same value, not a change.
    if isinstance(field, models.DecimalField) and value is not None:
        return f"{Decimal(value):.{field.decimal_places}f}"
    return value


def scope_keys(instance, actor=None) -> dict:
    """The area/park/sector/enterprise an object belongs to, by following its `scope_fields` lookups.

    District-wide settings (models with no scope dimension, such as colour bands) belong to the district of
    whoever changes them, so that district's staff see those changes in the log too.
    """
    keys = {"area_code": "", "park_id": None, "sector_code": "", "enterprise_id": None}
    # An object that only exists as part of another (an attachment) is logged in its owner's scope, so the
    # staff who see the owner see its history.
    owner = getattr(instance, "audit_scope_owner", None)
    if owner is not None:
        instance = owner
    scope_fields = getattr(instance, "scope_fields", None)
    if scope_fields == {}:
        keys["area_code"] = _district_code(actor)
        return keys
    column = {"area": "area_code", "park": "park_id", "sector": "sector_code", "enterprise": "enterprise_id"}
    for dimension, paths in (scope_fields or {}).items():
        for path in (paths,) if isinstance(paths, str) else paths:
            value = instance
            for part in path.split("__"):
                value = getattr(value, part, None)
                if value is None:
                    break
            if value is not None:
                keys[column[dimension]] = value
                break
    return keys


def _district_code(actor) -> str:
    area = getattr(actor, "area", None) or getattr(getattr(actor, "department", None), "area", None)
    return area.district.code if area is not None else ""


def canonical(entry) -> str:
    fields = {
        "seq": entry.seq,
        "timestamp": entry.timestamp.astimezone(datetime.UTC).isoformat(),
        "actor_id": entry.actor_id,
        "actor_name": entry.actor_name,
        "remote_addr": entry.remote_addr,
        "request_id": entry.request_id,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "object_repr": entry.object_repr,
        "before": entry.before,
        "after": entry.after,
        "area_code": entry.area_code,
        "park_id": entry.park_id,
        "sector_code": entry.sector_code,
        "enterprise_id": entry.enterprise_id,
        "prev_hash": entry.prev_hash,
    }
    return json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def entry_hash(entry) -> str:
    return hashlib.sha256(canonical(entry).encode()).hexdigest()


# --- writing ----------------------------------------------------------------------------------------------

def record(action: str, *, instance=None, before=None, after=None, actor=None, actor_name: str = "",
           object_repr: str = ""):
    """Append one entry to the chain, inside the caller's transaction."""
    from worksafety.core.models import AuditChainHead, AuditEntry

    context = _context.get(_NO_CONTEXT)
    actor = actor or _current_actor()
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(
            pk=1, defaults={"last_seq": 0, "last_hash": GENESIS_HASH}
        )
        entry = AuditEntry(
            seq=head.last_seq + 1,
            timestamp=timezone.now(),
            actor=actor,
            actor_name=actor_name or (actor.get_username() if actor else ""),
            remote_addr=context.remote_addr,
            request_id=context.request_id,
            action=action,
            object_type=instance._meta.label_lower if instance is not None else "",
            object_id=str(instance.pk) if instance is not None and instance.pk is not None else "",
            object_repr=(object_repr or (str(instance) if instance is not None else ""))[:200],
            before=before,
            after=after,
            prev_hash=head.last_hash,
            **(scope_keys(instance, actor) if instance is not None else {}),
        )
        entry.hash = entry_hash(entry)
        entry.save(force_insert=True)
        head.last_seq, head.last_hash = entry.seq, entry.hash
        head.save(update_fields=["last_seq", "last_hash"])
    return entry


@dataclass
class Break:
    seq: int
    reason: str


def verify(chunk_size: int = 2000) -> tuple[int, Break | None]:
    """Walk the chain in order; return how many entries were checked and the first broken link, if any."""
    from worksafety.core.models import AuditChainHead, AuditEntry

    expected_seq, prev_hash, checked = 1, GENESIS_HASH, 0
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=chunk_size):
        if entry.seq != expected_seq:
            return checked, Break(
                expected_seq,
                gettext("缺少第 %(expected)s 条记录（下一条为第 %(found)s 条）") % {"expected": expected_seq, "found": entry.seq},
            )
        if entry.prev_hash != prev_hash:
            return checked, Break(entry.seq, gettext("前一条哈希不符，链条在此处被改动"))
        if entry_hash(entry) != entry.hash:
            return checked, Break(entry.seq, gettext("内容哈希不符，该记录被篡改"))
        prev_hash, expected_seq, checked = entry.hash, expected_seq + 1, checked + 1
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and (head.last_seq != checked or head.last_hash != prev_hash):
        return checked, Break(checked + 1, gettext("链尾应为第 %(last)s 条，末尾记录缺失或被截断") % {"last": head.last_seq})
    return checked, None


# --- signal handlers --------------------------------------------------------------------------------------

def _is_audited(sender) -> bool:
    return getattr(sender, "audited", False)


def _pre_save(sender, instance, raw, update_fields=None, **kwargs):
    if raw or not _is_audited(sender):
        return
    instance._audit_before = None
    if instance.pk is not None and not instance._state.adding:
        stored = sender._base_manager.filter(pk=instance.pk).first()
        instance._audit_before = snapshot(stored) if stored is not None else None


def _post_save(sender, instance, created, raw, update_fields=None, **kwargs):
    if raw or not _is_audited(sender):
        return
    after = snapshot(instance)
    before = getattr(instance, "_audit_before", None)
    if created or before is None:
        record(AuditAction.CREATE, instance=instance, after=after)
        return
    changed = sorted(k for k in after if before.get(k) != after[k])
    if changed:
        record(
            AuditAction.UPDATE,
            instance=instance,
            before={k: before.get(k) for k in changed},
            after={k: after[k] for k in changed},
        )


def _m2m_changed(sender, instance, action, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"} and _is_audited(type(instance)):
        field = next(f for f in instance._meta.many_to_many if f.remote_field.through is sender)
        record(AuditAction.UPDATE, instance=instance, after={field.name: snapshot(instance)[field.name]})


def _pre_delete(sender, instance, **kwargs):
    if _is_audited(sender):
        record(AuditAction.DELETE, instance=instance, before=snapshot(instance))


def _logged_in(sender, request, user, **kwargs):
    record(AuditAction.LOGIN, actor=user, object_repr=user.get_username())


def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        record(AuditAction.LOGOUT, actor=user, object_repr=user.get_username())


def _login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    locked = request is not None and getattr(request, "login_locked", False)
    action = AuditAction.LOGIN_LOCKED if locked else AuditAction.LOGIN_FAILED
    record(action, actor_name=username, object_repr=username)


def connect_signals():
    signals.pre_save.connect(_pre_save, dispatch_uid="audit_pre_save")
    signals.post_save.connect(_post_save, dispatch_uid="audit_post_save")
    signals.m2m_changed.connect(_m2m_changed, dispatch_uid="audit_m2m")
    signals.pre_delete.connect(_pre_delete, dispatch_uid="audit_pre_delete")
    auth_signals.user_logged_in.connect(_logged_in, dispatch_uid="audit_login")
    auth_signals.user_logged_out.connect(_logged_out, dispatch_uid="audit_logout")
    auth_signals.user_login_failed.connect(_login_failed, dispatch_uid="audit_login_failed")
