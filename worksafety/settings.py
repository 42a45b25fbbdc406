"""One settings file, driven by environment variables (healthchecks style).

SQLite in WAL mode is the embedded default; `DATABASE_URL=postgres://…` switches to PostgreSQL.
A `.env` file in the working directory is read first, without overriding the real environment.
"""

import os
import secrets
import tempfile
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy

from worksafety.environment import read_dotenv

BASE_DIR = Path(__file__).resolve().parent


def _env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


def _font_file(name: str, installed: list[str]) -> str:
    """A font file setting: the path in the environment; "" for `none`, which makes the code use its built-in
    fallback font (what a machine without the font packages gets); unset, the first of `installed` present."""
    value = os.environ.get(name, "")
    if value.lower() == "none":
        return ""
    return value or next((path for path in installed if Path(path).is_file()), "")


read_dotenv(Path.cwd() / ".env")

DATA_DIR = Path(os.environ.get("WORKSAFETY_DATA_DIR", "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = _env_bool("WORKSAFETY_DEBUG", False)
# The published development key: refused outside DEBUG (sessions, tip-off identities and the audit chain's key
# derive from SECRET_KEY). Unset, the key is read from DATA_DIR/secret-key, created with a random key on the
# first run (the embedded default, `make demo`, tests); a production install sets WORKSAFETY_SECRET_KEY, the
# same on every node, and keeps it (README, "Configuration").
DEVELOPMENT_SECRET_KEY = "dev-only-insecure-key-set-WORKSAFETY_SECRET_KEY"


def _secret_key_file(path: Path) -> str:
    """The key in `path`, written there first with a random key if there is none yet: into a synced temporary
    file hard-linked into place (atomic, and never replacing a key another process wrote first), or, where the
    file system has no hard links, into the file created exclusively."""
    if not path.is_file():
        key = secrets.token_urlsafe(50)
        with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False, encoding="ascii") as new:
            new.write(key)  # mkstemp made the file readable by its owner only (0600)
            new.flush()
            os.fsync(new.fileno())
        try:
            os.link(new.name, path)
        except FileExistsError:
            pass
        except OSError:  # no hard links on this file system
            try:
                created = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(created, "w", encoding="ascii") as file:
                    file.write(key)
                    file.flush()
                    os.fsync(file.fileno())
            except FileExistsError:
                pass
        finally:
            os.unlink(new.name)
        directory = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(directory)  # the new name survives a crash too
        finally:
            os.close(directory)
    key = path.read_text(encoding="ascii").strip()
    if not key:
        raise ImproperlyConfigured(
            f"密钥文件 {path} 为空：请恢复其中原有的密钥（删除该文件会生成新密钥，此前的会话失效，由原密钥派生的举报人身份密钥和审计链密钥随之改变）。"
            f" / The key file {path} is empty: restore the key it held (deleting it generates a new key, which ends "
            "sessions and changes the tip-off identity and audit chain keys derived from the old one).")
    return key


# Unset, the key comes from the generated file (several nodes on one PostgreSQL must share a set key instead:
# deploy check E006). Such an install may predate the file, when an unset key meant the development key, so
# tip-off identities encrypted under a key derived from it still decrypt (tipoffs/identity.py, which also tries
# SECRET_KEY_FALLBACKS). The public key is kept out of SECRET_KEY_FALLBACKS itself, where Django would accept
# signatures made with it (security.W025).
WORKSAFETY_SECRET_KEY_FILE = None if os.environ.get("WORKSAFETY_SECRET_KEY") else DATA_DIR / "secret-key"
SECRET_KEY = os.environ.get("WORKSAFETY_SECRET_KEY") or _secret_key_file(WORKSAFETY_SECRET_KEY_FILE)
WORKSAFETY_TIPOFF_SECRET_KEY_FALLBACKS = [DEVELOPMENT_SECRET_KEY] if WORKSAFETY_SECRET_KEY_FILE else []
if SECRET_KEY == DEVELOPMENT_SECRET_KEY and not DEBUG:
    raise ImproperlyConfigured(
        "WORKSAFETY_SECRET_KEY 是公开的开发密钥，仅可在调试模式（WORKSAFETY_DEBUG=true）下使用；请设置随机密钥，或删除该设置以自动生成。"
        " / WORKSAFETY_SECRET_KEY is the public development key, allowed only with WORKSAFETY_DEBUG=true; set a "
        "random key, or unset it to have one generated under WORKSAFETY_DATA_DIR.")
ALLOWED_HOSTS = os.environ.get("WORKSAFETY_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
CSRF_TRUSTED_ORIGINS = [f"{scheme}://{h}" for h in ALLOWED_HOSTS if h and h != "*" for scheme in ("http", "https")]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "django_filters",
    "worksafety.core",
    "worksafety.registry",
    "worksafety.risk",
    "worksafety.hazards",
    "worksafety.tipoffs",
    "worksafety.emergency",
    "worksafety.enforcement",
    "worksafety.indicators",
    "worksafety.monitoring",
    "worksafety.web",
    "worksafety.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "servestatic.middleware.ServeStaticMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "worksafety.core.middleware.RequestContextMiddleware",
    "worksafety.core.middleware.OutOfScopeMiddleware",
    "worksafety.core.middleware.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "worksafety.urls"
ASGI_APPLICATION = "worksafety.asgi.application"
WSGI_APPLICATION = "worksafety.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # An app cut into sub-domain packages (emergency/warnings/, enforcement/cases/ …) keeps each one's
        # templates in that package: its templates/ folder is searched as an app's would be.
        "DIRS": sorted(BASE_DIR.glob("*/*/templates")),
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "worksafety.web.context_processors.platform",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'worksafety.sqlite3'}",
        conn_max_age=int(os.environ.get("WORKSAFETY_DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside the single writer; IMMEDIATE + busy_timeout make a second writer wait
    # instead of failing with "database is locked" when web, worker and ingest share the file.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;",
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"

# Password policy in the spirit of GB/T 22239-2019 (等保 2.0) 8.1.4.1: identity must be unique, and
# passwords complex and changed periodically. Complexity is enforced here; see core/validators.py.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "worksafety.core.validators.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
]

# Login lockout (等保 8.1.4.1 b: 登录失败处理): this many failures within the window lock the account
# name for the same window.
LOGIN_FAILURE_LIMIT = int(os.environ.get("WORKSAFETY_LOGIN_FAILURE_LIMIT", "5"))
LOGIN_LOCKOUT_MINUTES = int(os.environ.get("WORKSAFETY_LOGIN_LOCKOUT_MINUTES", "15"))

# The audit log (core/audit.py): entries are chained by HMAC-SHA256 under this key, kept outside the database
# (unset: derived from SECRET_KEY; changing either key makes the existing chain fail `worksafety audit verify`).
# Checkpoints of the chain's head are appended to this file (keep it append-only, e.g. `chattr +a`, or ship it
# off the machine) by `worksafety audit checkpoint` and by the worker every this many minutes.
WORKSAFETY_AUDIT_KEY = os.environ.get("WORKSAFETY_AUDIT_KEY", "")
WORKSAFETY_AUDIT_CHECKPOINT_FILE = Path(
    os.environ.get("WORKSAFETY_AUDIT_CHECKPOINT_FILE") or DATA_DIR / "audit-checkpoints.jsonl")
WORKSAFETY_AUDIT_CHECKPOINT_MINUTES = int(os.environ.get("WORKSAFETY_AUDIT_CHECKPOINT_MINUTES", "60"))

# Served over HTTPS (behind a reverse proxy that terminates TLS and sets X-Forwarded-Proto): Secure cookies,
# redirect plain HTTP, HSTS (deploy/nginx.conf is such a proxy). `worksafety check --deploy` is clean with this, a
# real key, DEBUG off, the client address header the proxy sets, and an audit key and checkpoint file kept
# outside WORKSAFETY_DATA_DIR (core/checks.py).
WORKSAFETY_HTTPS = _env_bool("WORKSAFETY_HTTPS", False)
if WORKSAFETY_HTTPS:
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")  # the proxy must overwrite this header
    SECURE_HSTS_SECONDS = int(os.environ.get("WORKSAFETY_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("WORKSAFETY_HSTS_INCLUDE_SUBDOMAINS", True)
    # Preloading is asked of browsers for good (hstspreload.org): an install opts in once HTTPS is settled, so
    # Django's reminder that it is off (security.W021) is silenced.
    SECURE_HSTS_PRELOAD = _env_bool("WORKSAFETY_HSTS_PRELOAD", False)
    SILENCED_SYSTEM_CHECKS = ["security.W021"]

# Idle session timeout: the cookie is renewed on every request and expires after this much inactivity.
SESSION_COOKIE_AGE = int(os.environ.get("WORKSAFETY_SESSION_MINUTES", "30")) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
# Static files are served by the app itself (async under ASGI) straight from the app folders, so the
# all-in-one process needs no collectstatic step; a production nginx may serve STATIC_ROOT instead.
SERVESTATIC_USE_FINDERS = True
MEDIA_ROOT = DATA_DIR / "uploads"

# Uploads: spreadsheets are read whole, so larger files are refused before parsing.
WORKSAFETY_MAX_UPLOAD_BYTES = int(os.environ.get("WORKSAFETY_MAX_UPLOAD_MB", "10")) * 1024 * 1024
WORKSAFETY_MAX_IMPORT_ROWS = int(os.environ.get("WORKSAFETY_MAX_IMPORT_ROWS", "20000"))
WORKSAFETY_MAX_EXPORT_ROWS = int(os.environ.get("WORKSAFETY_MAX_EXPORT_ROWS", "100000"))
# Attachments (core/attachments.py): stored outside the web root and served only through the scoped download
# view; each file is at most WORKSAFETY_MAX_UPLOAD_BYTES. Photos with more pixels than the cap are refused
# before they are decoded (decompression bombs); 50 MP leaves room for every phone camera's default mode.
WORKSAFETY_ATTACHMENT_DIR = Path(
    os.environ.get("WORKSAFETY_ATTACHMENT_DIR") or DATA_DIR / "attachments"
).resolve()
WORKSAFETY_MAX_ATTACHMENTS = int(os.environ.get("WORKSAFETY_MAX_ATTACHMENTS", "10"))
WORKSAFETY_MAX_IMAGE_PIXELS = int(os.environ.get("WORKSAFETY_MAX_IMAGE_PIXELS", "50000000"))
# Notifications (core/notifications.py): dotted paths of the senders every notification goes to,
# comma-separated. The inbox sender is also the record that makes dedup keys work; keep it first.
WORKSAFETY_NOTIFICATION_SENDERS = [
    path.strip()
    for path in os.environ.get(
        "WORKSAFETY_NOTIFICATION_SENDERS", "worksafety.core.notifications.InboxSender"
    ).split(",")
    if path.strip()
]
# SMS (core/sms.py, enabled by adding worksafety.core.sms.SmsGatewaySender to the senders above): the
# gateway's address and token, the signature it stamps, and which notification categories go out as SMS.
WORKSAFETY_SMS_GATEWAY_URL = os.environ.get("WORKSAFETY_SMS_GATEWAY_URL", "")
WORKSAFETY_SMS_GATEWAY_TOKEN = os.environ.get("WORKSAFETY_SMS_GATEWAY_TOKEN", "")
WORKSAFETY_SMS_SIGNATURE = os.environ.get("WORKSAFETY_SMS_SIGNATURE", "【安全生产】")
WORKSAFETY_SMS_CATEGORIES = [
    code.strip() for code in os.environ.get("WORKSAFETY_SMS_CATEGORIES", "alarm,warning").split(",") if code.strip()
]
# The address users reach the platform at, for links in e-mails (e.g. https://aq.example.gov.cn).
WORKSAFETY_BASE_URL = os.environ.get("WORKSAFETY_BASE_URL", "").rstrip("/")
# Outgoing mail for the e-mail sender; Django's defaults (SMTP on localhost:25) otherwise.
EMAIL_HOST = os.environ.get("WORKSAFETY_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("WORKSAFETY_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("WORKSAFETY_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("WORKSAFETY_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("WORKSAFETY_EMAIL_TLS", False)
EMAIL_TIMEOUT = 10  # a slow mail server must not hold a worker forever
DEFAULT_FROM_EMAIL = os.environ.get("WORKSAFETY_EMAIL_FROM", "worksafety@localhost")
WORKSAFETY_TILE_URL = os.environ.get("WORKSAFETY_TILE_URL", "")
# The public pages' footer: 主办单位 (unset: the district bureau, as the warnings' 发布机关), a contact line, and the
# filing numbers the law asks a site to show: ICP备案号 (linked to beian.miit.gov.cn) and 公安机关备案号 (linked to
# beian.mps.gov.cn); each of the last three is shown only when set.
WORKSAFETY_SITE_OWNER = os.environ.get("WORKSAFETY_SITE_OWNER", "")
WORKSAFETY_SITE_CONTACT = os.environ.get("WORKSAFETY_SITE_CONTACT", "")
WORKSAFETY_ICP_NUMBER = os.environ.get("WORKSAFETY_ICP_NUMBER", "")
WORKSAFETY_PSB_NUMBER = os.environ.get("WORKSAFETY_PSB_NUMBER", "")
WORKSAFETY_MQTT_URL = os.environ.get("WORKSAFETY_MQTT_URL", "")
# Sensor ingestion (monitoring/ingest.py): the largest message, how old or how far ahead of the server clock
# a reading may be, the writer's batch (rows or seconds, whichever first), and how long raw readings stay
# (1-minute and 1-hour rollups stay). Late readings are accepted up to the age limit, which is also how far
# back the rollup job recomputes.
WORKSAFETY_MAX_PAYLOAD_BYTES = int(os.environ.get("WORKSAFETY_MAX_PAYLOAD_BYTES", str(1024 * 1024)))
WORKSAFETY_MAX_READING_AGE_S = int(os.environ.get("WORKSAFETY_MAX_READING_AGE_S", "3600"))
WORKSAFETY_MAX_CLOCK_SKEW_S = int(os.environ.get("WORKSAFETY_MAX_CLOCK_SKEW_S", "60"))
WORKSAFETY_INGEST_BATCH_ROWS = int(os.environ.get("WORKSAFETY_INGEST_BATCH_ROWS", "5000"))
WORKSAFETY_INGEST_BATCH_SECONDS = float(os.environ.get("WORKSAFETY_INGEST_BATCH_SECONDS", "0.25"))
WORKSAFETY_READING_RETENTION_DAYS = int(os.environ.get("WORKSAFETY_READING_RETENTION_DAYS", "30"))
# 分级推送: minutes an alarm of each priority may stay unacknowledged before it is pushed to the enterprise,
# the park, the street and sector department, and the district. Override as
# "emergency=0,0,5,15;high=0,5,15,30;low=0,15,60,120".
WORKSAFETY_ALARM_ESCALATION_MINUTES = {
    priority: [float(m) for m in minutes.split(",")]
    for priority, minutes in (item.split("=") for item in os.environ.get(
        "WORKSAFETY_ALARM_ESCALATION_MINUTES", "emergency=0,0,5,15;high=0,5,15,30;low=0,15,60,120").split(";"))
}
# Hazard deadlines: remind this many working days before, escalate to the department after this many late.
WORKSAFETY_HAZARD_REMIND_WORKDAYS = int(os.environ.get("WORKSAFETY_HAZARD_REMIND_WORKDAYS", "3"))
WORKSAFETY_HAZARD_ESCALATE_WORKDAYS = int(os.environ.get("WORKSAFETY_HAZARD_ESCALATE_WORKDAYS", "5"))
# Public tip-offs: Fernet keys for the reporter's identity (comma-separated, first one encrypts); the header
# that carries the client address when a reverse proxy sits in front (e.g. HTTP_X_REAL_IP), for rate limits.
WORKSAFETY_TIPOFF_KEYS = os.environ.get("WORKSAFETY_TIPOFF_KEYS", "")
WORKSAFETY_CLIENT_IP_HEADER = os.environ.get("WORKSAFETY_CLIENT_IP_HEADER", "REMOTE_ADDR")
WORKSAFETY_CAPTCHA_FONT = _font_file("WORKSAFETY_CAPTCHA_FONT", ["/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"])
# Public warnings (emergency/): the 14-digit 发布单位代码 of GB/T 35965.1-2018 A.1.2 (region, GB/T 4657 sector,
# unit, extension; unset: the district's code + 000 + 000 + 00, see docs/design.md), the 发布机关 printed by
# default (unset: "<district>应急管理局"), the CAP sender (unset: the 发布单位代码) and the CAP status sent
# (Exercise or Test for training and demonstration installs).
WORKSAFETY_WARNING_SENDER_CODE = os.environ.get("WORKSAFETY_WARNING_SENDER_CODE", "")
WORKSAFETY_WARNING_AUTHORITY = os.environ.get("WORKSAFETY_WARNING_AUTHORITY", "")
WORKSAFETY_CAP_SENDER = os.environ.get("WORKSAFETY_CAP_SENDER", "")
WORKSAFETY_CAP_STATUS = os.environ.get("WORKSAFETY_CAP_STATUS", "Actual")
# Emergency resources (emergency/resources/services.py): road distance is taken as the great-circle distance times
# this factor, and the time to arrive as that distance at this average speed; supplies expiring within this
# many days are reported to the warehouse's owner (docs/design.md, "Emergency resources").
WORKSAFETY_ROAD_FACTOR = float(os.environ.get("WORKSAFETY_ROAD_FACTOR", "1.4"))
WORKSAFETY_RESPONSE_SPEED_KMH = float(os.environ.get("WORKSAFETY_RESPONSE_SPEED_KMH", "40"))
WORKSAFETY_SUPPLY_EXPIRY_DAYS = int(os.environ.get("WORKSAFETY_SUPPLY_EXPIRY_DAYS", "30"))
# Incident assistance (emergency/incidents/assistance.py): how old the park weather station's wind may be, the wind
# to assume without it, the release rate an HH gas alarm's proposal assumes until a person corrects it, and
# the terrain of the σ set (rural: Briggs open country; urban).
WORKSAFETY_WEATHER_MAX_AGE_S = int(os.environ.get("WORKSAFETY_WEATHER_MAX_AGE_S", "900"))
WORKSAFETY_DEFAULT_WIND_M_S = float(os.environ.get("WORKSAFETY_DEFAULT_WIND_M_S", "2.0"))
WORKSAFETY_DEFAULT_WIND_FROM_DEG = float(os.environ.get("WORKSAFETY_DEFAULT_WIND_FROM_DEG", "0"))
WORKSAFETY_PROPOSAL_RELEASE_KG_S = float(os.environ.get("WORKSAFETY_PROPOSAL_RELEASE_KG_S", "1.0"))
WORKSAFETY_TERRAIN = os.environ.get("WORKSAFETY_TERRAIN", "rural")
# Penalty cases (enforcement/cases/services.py, docs/design.md "Enforcement"): a fine at or above this many yuan
# makes a decision major (法制审核 required; 50 000 is the 较大数额罚款 for an organisation where the province sets none);
# decisions are public on /public/penalties/ at the latest this many working days after the decision
# (国办发〔2018〕118号: 7); the 文号 abbreviation of each issuing organ, as "district=金应急;dept:jtj=金交".
WORKSAFETY_MAJOR_DECISION_FINE_YUAN = int(os.environ.get("WORKSAFETY_MAJOR_DECISION_FINE_YUAN", "50000"))
WORKSAFETY_PENALTY_PUBLISH_WORKDAYS = int(os.environ.get("WORKSAFETY_PENALTY_PUBLISH_WORKDAYS", "7"))
WORKSAFETY_DOCUMENT_ABBREVIATIONS = dict(
    item.split("=", 1) for item in os.environ.get("WORKSAFETY_DOCUMENT_ABBREVIATIONS", "").split(";") if "=" in item
)
WORKSAFETY_DEMO_PASSWORD = os.environ.get("WORKSAFETY_DEMO_PASSWORD", "demo12345")
# PDFs embed a TrueType CJK font (reportlab cannot embed the CFF outlines of Noto CJK): Debian fonts-wqy-microhei.
# Without one (or with WORKSAFETY_PDF_FONT=none) they use reportlab's built-in STSong-Light (core/pdf.py).
WORKSAFETY_PDF_FONT = _font_file("WORKSAFETY_PDF_FONT", [
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
])

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "worksafety.core.api.pagination.Pagination",
    # JSON with its nesting bounded (core/jsonparse.py): a body nested thousands deep is a 400, not a crash.
    "DEFAULT_PARSER_CLASSES": [
        "worksafety.core.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "worksafety.core.api.renderers.BrowsableAPIRenderer",
        "worksafety.core.api.renderers.XLSXRenderer",
    ],
    # xlsx only where a list exports it (core/api/negotiation.py); elsewhere 406.
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "worksafety.core.api.negotiation.ContentNegotiation",
    # The schema lists xlsx only where negotiation offers it (core/api/schema.py).
    "DEFAULT_SCHEMA_CLASS": "worksafety.core.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "worksafety.core.api.exceptions.exception_handler",
    "PAGE_SIZE": 50,
}

FILTERS_EMPTY_CHOICE_LABEL = gettext_lazy("全部")

SPECTACULAR_SETTINGS = {
    "TITLE": "worksafety API",
    "DESCRIPTION": gettext_lazy("安全生产风险防控与应急管理平台 REST API"),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1/",
    # Served from our own static files: the platform runs on networks with no internet access.
    "SWAGGER_UI_DIST": "/static/vendor/swagger-ui",
    "SWAGGER_UI_FAVICON_HREF": "/static/vendor/swagger-ui/favicon-32x32.png",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("WORKSAFETY_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

AUTHENTICATION_BACKENDS = ["worksafety.core.auth.LockoutModelBackend"]
