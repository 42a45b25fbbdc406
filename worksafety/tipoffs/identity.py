"""The reporter's identity at rest, and the submitting address as a digest.

Name and phone are encrypted with Fernet (AES-128-CBC + HMAC-SHA256) under the keys in
`WORKSAFETY_TIPOFF_KEYS` (comma-separated; the first encrypts, all decrypt, so keys can be rotated).
Without that setting a key is derived from SECRET_KEY, and a deploy check warns; keys derived from
SECRET_KEY_FALLBACKS decrypt too, and from the development key on installs whose key is generated, which used
it before the key file (WORKSAFETY_TIPOFF_SECRET_KEY_FALLBACKS, settings.py). The address is kept only
as an HMAC under a key derived from SECRET_KEY: enough to count submissions per address, not to recover it.
"""

import base64
import hashlib
import hmac
import json
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings


def _derived(purpose: bytes, secret_key: str | None = None) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(
        (secret_key or settings.SECRET_KEY).encode())


@cache
def _fernet(keys: str, secret_keys: tuple[str, ...]) -> MultiFernet:
    """The first key encrypts; all decrypt (the configured keys, else those derived from each secret key)."""
    configured = [k.strip() for k in keys.split(",") if k.strip()]
    if not configured:
        configured = [base64.urlsafe_b64encode(_derived(b"worksafety tip-off identity", key)).decode()
                      for key in secret_keys]
    return MultiFernet([Fernet(k) for k in configured])


def _cipher() -> MultiFernet:
    return _fernet(settings.WORKSAFETY_TIPOFF_KEYS, (settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS,
                                                     *settings.WORKSAFETY_TIPOFF_SECRET_KEY_FALLBACKS))


def encrypt_identity(name: str, phone: str) -> str:
    if not (name or phone):
        return ""
    return _cipher().encrypt(json.dumps({"name": name, "phone": phone}, ensure_ascii=False).encode()).decode()


def decrypt_identity(ciphertext: str) -> dict | None:
    """{"name", "phone"}, or None when there is none or it cannot be read with the configured keys."""
    if not ciphertext:
        return None
    try:
        return json.loads(_cipher().decrypt(ciphertext.encode()))
    except InvalidToken:
        return None


def address_digest(address: str) -> str:
    return hmac.new(_derived(b"worksafety tip-off address"), address.encode(), hashlib.sha256).hexdigest()
