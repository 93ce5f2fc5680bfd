"""Settings of the list-page bench's gunicorn servers: the local run's settings with the bench's
URLconf (the product's URLs plus a bare view), a middleware reporting each answer's queries and
database time in headers, and throttles too loose to refuse a bench client (they still run)."""

from ipp.settings_local import *  # noqa: F403
from ipp.settings_local import MIDDLEWARE, REST_FRAMEWORK

ROOT_URLCONF = "bench.urls"
MIDDLEWARE = ["bench.urls.QueryMeter", *MIDDLEWARE]
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {"anon": "1000000/minute", "user": "1000000/minute"},
}
RATELIMIT_ENABLE = False
LOGGING = {"version": 1, "disable_existing_loggers": False}
# Per worker, in memory: the bench has no Redis database of its own.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
