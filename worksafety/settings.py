"""One settings file, driven by environment variables (healthchecks style).

SQLite in WAL mode is the embedded default; `DATABASE_URL=postgres://…` switches to PostgreSQL.
A `.env` file in the working directory is read first, without overriding the real environment.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy

BASE_DIR = Path(__file__).resolve().parent


def _read_dotenv(path: Path) -> None:
    if not path.is_file():
        return
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            os.environ.setdefault(key.strip(), value.strip().strip('"').strip("'"))


def _env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


_read_dotenv(Path.cwd() / ".env")

DATA_DIR = Path(os.environ.get("WORKSAFETY_DATA_DIR", "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = _env_bool("WORKSAFETY_DEBUG", False)
DEVELOPMENT_SECRET_KEY = "dev-only-insecure-key-set-WORKSAFETY_SECRET_KEY"
SECRET_KEY = os.environ.get("WORKSAFETY_SECRET_KEY") or DEVELOPMENT_SECRET_KEY
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
]

ROOT_URLCONF = "worksafety.urls"
ASGI_APPLICATION = "worksafety.asgi.application"
WSGI_APPLICATION = "worksafety.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
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
WORKSAFETY_CAPTCHA_FONT = os.environ.get("WORKSAFETY_CAPTCHA_FONT",
                                         "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
# Public warnings (emergency/): the 14-digit 发布单位代码 of GB/T 35965.1-2018 A.1.2 (region, GB/T 4657 sector,
# unit, extension; unset: the district's code + 000 + 000 + 00, see docs/design.md), the 发布机关 printed by
# default (unset: "<district>应急管理局"), the CAP sender (unset: the 发布单位代码) and the CAP status sent
# (Exercise or Test for training and demonstration installs).
WORKSAFETY_WARNING_SENDER_CODE = os.environ.get("WORKSAFETY_WARNING_SENDER_CODE", "")
WORKSAFETY_WARNING_AUTHORITY = os.environ.get("WORKSAFETY_WARNING_AUTHORITY", "")
WORKSAFETY_CAP_SENDER = os.environ.get("WORKSAFETY_CAP_SENDER", "")
WORKSAFETY_CAP_STATUS = os.environ.get("WORKSAFETY_CAP_STATUS", "Actual")
# Emergency resources (emergency/resources.py): road distance is taken as the great-circle distance times
# this factor, and the time to arrive as that distance at this average speed; supplies expiring within this
# many days are reported to the warehouse's owner (docs/design.md, "Emergency resources").
WORKSAFETY_ROAD_FACTOR = float(os.environ.get("WORKSAFETY_ROAD_FACTOR", "1.4"))
WORKSAFETY_RESPONSE_SPEED_KMH = float(os.environ.get("WORKSAFETY_RESPONSE_SPEED_KMH", "40"))
WORKSAFETY_SUPPLY_EXPIRY_DAYS = int(os.environ.get("WORKSAFETY_SUPPLY_EXPIRY_DAYS", "30"))
# Incident assistance (emergency/assistance.py): how old the park weather station's wind may be, the wind
# to assume without it, the release rate an HH gas alarm's proposal assumes until a person corrects it, and
# the terrain of the σ set (rural: Briggs open country; urban).
WORKSAFETY_WEATHER_MAX_AGE_S = int(os.environ.get("WORKSAFETY_WEATHER_MAX_AGE_S", "900"))
WORKSAFETY_DEFAULT_WIND_M_S = float(os.environ.get("WORKSAFETY_DEFAULT_WIND_M_S", "2.0"))
WORKSAFETY_DEFAULT_WIND_FROM_DEG = float(os.environ.get("WORKSAFETY_DEFAULT_WIND_FROM_DEG", "0"))
WORKSAFETY_PROPOSAL_RELEASE_KG_S = float(os.environ.get("WORKSAFETY_PROPOSAL_RELEASE_KG_S", "1.0"))
WORKSAFETY_TERRAIN = os.environ.get("WORKSAFETY_TERRAIN", "rural")
# Penalty cases (enforcement/penalties.py, docs/design.md "Enforcement"): a fine at or above this many yuan makes
# a decision major (法制审核 required; 50 000 is the 较大数额罚款 for an organisation where the province sets none);
# decisions are public on /public/penalties/ at the latest this many working days after the decision
# (国办发〔2018〕118号: 7); the 文号 abbreviation of each issuing organ, as "district=金应急;dept:jtj=金交".
WORKSAFETY_MAJOR_DECISION_FINE_YUAN = int(os.environ.get("WORKSAFETY_MAJOR_DECISION_FINE_YUAN", "50000"))
WORKSAFETY_PENALTY_PUBLISH_WORKDAYS = int(os.environ.get("WORKSAFETY_PENALTY_PUBLISH_WORKDAYS", "7"))
WORKSAFETY_DOCUMENT_ABBREVIATIONS = dict(
    item.split("=", 1) for item in os.environ.get("WORKSAFETY_DOCUMENT_ABBREVIATIONS", "").split(";") if "=" in item
)
WORKSAFETY_DEMO_PASSWORD = os.environ.get("WORKSAFETY_DEMO_PASSWORD", "demo12345")
# PDFs embed a TrueType CJK font (reportlab cannot embed the CFF outlines of Noto CJK): Debian fonts-wqy-microhei.
_CJK_FONTS = [
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
]
WORKSAFETY_PDF_FONT = os.environ.get("WORKSAFETY_PDF_FONT") or next(
    (path for path in _CJK_FONTS if Path(path).is_file()), ""
)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "worksafety.core.api.pagination.Pagination",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
        "worksafety.core.api.renderers.XLSXRenderer",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "worksafety.core.api.exceptions.exception_handler",
    "PAGE_SIZE": 50,
}

FILTERS_EMPTY_CHOICE_LABEL = gettext_lazy("全部")

SPECTACULAR_SETTINGS = {
    "TITLE": "worksafety API",
    "DESCRIPTION": "安全生产风险防控与应急管理平台 REST API",
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
