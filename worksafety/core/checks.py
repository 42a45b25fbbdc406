from pathlib import Path

from django.conf import settings
from django.core.checks import Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured


@register(Tags.security, deploy=True)
def secret_key_is_set(app_configs, **kwargs):
    """`worksafety check --deploy` warns when sessions and tokens are signed with the published key."""
    if settings.SECRET_KEY == settings.DEVELOPMENT_SECRET_KEY:
        return [Warning("WORKSAFETY_SECRET_KEY is not set: the development key is public.", id="worksafety.W001")]
    return []


@register(Tags.files)
def pdf_font_is_available(app_configs, **kwargs):
    """Warns at startup, not at the first PDF export, when the configured CJK font is missing or cannot be
    embedded. With none configured, registering the built-in fallback logs its one warning here."""
    from worksafety.core import pdf  # reportlab is loaded only when the checks run, not in every process

    try:
        pdf.register_font()
    except ImproperlyConfigured as error:
        return [Warning(str(error), id="worksafety.W002")]
    return []


@register()
def notification_senders_import(app_configs, **kwargs):
    """A mistyped sender path is reported at startup, not found later in the logs of a lost notification."""
    from django.core.checks import Error
    from django.utils.module_loading import import_string

    errors = []
    for path in settings.WORKSAFETY_NOTIFICATION_SENDERS:
        try:
            sender = import_string(path)
        except ImportError as error:
            errors.append(Error(f"WORKSAFETY_NOTIFICATION_SENDERS: cannot import {path}: {error}",
                                id="worksafety.E003"))
            continue
        if not callable(getattr(sender, "send", None)):
            errors.append(Error(f"WORKSAFETY_NOTIFICATION_SENDERS: {path} has no send() method",
                                id="worksafety.E004"))
    return errors


@register(Tags.security)
def attachments_are_not_served(app_configs, **kwargs):
    """Attachments must never be reachable through the static or media folders; only the scoped view serves
    them."""
    from pathlib import Path

    from django.core.checks import Error

    attachments = Path(settings.WORKSAFETY_ATTACHMENT_DIR).resolve()
    static_dirs = getattr(settings, "STATICFILES_DIRS", [])
    served = [Path(settings.STATIC_ROOT), Path(settings.MEDIA_ROOT),
              *(Path(d if isinstance(d, str | Path) else d[1]) for d in static_dirs)]
    for folder in served:
        folder = folder.resolve()
        if attachments == folder or folder in attachments.parents or attachments in folder.parents:
            return [Error(f"WORKSAFETY_ATTACHMENT_DIR ({attachments}) overlaps a served folder ({folder}).",
                          id="worksafety.E005")]
    return []


@register(Tags.security, deploy=True)
def secret_key_is_shared(app_configs, **kwargs):
    """A key generated into WORKSAFETY_DATA_DIR is one node's own: on PostgreSQL, where several nodes may serve
    one database, each would generate a different key (sessions, tip-off identities and the audit chain key
    derive from it), so the key must be set, the same on every node."""
    from django.core.checks import Error

    if settings.WORKSAFETY_SECRET_KEY_FILE and settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return [Error(f"WORKSAFETY_SECRET_KEY is not set: this node uses the key generated into "
                      f"{settings.WORKSAFETY_SECRET_KEY_FILE}, and every other node on the PostgreSQL database "
                      "would generate its own.",
                      hint="Set WORKSAFETY_SECRET_KEY to that file's content on every node.", id="worksafety.E006")]
    return []


@register(Tags.security, deploy=True)
def client_address_behind_the_proxy(app_configs, **kwargs):
    """Behind the TLS-terminating proxy WORKSAFETY_HTTPS implies, REMOTE_ADDR is the proxy's address: the audit
    log would show it for everyone and the tip-off rate limit would count every reporter as one."""
    if settings.WORKSAFETY_HTTPS and settings.WORKSAFETY_CLIENT_IP_HEADER == "REMOTE_ADDR":
        return [Warning("WORKSAFETY_HTTPS is on but WORKSAFETY_CLIENT_IP_HEADER is REMOTE_ADDR, the proxy's address.",
                        hint="Set it to the header the proxy overwrites, e.g. HTTP_X_REAL_IP (deploy/nginx.conf).",
                        id="worksafety.W007")]
    return []


@register(Tags.security, deploy=True)
def audit_key_and_checkpoints_apart_from_the_data(app_configs, **kwargs):
    """The audit chain resists someone who can write to the database only while its key and checkpoints are out
    of their reach (core/audit.py); by default both live in WORKSAFETY_DATA_DIR beside the SQLite file."""
    warnings = []
    if not settings.WORKSAFETY_AUDIT_KEY:
        warnings.append(Warning("WORKSAFETY_AUDIT_KEY is not set: the audit chain key derives from SECRET_KEY.",
                                hint="Set a long random key kept outside the data directory and the database.",
                                id="worksafety.W008"))
    data_dir = Path(settings.DATA_DIR).resolve()
    checkpoints = Path(settings.WORKSAFETY_AUDIT_CHECKPOINT_FILE).resolve()
    if data_dir in checkpoints.parents:
        warnings.append(Warning(f"WORKSAFETY_AUDIT_CHECKPOINT_FILE ({checkpoints}) lies under WORKSAFETY_DATA_DIR.",
                                hint="Keep the checkpoints on another file system or machine, append-only.",
                                id="worksafety.W009"))
    return warnings


@register(Tags.models)
def restricted_fields_exist(app_configs, **kwargs):
    """Every name in a model's `restricted_fields` (core/scoping.py `hidden_fields`) is one of its fields: a
    misspelt name would otherwise fail only when a reader without the role opens the audit log."""
    from django.apps import apps
    from django.core.checks import Error
    from django.core.exceptions import FieldDoesNotExist

    errors = []
    models = apps.get_models() if app_configs is None else [m for c in app_configs for m in c.get_models()]
    for model in models:
        for name in getattr(model, "restricted_fields", {}):
            try:
                model._meta.get_field(name)
            except FieldDoesNotExist:
                errors.append(Error(f"{model._meta.label}.restricted_fields names {name!r}, which is not a field.",
                                    obj=model, id="worksafety.E010"))
    return errors
