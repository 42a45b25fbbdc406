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
    """Warns at startup, not at the first PDF export, when no embeddable CJK font is configured."""
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
