"""Settings of the local OpenID Connect provider that stands in for the marketplaces (Taobao
family, AliExpress, Alibaba.com) on a laptop, in tests and in the docker-compose demo. Not the
portal: its own database (SQLite under var/idp/), its own cookies, its own port.

Run it with bin/run-idp (`make run` starts it beside the portal)."""

import os
import secrets
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
IDP_VAR_DIR = Path(
    os.environ.get("IDP_VAR_DIR") or Path(os.environ.get("IPP_VAR_DIR", BASE_DIR / "var")) / "idp"
)
IDP_VAR_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    path = IDP_VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("IDP_DEBUG", "0") == "1"
ALLOWED_HOSTS = os.environ.get("IDP_ALLOWED_HOSTS", "127.0.0.1,localhost,idp").split(",")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "oauth2_provider",
    "idp",
]
MIDDLEWARE = [
    "idp.middleware.SigningKeyMiddleware",
    "idp.middleware.RealmMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "idp.middleware.RealmMemberMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
ROOT_URLCONF = "idp.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "idp" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "idp.views.realm_context",
            ]
        },
    }
]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": IDP_VAR_DIR / "idp.sqlite3",
        "OPTIONS": {"init_command": "PRAGMA journal_mode=WAL;"},
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_CODE = "en"
# The portal runs on the same host (127.0.0.1) on another port: cookies do not tell ports apart,
# so the provider's cookies have names of their own.
SESSION_COOKIE_NAME = "idp_sessionid"
CSRF_COOKIE_NAME = "idp_csrftoken"
LOGIN_URL = "login"  # each realm's own sign-in page (its URLconf)
# Members of the demo marketplaces only: plain password rules.
AUTH_PASSWORD_VALIDATORS: list[dict] = []
PASSWORD_HASHERS = ["idp.hashers.DemoPBKDF2PasswordHasher"]

OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth2_provider.Application"
OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "PKCE_REQUIRED": True,
    # Loaded from var/idp/keys/ on every request (idp.middleware.SigningKeyMiddleware).
    "OIDC_RSA_PRIVATE_KEY": "",
    "OIDC_RESPONSE_TYPES_SUPPORTED": ["code"],
    "OAUTH2_VALIDATOR_CLASS": "idp.validator.RealmValidator",
    "SCOPES": {
        "openid": "Sign you in",
        "email": "Your email address",
        "profile": "Your member name",
    },
    "DEFAULT_SCOPES": ["openid"],
    # Every sign-in asks for consent (so that declining can be tried every time).
    "REQUEST_APPROVAL_PROMPT": "force",
    "ID_TOKEN_EXPIRE_SECONDS": 300,
    "ACCESS_TOKEN_EXPIRE_SECONDS": 300,
    "AUTHORIZATION_CODE_EXPIRE_SECONDS": 60,
}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("IDP_LOG_LEVEL", "WARNING")},
}
