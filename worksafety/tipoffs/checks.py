from django.conf import settings
from django.core.checks import Warning, register


@register(deploy=True)
def tipoff_keys_configured(app_configs, **kwargs):
    """Without its own keys, the reporters' identities are encrypted under a key derived from SECRET_KEY:
    rotating the secret key would then make them unreadable."""
    if settings.WORKSAFETY_TIPOFF_KEYS:
        return []
    return [Warning("WORKSAFETY_TIPOFF_KEYS is not set; reporters' identities use a key derived from SECRET_KEY.",
                    hint="Generate one with: python -c 'from cryptography.fernet import Fernet; "
                         "print(Fernet.generate_key().decode())'",
                    id="worksafety.W101")]
