"""The append-only, hash-chained audit log (ARCHITECTURE.md rule 7).

Every save and delete of a model marked `audited = True` is recorded by signal handlers, so no write path
(services, imports, the admin site) can forget it; logins are recorded from Django's auth signals. The user,
address and request id come from the request being served (`request_context`), or are empty for commands.

Each entry's hash is an HMAC-SHA256 under a key held outside the database (`WORKSAFETY_AUDIT_KEY`, else derived
from SECRET_KEY), so someone who can write to the database cannot re-hash an edited chain. Checkpoints
(`worksafety audit checkpoint`, and the worker hourly) append the chain's head to a file outside the database and
to the log, so cutting entries off the end is found too (docs/design.md, "Audit log").

Both hold only against someone who cannot also read the key or rewrite the checkpoint file. In the embedded
default the SQLite file, the generated secret key (and so the derived chain key) and the checkpoint file all
lie in WORKSAFETY_DATA_DIR: whoever can edit the database there can usually re-key the chain and rewrite the
file too. A deployment sets WORKSAFETY_AUDIT_KEY and keeps the checkpoints elsewhere, append-only; `worksafety
check --deploy` warns until it does (core/checks.py).
"""

import contextvars
import datetime
import hashlib
import hmac
import json
import logging
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

from django.conf import settings
from django.contrib.auth import signals as auth_signals
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import signals
from django.utils import timezone
from django.utils.translation import gettext

from worksafety.core.choices import AuditAction
from worksafety.core.http import client_address

GENESIS_HASH = "0" * 64


@dataclass(frozen=True)
class Context:
    user: object = None
    remote_addr: str = ""
    request_id: str = ""


_NO_CONTEXT = Context()
_context: contextvars.ContextVar[Context] = contextvars.ContextVar("audit_context")


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


def chain_key() -> bytes:
    """The chain's HMAC key: WORKSAFETY_AUDIT_KEY, or one derived from SECRET_KEY for this purpose only."""
    if settings.WORKSAFETY_AUDIT_KEY:
        return settings.WORKSAFETY_AUDIT_KEY.encode()
    return hmac.new(settings.SECRET_KEY.encode(), b"worksafety.audit-chain", hashlib.sha256).digest()


def entry_hash(entry, key: bytes | None = None) -> str:
    return hmac.new(key or chain_key(), canonical(entry).encode(), hashlib.sha256).hexdigest()


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


class Verification(NamedTuple):
    checked: int  # entries found intact, from the first
    broken: Break | None  # the first broken link
    notes: list[str]  # what verification passed over: other chains' checkpoints, unreadable lines


def verify(chunk_size: int = 2000) -> Verification:
    """Walk the chain in order; return how many entries were checked and the first broken link, if any: an
    entry whose HMAC does not match (edited, the chain re-hashed without the key, or the key changed since this
    chain's checkpoints were written), a missing entry, or a tail cut off before the head the chain table or a
    checkpoint recorded. Only this chain's checkpoints count; the others are mentioned in the notes."""
    from worksafety.core.models import AuditChainHead, AuditEntry

    expected_seq, prev_hash, checked, key = 1, GENESIS_HASH, 0, chain_key()
    head = AuditChainHead.objects.filter(pk=1).first()
    points, notes = _chain_checkpoints(head.chain_id if head else None)
    checkpoints = {point["seq"]: point for point in points}
    old_key = next((point for point in reversed(points) if point.get("key") != key_fingerprint(key)), None)

    def result(broken=None):
        return Verification(checked, broken, notes)

    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=chunk_size):
        if entry.seq != expected_seq:
            return result(Break(
                expected_seq,
                gettext("缺少第 %(expected)s 条记录（下一条为第 %(found)s 条）") % {"expected": expected_seq, "found": entry.seq},
            ))
        if entry.prev_hash != prev_hash:
            return result(Break(entry.seq, gettext("前一条哈希不符，链条在此处被改动")))
        if entry_hash(entry, key) != entry.hash:
            if old_key is not None:
                return result(Break(entry.seq, gettext(
                    "审计密钥已更换：%(time)s 的检查点记录的密钥指纹为 %(old)s，当前密钥为 %(new)s；请用原密钥校验")
                    % {"time": old_key["time"], "old": old_key.get("key"), "new": key_fingerprint(key)}))
            return result(Break(entry.seq, gettext("内容哈希不符，该记录被篡改（或链条在没有密钥的情况下被重新计算）")))
        point = checkpoints.get(entry.seq)
        if point is not None and point["hash"] != entry.hash:
            return result(Break(entry.seq, gettext("与 %(time)s 的检查点不符，链条被改写") % {"time": point["time"]}))
        prev_hash, expected_seq, checked = entry.hash, expected_seq + 1, checked + 1
    if head is not None and (head.last_seq != checked or head.last_hash != prev_hash):
        return result(Break(checked + 1, gettext("链尾应为第 %(last)s 条，末尾记录缺失或被截断") % {"last": head.last_seq}))
    last_point = max(points, key=lambda point: point["seq"], default=None)
    if last_point is not None and last_point["seq"] > checked:
        return result(Break(checked + 1, gettext("%(time)s 的检查点记录链尾为第 %(last)s 条，其后的记录被截断")
                            % {"time": last_point["time"], "last": last_point["seq"]}))
    return result()


