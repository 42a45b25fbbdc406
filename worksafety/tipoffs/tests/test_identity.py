"""Reporters' identities survive the upgrade to a generated secret key (issue 14): before it, an unset
WORKSAFETY_SECRET_KEY meant the development key, from which the identity key was derived; settings.py keeps that
key in WORKSAFETY_TIPOFF_SECRET_KEY_FALLBACKS when the key comes from the generated file, and decryption tries
keys derived from those and from SECRET_KEY_FALLBACKS (a rotated secret key)."""

import pytest
from django.conf import settings as django_settings

from worksafety.tipoffs import identity


@pytest.fixture
def old_identity(settings):
    """An identity encrypted by the previous version: no tip-off keys, SECRET_KEY unset (the development key)."""
    settings.WORKSAFETY_TIPOFF_KEYS = ""
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = django_settings.DEVELOPMENT_SECRET_KEY, []
    settings.WORKSAFETY_TIPOFF_SECRET_KEY_FALLBACKS = []
    return identity.encrypt_identity("张三", "13800000000")


def test_an_identity_encrypted_under_the_development_key_still_decrypts_after_the_switch(settings, old_identity):
    settings.SECRET_KEY = "generated-" + "k" * 50
    settings.WORKSAFETY_TIPOFF_SECRET_KEY_FALLBACKS = [django_settings.DEVELOPMENT_SECRET_KEY]

    assert identity.decrypt_identity(old_identity) == {"name": "张三", "phone": "13800000000"}
    new = identity.encrypt_identity("李四", "13900000000")
    settings.WORKSAFETY_TIPOFF_SECRET_KEY_FALLBACKS = []
    assert identity.decrypt_identity(old_identity) is None  # only through the fallback
    assert identity.decrypt_identity(new) == {"name": "李四", "phone": "13900000000"}  # the new key encrypts


def test_a_rotated_secret_key_in_the_fallbacks_still_decrypts(settings, old_identity):
    settings.SECRET_KEY = "rotated-" + "k" * 50
    settings.SECRET_KEY_FALLBACKS = [django_settings.DEVELOPMENT_SECRET_KEY]

    assert identity.decrypt_identity(old_identity) == {"name": "张三", "phone": "13800000000"}
