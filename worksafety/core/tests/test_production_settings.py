"""Production switches (issue 14 item 5): the public development key is refused outside DEBUG, an unset key is
generated once under the data directory, and WORKSAFETY_HTTPS makes `check --deploy` clean. Each case starts a
fresh interpreter, since settings are read once at start-up."""

import os
import secrets
import subprocess
import sys

import pytest

DEV_KEY = "dev-only-insecure-key-set-WORKSAFETY_SECRET_KEY"
SHOW = ("from django.conf import settings; print(settings.SECRET_KEY); "
        "print(settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, settings.SECURE_SSL_REDIRECT, "
        "settings.SECURE_HSTS_SECONDS, settings.SECURE_PROXY_SSL_HEADER); "
        "print(settings.SECURE_HSTS_PRELOAD, settings.SECRET_KEY_FALLBACKS, settings.WORKSAFETY_TIPOFF_SECRET_KEY_FALLBACKS)")


def run(tmp_path, *args, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("WORKSAFETY_") and k != "DATABASE_URL"}
    clean.update(DJANGO_SETTINGS_MODULE="worksafety.settings", WORKSAFETY_DATA_DIR=str(tmp_path), **env)
    return subprocess.run([sys.executable, *args], env=clean, cwd=tmp_path, capture_output=True, text=True,
                          timeout=120)


def setup(tmp_path, **env):
    return run(tmp_path, "-c", f"import django; django.setup(); {SHOW}", **env)


def test_the_development_key_is_refused_outside_debug(tmp_path):
    result = setup(tmp_path, WORKSAFETY_SECRET_KEY=DEV_KEY)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "公开的开发密钥" in result.stderr and "public development key" in result.stderr


def test_the_development_key_is_allowed_when_debugging(tmp_path):
    result = setup(tmp_path, WORKSAFETY_SECRET_KEY=DEV_KEY, WORKSAFETY_DEBUG="true")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == DEV_KEY


def test_an_unset_key_is_generated_once_and_kept(tmp_path):
    first = setup(tmp_path)
    assert first.returncode == 0, first.stderr
    key_file = tmp_path / "secret-key"
    key = first.stdout.splitlines()[0]
    assert key == key_file.read_text().strip() and len(key) >= 50 and key != DEV_KEY
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert setup(tmp_path).stdout.splitlines()[0] == key
    assert not [name for name in os.listdir(tmp_path) if name.startswith("tmp")]  # the temporary file is gone


def test_the_development_key_decrypts_tipoffs_only_for_a_generated_key(tmp_path):
    """Before the key file, an unset key meant the development key: tip-off identities encrypted under it must
    still decrypt (tipoffs/identity.py tries the fallbacks), but Django never accepts its signatures."""
    assert setup(tmp_path).stdout.splitlines()[2] == f"False [] ['{DEV_KEY}']"
    assert setup(tmp_path, WORKSAFETY_SECRET_KEY="k" * 50).stdout.splitlines()[2] == "False [] []"


def test_an_empty_key_file_is_refused_with_a_message(tmp_path):
    (tmp_path / "secret-key").write_text("\n")
    result = setup(tmp_path)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "secret-key" in result.stderr and "为空" in result.stderr


def test_plain_http_by_default(tmp_path):
    result = setup(tmp_path)
    assert result.stdout.splitlines()[1] == "False False False 0 None"


def deploy_check(tmp_path, **env):
    return run(tmp_path, "-m", "django", "check", "--deploy", "--tag", "security", "--fail-level", "WARNING", **env)


def production_env(tmp_path, https="true"):
    return {"WORKSAFETY_HTTPS": https, "WORKSAFETY_SECRET_KEY": secrets.token_urlsafe(50),
            "WORKSAFETY_ALLOWED_HOSTS": "safety.example.cn", "WORKSAFETY_CLIENT_IP_HEADER": "HTTP_X_REAL_IP",
            "WORKSAFETY_AUDIT_KEY": secrets.token_urlsafe(50),
            "WORKSAFETY_AUDIT_CHECKPOINT_FILE": str(tmp_path.parent / f"{tmp_path.name}-checkpoints.jsonl")}


@pytest.mark.parametrize("https,clean", [("true", True), ("false", False)])
def test_https_makes_the_deploy_check_clean(tmp_path, https, clean):
    env = production_env(tmp_path, https)
    check = deploy_check(tmp_path, **env)
    assert (check.returncode == 0) == clean, check.stderr
    if clean:
        shown = setup(tmp_path, **env).stdout.splitlines()
        assert shown[1] == "True True True 31536000 ('HTTP_X_FORWARDED_PROTO', 'https')"
        assert shown[2].startswith("False ")  # HSTS preload is opted into
        assert setup(tmp_path, **env, WORKSAFETY_HSTS_PRELOAD="true").stdout.splitlines()[2].startswith("True ")
    else:
        assert "security.W004" in check.stderr and "security.W012" in check.stderr


@pytest.mark.parametrize("unset,warning", [
    ("WORKSAFETY_CLIENT_IP_HEADER", "worksafety.W007"),  # behind the proxy, REMOTE_ADDR is the proxy
    ("WORKSAFETY_AUDIT_KEY", "worksafety.W008"),
    ("WORKSAFETY_AUDIT_CHECKPOINT_FILE", "worksafety.W009"),  # default: in the data directory
])
def test_the_deploy_check_warns_of_the_defaults_a_proxied_install_must_change(tmp_path, unset, warning):
    env = production_env(tmp_path)
    del env[unset]
    check = deploy_check(tmp_path, **env)
    assert check.returncode != 0 and warning in check.stderr, check.stderr


def test_a_generated_key_on_postgresql_is_a_deploy_error(tmp_path):
    """Each node would generate its own key. Only the settings are read: nothing connects to the database."""
    env = production_env(tmp_path)
    del env["WORKSAFETY_SECRET_KEY"]
    on_postgresql = deploy_check(tmp_path, **env, DATABASE_URL="postgres://nobody@127.0.0.1:9/none")
    assert on_postgresql.returncode != 0 and "worksafety.E006" in on_postgresql.stderr, on_postgresql.stderr
    on_sqlite = deploy_check(tmp_path, **env)
    assert on_sqlite.returncode == 0 and "E006" not in on_sqlite.stderr, on_sqlite.stderr