# --- checkpoints ------------------------------------------------------------------------------------------

logger = logging.getLogger(__name__)


def checkpoint_file() -> Path:
    return Path(settings.WORKSAFETY_AUDIT_CHECKPOINT_FILE)


def key_fingerprint(key: bytes) -> str:
    """Names the chain key in checkpoints without revealing it, so a changed key is told from tampering."""
    return hmac.new(key, b"fingerprint", hashlib.sha256).hexdigest()[:8]


class CheckpointFile(NamedTuple):
    points: list[dict]  # the heads recorded, oldest first, each with its line number ("line")
    unreadable: list[int]  # numbers of the lines that are not a checkpoint (a write cut short, or an edit)


def read_checkpoints() -> CheckpointFile:
    """Every checkpoint in the file, of whichever chain; no file yet is no checkpoint."""
    try:
        lines = checkpoint_file().read_text(encoding="utf-8", errors="replace").splitlines()
    except FileNotFoundError:
        return CheckpointFile([], [])
    points, unreadable = [], []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            point = json.loads(line)
            if not (isinstance(point, dict) and isinstance(point.get("seq"), int) and isinstance(point.get("hash"), str)
                    and isinstance(point.get("time"), str)):
                raise ValueError(line)
        except ValueError:
            unreadable.append(number)
            continue
        points.append({**point, "line": number})
    return CheckpointFile(points, unreadable)


def _chain_checkpoints(chain_id: str | None) -> tuple[list[dict], list[str]]:
    """This chain's checkpoints, and notes on the lines passed over."""
    points, unreadable = read_checkpoints()
    ours = [point for point in points if chain_id is not None and point.get("chain") == chain_id]
    notes = [gettext("检查点文件 %(file)s 第 %(line)s 行无法读取（写入中断或被改动），已忽略")
             % {"file": checkpoint_file(), "line": number} for number in unreadable]
    if len(points) > len(ours):
        notes.append(gettext("检查点文件中有 %(count)s 个检查点属于另一条审计链（如重建或更换的数据库），已忽略")
                     % {"count": len(points) - len(ours)})
    return ours, notes


def checkpoint() -> dict:
    """Append the chain's head (sequence, hash, time, chain id, key fingerprint) to the checkpoint file and to
    the log."""
    from worksafety.core.models import AuditChainHead

    head, _ = AuditChainHead.objects.get_or_create(pk=1, defaults={"last_seq": 0, "last_hash": GENESIS_HASH})
    point = {"seq": head.last_seq, "hash": head.last_hash, "time": timezone.now().isoformat(timespec="seconds"),
             "chain": head.chain_id, "key": key_fingerprint(chain_key())}
    path = checkpoint_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as file:  # appended, never rewritten
        file.write(json.dumps(point, sort_keys=True) + "\n")
    logger.info("audit checkpoint seq=%(seq)s hash=%(hash)s time=%(time)s chain=%(chain)s key=%(key)s", point)
    return point


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
    before = getattr(instance, "_audit_before", None)
    if created or before is None:
        record(AuditAction.CREATE, instance=instance, after=snapshot(instance))
        return
    record_changes(instance, before)


def record_changes(instance, before: dict):
    """Record what changed on `instance` since `before` (its `snapshot`), if anything: for writes that bypass
    `save()`, such as the conditional UPDATE of a workflow step."""
    after = snapshot(instance)
    changed = sorted(k for k in after if before.get(k) != after[k])
    if changed:
        return record(AuditAction.UPDATE, instance=instance, before={k: before.get(k) for k in changed},
                      after={k: after[k] for k in changed})
    return None


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
