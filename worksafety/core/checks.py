from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def secret_key_is_set(app_configs, **kwargs):
    """`worksafety check --deploy` warns when sessions and tokens are signed with the published key."""
    if settings.SECRET_KEY == settings.DEVELOPMENT_SECRET_KEY:
        return [Warning("WORKSAFETY_SECRET_KEY is not set: the development key is public.", id="worksafety.W001")]
    return []
