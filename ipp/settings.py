"""IPP Portal settings. Everything that differs between a laptop and production comes from the
environment; the defaults are the embedded local run (SQLite, filesystem broker, files on disk),
except for security: without IPP_LOCAL=1 these are production settings, which need a real
SECRET_KEY and enforce https (ipp/security.py)."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from ipp import security

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("IPP_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


# The explicit local run (make run, make test, bin/run-local, ipp.settings_local): a key generated
# under var/ and plain http. Anything else is production.
LOCAL = env_bool("IPP_LOCAL", False)
SECRET_KEY = security.secret_key(local=LOCAL, var_dir=VAR_DIR)
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]
# The public origin every link in an email starts with (core.mail.absolute): SITE_URL, else
# http://127.0.0.1:$PORT locally, else https://<first ALLOWED_HOSTS entry> (ipp/security.py).
SITE_URL = security.site_url(local=LOCAL, allowed_hosts=ALLOWED_HOSTS)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "rest_framework",
    "knox",  # API tokens: hashed, expiring, one per client (accounts.ApiToken)
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_countries",
    "django_altcha",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "core",
    "accounts",
    "ipr",
    "catalogue",
    "complaints",
    "reviews",
    "appeals",  # appeals against decisions, decided by a second reviewer (DSA Art. 20)
    "guidance",  # help pages: per-platform complaint guidance, contact, the DMCA agent
    "signin_oidc",  # sign in with a marketplace account (OpenID Connect relying party)
    "ipp",  # project-wide management commands (seed_demo)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # The Content-Security-Policy header (CONTENT_SECURITY_POLICY below).
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Cache-Control: no-store on every private answer (signed in, a session, the API).
    "core.middleware.PrivateNoStoreMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Keeps the per-account index of browser sessions (accounts.UserSession) current.
    "accounts.browser_sessions.SessionIndexMiddleware",
    # Times shown in the viewer's time zone (the account's, else IPP["DEFAULT_TIME_ZONE"]).
    "core.middleware.UserTimeZoneMiddleware",
    # A signed-in person's saved language wins over the browser's (core.languages).
    "core.languages.SavedLanguageMiddleware",
    # request.user.is_verified(): has this session passed the second factor (django-otp)?
    "django_otp.middleware.OTPMiddleware",
    # Staff (and anyone who turned the second factor on) reach nothing but the second-factor
    # step until their session is verified.
    "accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.middleware.RejectNulBytesMiddleware",
    # Turns a rate-limit refusal into RATELIMIT_VIEW's 429 page instead of a bare 403.
    "django_ratelimit.middleware.RatelimitMiddleware",
    # Database or broker down: JSON 503 for the API, a styled page for people (never a bare 500).
    "core.unavailable.ServiceUnavailableMiddleware",
    # Pages with marketplace sign-in buttons may send forms on to the marketplaces' sign-in.
    "signin_oidc.middleware.ProviderFormActionMiddleware",
]

ROOT_URLCONF = "ipp.urls"
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "ipp.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.portal",
            ],
        },
    },
]

# --- Database: SQLite (WAL) under var/ unless DATABASE_URL says otherwise ----------------------
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'ipp.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    # A server database keeps each worker's connection for a minute (opening one per request was
    # a tenth of a list page's time), checked before reuse so a restarted server costs no error.
    DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DB_CONN_MAX_AGE", "60"))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if "postgresql" in DATABASES["default"]["ENGINE"]:
    # No Memoize plans: the planner sizes a Memoize node's hash table for every row the join
    # could see, not for the page's LIMIT, and setting up the two on a seller's page of fifty
    # URLs cost PostgreSQL more than reading them (1.1 ms -> 0.6 ms at 100,000 complaints).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c enable_memoize=off"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # Tests use a file too, never Django's shared in-memory database: the live server and the
    # in-process Celery worker reach it from other threads, which only WAL, IMMEDIATE
    # transactions and the busy timeout above make safe (as they do for `make run`). One file per
    # test run, so that two runs in one checkout do not replace each other's database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test_ipp.{os.getpid()}.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (rate limits, replay protection): Redis when configured, else the database ---------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    # django-redis with IGNORE_EXCEPTIONS: when Redis is down, rate limits and replay checks fail
    # open (logged) instead of turning every request into a 500.
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "ipp_cache",
        }
    }
RATELIMIT_USE_CACHE = "default"
RATELIMIT_VIEW = "core.views.rate_limited"
# key="ip" means the client address of core.http.client_ip (IPP_TRUSTED_PROXIES), as everywhere.
RATELIMIT_IP_META_KEY = "core.http.ratelimit_ip"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
# Second factor (django-otp): the name authenticator apps show beside the account, and the wait
# after each wrong code doubling from one second (1, 2, 4, 8 ... seconds).
OTP_TOTP_ISSUER = "IPP Portal"
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
# The admin may delete a lost device (its owner then enrols again) but never shows a secret.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
LOGIN_REDIRECT_URL = "accounts:account"
LOGOUT_REDIRECT_URL = "home"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- Transport: https in production (redirect, HSTS, secure cookies); the local run keeps http ---
# IPP_TRUSTED_PROXIES: how many reverse proxies stand in front of the portal. Client addresses
# (audit rows, rate limits, throttles) come from core.http.client_ip, which trusts exactly that
# many X-Forwarded-For entries; behind proxies, the outermost one's X-Forwarded-Proto says https.
IPP_TRUSTED_PROXIES = int(os.environ.get("IPP_TRUSTED_PROXIES", "0"))
SECURE_PROXY_SSL_HEADER = security.proxy_ssl_header(IPP_TRUSTED_PROXIES)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not LOCAL)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # health probes (compose, load balancers) speak http
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if LOCAL else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not LOCAL)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"

# --- Content-Security-Policy (django-csp 4): scripts, styles, images, fonts and fetches from the
# portal itself only; no inline script or style anywhere (templates use static/css classes and
# static/js). The few narrow exceptions are per view, in core/csp.py. Documents carry their own
# policy (a sandbox: core.documents.document_response).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "frame-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# API clients get JSON from a CSRF refusal too (core.error_responses).
CSRF_FAILURE_VIEW = "core.error_responses.csrf_failure"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
TIME_ZONE = "UTC"
USE_I18N = True
# The portal's own catalogues (locale/zh_Hans/LC_MESSAGES/django.po); compiled at install.
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = True

# --- Files: identity documents and evidence are private. Never MEDIA_URL-served. ---------------
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": int(os.environ.get("SIGNED_URL_SECONDS", "120")),
            "file_overwrite": False,
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
        },
    }
else:
    _default_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": "/nonexistent-private/"},
    }
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": os.environ.get(
            "STATICFILES_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
FILE_UPLOAD_PERMISSIONS = 0o600
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
IPP_UPLOAD_MAX_BYTES = int(os.environ.get("IPP_UPLOAD_MAX_BYTES", 10 * 1024 * 1024))
IPP_UPLOAD_MAX_FILES = 12
IPP_UPLOAD_MAX_PIXELS = 40_000_000

# --- Email: files under var/mail locally (read them at /dev/mailbox/), SMTP in production ------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = str(VAR_DIR / "mail")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "IPP Portal <no-reply@ipp.example>")

# --- Celery: filesystem broker with a real worker locally; Redis in CI and production ----------
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")
_broker_dir = VAR_DIR / "broker"
if CELERY_BROKER_URL.startswith("filesystem://"):
    # kombu's filesystem transport with atomic writes (a worker never reads a half-written file)
    CELERY_BROKER_TRANSPORT = "core.broker:Transport"
    for _sub in ("queue", "processed", "control"):
        (_broker_dir / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
else:
    # Redis: an unacknowledged task comes back after `visibility_timeout`, which must exceed the
    # longest task (CELERY_TASK_TIME_LIMIT) but stay minutes, not Redis' default hour. Short
    # socket timeouts make a publish fail fast when the broker is down (the outbox keeps it).
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "300")),
        "socket_connect_timeout": 2,
        "socket_timeout": 10,
        "retry_on_timeout": True,
        "health_check_interval": 10,
    }
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_MAX_RETRIES = None  # the worker waits for the broker, never exits
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Celery's Django fixup closes the database connections around every task unless this is set; the
# worker applies Django's CONN_MAX_AGE rule around each task instead (ipp/celery.py).
CELERY_DB_REUSE_MAX = 1000
CELERY_TASK_TIME_LIMIT = 240
CELERY_TASK_SOFT_TIME_LIMIT = 200
# Outbox work is short: its runner's limit stays under the outbox lease (IPP["OUTBOX"]).
CELERY_TASK_ANNOTATIONS = {
    "core.tasks.run_outbox_message": {"time_limit": 55, "soft_time_limit": 45}
}
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
OUTBOX_RECONCILE_SECONDS = int(os.environ.get("OUTBOX_RECONCILE_SECONDS", "15"))
CELERY_BEAT_SCHEDULE = {
    "outbox-reconcile": {
        "task": "core.tasks.reconcile_outbox",
        "schedule": timedelta(seconds=OUTBOX_RECONCILE_SECONDS),
        "options": {"expires": OUTBOX_RECONCILE_SECONDS * 2},
    },
    "outbox-purge": {"task": "core.tasks.purge_outbox", "schedule": crontab(hour=3, minute=5)},
    "purge-expired-codes": {
        "task": "accounts.tasks.purge_expired_codes",
        "schedule": crontab(minute=17),
    },
    "ipr-daily-sweep": {
        "task": "ipr.tasks.sweep_iprs",
        "schedule": crontab(hour=0, minute=20),
    },
    # Rights owners' accuracy, the good-faith tier and the notice misuse policy
    # (complaints.standing; thresholds in IPP below).
    "complaints-notifier-standings": {
        "task": "complaints.tasks.refresh_notifier_standings",
        "schedule": crontab(hour=1, minute=10),
    },
    "reviews-apply-due-deadlines": {
        "task": "reviews.tasks.apply_due_deadlines",
        "schedule": crontab(minute="*/10"),
    },
    "idempotency-purge": {
        "task": "core.tasks.purge_idempotency_records",
        "schedule": crontab(minute=41),
    },
    # Each person's daily digest of the notices they chose to get that way (core.digest).
    "notifications-daily-digest": {
        "task": "core.tasks.send_daily_digests",
        "schedule": crontab(hour=int(os.environ.get("DIGEST_HOUR_UTC", "7")), minute=0),
    },
    "documents-purge-unattached": {
        "task": "core.tasks.purge_unattached_documents",
        "schedule": crontab(hour=3, minute=35),
    },
    "tallies-compact": {
        "task": "core.tasks.compact_tallies",
        "schedule": timedelta(minutes=1),
        "options": {"expires": 60},
    },
}
CELERY_TIMEZONE = TIME_ZONE

# --- API -------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # knox's TokenAuthentication, noting when each token was last used
        "accounts.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # drf-spectacular's, plus the error answers (400/401/403/404/409/429/503) every operation
    # can give, declared once (core/openapi.py).
    "DEFAULT_SCHEMA_CLASS": "core.openapi.PortalSchema",
    "EXCEPTION_HANDLER": "core.api.exception_handler",
    # JSON only, whatever the Accept header: DRF's browsable pages would answer a browser's
    # errors in HTML, and carry inline script the Content-Security-Policy refuses (the API's
    # pages are its documentation, /api/docs/).
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.CursorPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": [
        # DRF's throttles keyed by core.http.client_ip (DRF's own reading of X-Forwarded-For
        # trusts whatever a client sends when NUM_PROXIES is unset).
        "core.throttling.AnonRateThrottle",
        "core.throttling.UserRateThrottle",
    ],
    "NUM_PROXIES": IPP_TRUSTED_PROXIES,
    "DEFAULT_THROTTLE_RATES": {"anon": "120/minute", "user": "600/minute"},
}
# API tokens (django-rest-knox) in accounts.ApiToken: named per client, stored as hashes, expiring
# after TOKEN_TTL (never extended by use); a password change or reset revokes them all. The header
# stays `Authorization: Token <key>`.
KNOX_TOKEN_MODEL = "accounts.ApiToken"
# knox's own AuthToken is swapped out, but its migrations would still create its table (with a
# foreign key to accounts_user that a PostgreSQL test flush cannot truncate): skip them.
MIGRATION_MODULES = {"knox": None}
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=30),
    "AUTO_REFRESH": False,
    "AUTH_HEADER_PREFIX": "Token",
    "TOKEN_LIMIT_PER_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "IPP Portal API",
    "DESCRIPTION": (
        "Register, verify identity, authenticate IPRs and file takedown complaints against "
        "marketplace listings. Authenticate with `Authorization: Token <key>` from "
        "/api/v1/auth/login/. A token expires (see `expires_at`); each client, named by "
        "`client_name`, holds one."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    # Deep links put an <a> inside each operation's toggle button: a control nested in a
    # control, which screen readers and keyboards cannot use (axe-core nested-interactive).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False},
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several models name a field `status`, `reason` or `document_type` with different choices:
    # each choice set gets one stable name instead of a hash suffix.
    "ENUM_NAME_OVERRIDES": {
        "ComplaintReasonEnum": "complaints.models.ComplaintReason",
        "ComplaintStatusEnum": "complaints.models.ComplaintStatus",
        "ItemStatusEnum": "complaints.models.ItemStatus",
        "ItemRejectionReasonEnum": "complaints.models.ItemRejectionReason",
        "CounterNoticeStatusEnum": "reviews.models.CounterNoticeStatus",
        "IdentitySubmissionStatusEnum": "accounts.models.SubmissionStatus",
        "IdentityDocumentTypeEnum": "accounts.models.IdentityDocumentType",
        "IdentityRejectionReasonEnum": "accounts.models.IdentityRejectionReason",
        "IPRDocumentTypeEnum": "ipr.models.DocumentType",
        "IPRRejectionReasonEnum": "ipr.models.RejectionReason",
        "NotificationCategoryEnum": "core.notification_kinds.Category",
        "NotificationDeliveryEnum": "core.notification_kinds.Delivery",
        "AppealKindEnum": "appeals.models.AppealKind",
        "AppealReasonEnum": "appeals.models.AppealReason",
        "AppealDecisionEnum": ["grant", "dismiss"],
        "DecisionEnum": ["accept", "reject"],  # the reviews' accept / reject (as before)
        "KindEnum": "ipr.models.IPRKind",  # as before appeals had a `kind` too
        # who reads a complaint: the whole shape (complainant, reviewer) or the seller's
        "ComplaintViewerEnum": ["complainant", "reviewer"],
        "SellerViewerEnum": ["seller"],
    },
}

# --- Human check (self-hosted ALTCHA proof of work) --------------------------------------------
ALTCHA_HMAC_KEY = os.environ.get("ALTCHA_HMAC_KEY") or SECRET_KEY
ALTCHA_VERIFICATION_ENABLED = True

# --- Portal rules (each a setting, defaults from the FAQ and DOMAIN.md) -------------------------
IPP = {
    "CODE_LENGTH": 6,
    "CODE_TTL": timedelta(minutes=10),
    "CODE_MAX_ATTEMPTS": 5,
    "RESEND_MIN_INTERVAL": timedelta(seconds=60),
    "RESEND_MAX_PER_HOUR": 5,
    "REGISTER_RATE_PER_IP": "10/h",
    "LOGIN_RATE_PER_IP": "30/10m",
    "FAILED_LOGINS_BEFORE_LOCK": 5,
    "FAILED_LOGIN_LOCK": timedelta(minutes=15),
    "DEVICE_COOKIE": "ipp_device",
    "DEVICE_COOKIE_AGE": timedelta(days=365),
    # How long an API token lives (accounts.policy.api_token_ttl).
    "API_TOKEN_TTL": REST_KNOX["TOKEN_TTL"],
    "AGREEMENT_VERSION": "2026.1",
    # The ALTCHA human check (core/human_check.py): the challenge's upper bound (a browser tries
    # half of it on average: about 2-3 s on a 2-core machine, 5 s at worst; the former 1,000,000
    # took 11-17 s), and how long a solved check is remembered across a form's re-render.
    "HUMAN_CHECK_MAX_NUMBER": int(os.environ.get("HUMAN_CHECK_MAX_NUMBER", "250000")),
    "HUMAN_CHECK_REMEMBER_SECONDS": 600,
    # The help pages (core/help_pages.py): the DMCA designated agent (the FAQ's) and where
    # people get help.
    "DMCA_AGENT": {
        "name": "Intellectual Property Rights Protection Department",
        "address": "969 West Wen Yi Road, Yuhang District, Hangzhou, Zhejiang 311121, PRC",
        "email": "ipr@alibaba-inc.com",
        "phone": "",
    },
    "SUPPORT": {
        "email": os.environ.get("IPP_SUPPORT_EMAIL", "ipr@alibaba-inc.com"),
        "online_service_url": os.environ.get("IPP_ONLINE_SERVICE_URL", ""),
        "aliexpress_online_service_url": os.environ.get("IPP_ALIEXPRESS_SERVICE_URL", ""),
    },
    # The outbox (core.outbox): a runner holds a message for LEASE_SECONDS (longer than the
    # runner's time limit); unfinished work is dispatched again REDISPATCH_AFTER_SECONDS after its
    # last dispatch, and abandoned (its secrets blanked) after GIVE_UP_AFTER_SECONDS.
    "OUTBOX": {
        "LEASE_SECONDS": 60,
        "REDISPATCH_AFTER_SECONDS": int(os.environ.get("OUTBOX_REDISPATCH_AFTER", "60")),
        "DISPATCH_GRACE_SECONDS": 5,
        "GIVE_UP_AFTER_SECONDS": 7 * 24 * 3600,
    },
    # /healthz: the worker is "degraded" when no heartbeat was seen for this long.
    "WORKER_HEARTBEAT_STALE_SECONDS": 120,
    # Working-day calendar for every deadline (weekday numbers: Monday is 0).
    "CALENDAR": {"weekend": (5, 6), "holidays": ()},
    # Times are shown in each account's own time zone (account page); this one for accounts
    # that chose none and for visitors (core.timezones).
    "DEFAULT_TIME_ZONE": os.environ.get("IPP_DEFAULT_TIME_ZONE", "UTC"),
    # IPR authentication: reminder days before each expiry, sweep batch size, review target
    "IPR_REMINDER_DAYS": (30, 7),
    "IPR_SWEEP_BATCH": 5000,
    "IPR_REVIEW_TARGET_DAYS": 5,
    # Listing URLs per complaint, per platform ("default" for the others). FAQ: at most 200.
    "COMPLAINT_MAX_URLS": {"default": 200},
    # Complaint POSTs per account (API filing and drafts), sized for an agency filing in bulk,
    # and the public URL check per client address (complaints/policy.py).
    "COMPLAINT_FILING_RATE": "1200/minute",
    "URL_CHECK_RATE_PER_IP": "120/m",
    # URLs the worker validates in one transaction (a whole 200-URL complaint).
    "COMPLAINT_VALIDATION_BATCH": 200,
    # Answer windows and penalty points: the policies and their values are code
    # (reviews/policy.py). These override values only, e.g.
    # "REVIEW_WINDOWS": {"seller_counter_notice": {"default": 3, "taobao": 5}} (the first
    # counter-notice chance), {"counter_notice_rounds": {"alibaba": [3, 27, 27]}} or
    # "PENALTY_POLICY": {"default": {"daily_cap": 6}, "alibaba": {"merge_window_days": 3}}.
    "REVIEW_WINDOWS": {},
    # Appeals against a decision (appeals app, DSA Art. 20: at least six months), in days.
    "APPEAL_WINDOW_DAYS": 183,
    "PENALTY_POLICY": {},
    # Rights owners' accuracy, the good-faith tier and the notice misuse policy (defaults and
    # their reasons in complaints/standing.py; the published page /help/notice-policy/ states
    # the values in force). Percentages are whole numbers.
    "ACCURACY_WINDOW_DAYS": 90,
    "GOOD_FAITH_MIN_TAKEDOWN_RATE": 90,
    "GOOD_FAITH_MAX_OVERTURNED_RATE": 5,
    "GOOD_FAITH_MIN_DECIDED": 20,
    "GOOD_FAITH_REJOIN_WAIT_DAYS": 90,
    "GOOD_FAITH_REASON_THRESHOLDS": {},
    "MISUSE_UNFOUNDED_REASONS": ("ipr_mismatch", "use_not_located", "not_infringement"),
    "MISUSE_WINDOW_DAYS": 90,
    "MISUSE_MIN_UNFOUNDED": 20,
    "MISUSE_MIN_UNFOUNDED_SHARE": 50,
    "MISUSE_WARNING_VALID_DAYS": 183,
    "MISUSE_SUSPENSION_DAYS": 30,
}

# --- Sign in with a marketplace account (signin_oidc) -------------------------------------------
# One OpenID Connect provider per marketplace: taobao (Member login: Taobao, Tmall, Tmall HK,
# 1688), aliexpress, alibaba. IPP_OIDC_<NAME>_DISCOVERY_URL, _CLIENT_ID, _CLIENT_SECRET and
# optionally _ISSUER (default: the discovery URL without /.well-known/openid-configuration). A
# marketplace without a discovery URL and client id shows no button. bin/run-local points all
# three at the local provider (idp/).
IPP_MARKETPLACE_SIGNIN = {
    name: {
        "discovery_url": os.environ.get(f"IPP_OIDC_{name.upper()}_DISCOVERY_URL", ""),
        "client_id": os.environ.get(f"IPP_OIDC_{name.upper()}_CLIENT_ID", ""),
        "client_secret": os.environ.get(f"IPP_OIDC_{name.upper()}_CLIENT_SECRET", ""),
        "issuer": os.environ.get(f"IPP_OIDC_{name.upper()}_ISSUER", ""),
    }
    for name in ("taobao", "aliexpress", "alibaba")
    if os.environ.get(f"IPP_OIDC_{name.upper()}_DISCOVERY_URL")
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django_altcha": {"level": "ERROR"}},
}
