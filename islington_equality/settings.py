"""Settings for the Islington Equality Tracker, read from the environment (django-environ).

Every setting a deployment may change is listed in the README's settings table. DEBUG is off unless
asked for; with DEBUG off, SECRET_KEY and ALLOWED_HOSTS must be given.
"""

import tempfile
from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from islington_equality.sso import sso_origin

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A developer's settings may sit in .env (never committed); ENV_FILE names another file, and the
# environment itself always wins.
environ.Env.read_env(env.str("ENV_FILE", default=str(BASE_DIR / ".env")), overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

_DEV_SECRET_KEY = "django-insecure-dev-only-key-never-used-with-debug-off"  # noqa: S105 - used only with DEBUG on  # nosec B105


def _required(name: str, dev_default: object) -> object:
    """A setting production must give; development (DEBUG on) falls back to a safe local value."""
    if name in env.ENVIRON:
        return env.list(name) if isinstance(dev_default, list) else env(name)
    if DEBUG:
        return dev_default
    raise ImproperlyConfigured(
        f"{name} is not set. Set it in the environment (or .env); it is required when DEBUG is off."
    )


SECRET_KEY = _required("SECRET_KEY", _DEV_SECRET_KEY)
ALLOWED_HOSTS = _required("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
CSRF_FAILURE_VIEW = "islington_equality.views.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "django_filters",
    "django_tables2",
    "import_export",
    "simple_history",
    "axes",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "plans",
    "targets",
    "outcomes",
    "planfile",
    "reports",
    "public",
    "reminders",
    "benchmarks",
    "accounts",
    "returns",
    "ninja",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below whitenoise (static files stay cacheable), above everything that makes a page.
    "islington_equality.middleware.PrivateByDefaultMiddleware",
    "islington_equality.middleware.Utf8FormsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "accounts.sessions.SessionIdleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",  # django-allauth needs it; see accounts/
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "islington_equality.middleware.PermissionsPolicyMiddleware",
    # Last, so that it sees the outcome of every sign-in attempt.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses sign-in while locked out
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "islington_equality.urls"
WSGI_APPLICATION = "islington_equality.wsgi.application"

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
                "islington_equality.context_processors.site",
            ],
            # The wording filters (dates, figures, plurals) are used on every page, like `date`.
            "builtins": ["plans.templatetags.wording"],
        },
    },
]
# Forms render through GOV.UK field templates in templates/django/forms/.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite has one writer at a time. IMMEDIATE takes the write lock when a transaction starts,
    # so a write waits its turn (up to the timeout) instead of failing when it upgrades a read
    # lock; past the timeout the form is shown again with the text kept (plans/busy.py).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        transaction_mode="IMMEDIATE", timeout=env.int("SQLITE_TIMEOUT_SECONDS", default=20)
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "islington_equality.passwords.MaximumLengthValidator"},
]
# One cache for every app server, in the database (its table made by plans' migrations): pages keep
# what is expensive in it, never stale (plans/cache.py).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "app_cache",
        "TIMEOUT": env.int("PAGE_CACHE_SECONDS", default=24 * 3600),
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
}


# Longer passwords are refused when set and at sign-in, before any hashing.
PASSWORD_MAX_LENGTH = env.int("PASSWORD_MAX_LENGTH", default=128)
# Sessions live in the database, so any number of app servers can serve one user; they end after a
# working day without activity. The expiry moves with activity, saved at most every few minutes
# (accounts.sessions.SessionIdleMiddleware) rather than on every request.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_HOURS", default=8) * 3600
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = 300

# Sign-in throttling (django-axes): after LOGIN_FAILURE_LIMIT failures for one user name from one
# address, that pair is locked out for LOGIN_COOLOFF_MINUTES.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "islington_equality.views.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Behind the council's proxy the client's address is in X-Forwarded-For: count the proxies.
AXES_IPWARE_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"]
)

# Single sign-on with the council's identity provider (accounts/): OpenID Connect through
# django-allauth, on when an issuer (or an Entra ID tenant) and a client are given. SSO_ISSUER is
# compared exactly with the provider's own (discovery and ID tokens), so keep any trailing slash.
_sso_tenant = env("SSO_ENTRA_TENANT", default="")
SSO_ISSUER = env(
    "SSO_ISSUER",
    default=f"https://login.microsoftonline.com/{_sso_tenant}/v2.0" if _sso_tenant else "",
)
SSO_CLIENT_ID = env("SSO_CLIENT_ID", default="")
SSO_CLIENT_SECRET = env("SSO_CLIENT_SECRET", default="")
SSO_SCOPES = env.list("SSO_SCOPES", default=["openid", "profile", "email"])
SSO_GROUPS_CLAIM = env("SSO_GROUPS_CLAIM", default="groups")
SSO_CLOCK_SKEW_SECONDS = env.int("SSO_CLOCK_SKEW_SECONDS", default=60)
# Whom a signed-in person with no mapped group is told to ask, e.g. "the equality team
# (equality@islington.gov.uk)".
SSO_ACCESS_CONTACT = env("SSO_ACCESS_CONTACT", default="a plan admin")
# Off in production once SSO works: the sign-in page and the admin then offer only SSO.
LOCAL_PASSWORDS = env.bool("LOCAL_PASSWORDS", default=True)

_sso_settings = {
    "SSO_ISSUER": SSO_ISSUER,
    "SSO_CLIENT_ID": SSO_CLIENT_ID,
    "SSO_CLIENT_SECRET": SSO_CLIENT_SECRET,
}
_sso_given = [name for name, value in _sso_settings.items() if value]
if _sso_given and len(_sso_given) < 3:
    raise ImproperlyConfigured(
        "Single sign-on needs SSO_ISSUER (or SSO_ENTRA_TENANT), SSO_CLIENT_ID and "
        f"SSO_CLIENT_SECRET; only {', '.join(_sso_given)} given."
    )
if not LOCAL_PASSWORDS and not _sso_given:
    raise ImproperlyConfigured("LOCAL_PASSWORDS is off but single sign-on is not configured.")
if not 0 <= SSO_CLOCK_SKEW_SECONDS <= 300:
    raise ImproperlyConfigured("SSO_CLOCK_SKEW_SECONDS must be between 0 and 300.")

# django-allauth runs the OpenID Connect protocol; accounts/ supplies the provider (nonce, issuer,
# signature and clock checks) and the app (from the SSO_ settings), and signs the user in itself.
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "provider_class": "accounts.oidc.CouncilProvider",
        "OAUTH_PKCE_ENABLED": True,
    }
}
SOCIALACCOUNT_ADAPTER = "accounts.adapter.CouncilSocialAccountAdapter"
SOCIALACCOUNT_REQUESTS_TIMEOUT = 10

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = None  # show "You have signed out"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static" / "build"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env.bool("STATIC_MANIFEST", default=not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Behind a TLS-terminating proxy: trust its X-Forwarded-Proto, send cookies only over HTTPS, and
# tell browsers to use HTTPS from now on. The health check is answered over plain HTTP too, for
# load balancers.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No inline script or style anywhere: everything comes from our own static files.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
if SSO_ISSUER:
    # The sign-in and sign-out forms post here and are redirected on to the provider, which
    # browsers check against form-action too.
    SECURE_CSP["form-action"].append(sso_origin(SSO_ISSUER))
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)

# The council's name in the header and page titles.
COUNCIL_NAME = env("COUNCIL_NAME", default="Islington Council")
SERVICE_NAME = env("SERVICE_NAME", default="Equality Tracker")

# Status rules (see targets/status.py): days before a due date with no update that make a target
# amber, and days without any update after which a target is stale (amber).
STATUS_WARNING_DAYS = env.int("STATUS_WARNING_DAYS", default=30)
STATUS_STALE_DAYS = env.int("STATUS_STALE_DAYS", default=90)
# Each target's status on every day is stored (targets.models.StatusSpan), judged to this many
# years ahead: recurring targets' later cycles are judged when the timeline is next refreshed.
# After changing any of these three, run `manage.py refresh_status_timelines`.
STATUS_TIMELINE_YEARS = env.int("STATUS_TIMELINE_YEARS", default=10)

# Where the service is reached from outside, for the links in emails (no trailing slash).
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# Email (Django's MAILERS): printed to the console in development; SMTP when DEBUG is off, since a
# console mailer in production would lose every email (check --deploy refuses it, mail.E001).
# EMAIL_BACKEND may be a short name (smtp, console) or a backend's dotted path.
_email_backend = env("EMAIL_BACKEND", default="console" if DEBUG else "smtp")
if "." not in _email_backend:
    _email_backend = f"django.core.mail.backends.{_email_backend}.EmailBackend"
MAILERS = {
    "default": {
        "BACKEND": _email_backend,
        "OPTIONS": {
            "host": env("EMAIL_HOST", default="localhost"),
            "port": env.int("EMAIL_PORT", default=25),
            "username": env("EMAIL_HOST_USER", default=""),
            "password": env("EMAIL_HOST_PASSWORD", default=""),
            "use_tls": env.bool("EMAIL_USE_TLS", default=False),
            "use_ssl": env.bool("EMAIL_USE_SSL", default=False),
            "timeout": env.int("EMAIL_TIMEOUT", default=30),  # a stuck server must not hang cron
        }
        if _email_backend == "django.core.mail.backends.smtp.EmailBackend"
        else {},
    }
}
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", default=f"{SERVICE_NAME} <equality-tracker@localhost>"
)

# Reminders (manage.py send_reminders, run daily; see reminders/rules.py): owners hear about targets
# due within REMINDER_DAYS, or overdue, with no update in that many days; senior managers get the
# week's newly red targets on WEEKLY_SUMMARY_DAY.
REMINDER_DAYS = env.int("REMINDER_DAYS", default=14)
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_summary_day = env("WEEKLY_SUMMARY_DAY", default="monday").strip().lower()
if _summary_day not in _WEEKDAYS:
    raise ImproperlyConfigured(
        f"WEEKLY_SUMMARY_DAY is {_summary_day!r}: give a day of the week, e.g. monday."
    )
WEEKLY_SUMMARY_WEEKDAY = _WEEKDAYS.index(_summary_day)  # date.weekday(): Monday is 0

# The API (api/): requests a minute for each personal access token, and the largest page a list
# returns (?page_size=).
API_RATE_LIMIT_PER_MINUTE = env.int("API_RATE_LIMIT_PER_MINUTE", default=120)
API_MAX_PAGE_SIZE = env.int("API_MAX_PAGE_SIZE", default=200)

# Uploads (see README, "What protects it"): each is refused whole, before anything is stored, when
# larger than this many bytes or longer than this many rows.
MEASUREMENT_FILE_MAX_BYTES = env.int("MEASUREMENT_FILE_MAX_BYTES", default=1_000_000)
MEASUREMENT_FILE_MAX_ROWS = env.int("MEASUREMENT_FILE_MAX_ROWS", default=2000)
ADMIN_IMPORT_MAX_BYTES = env.int("ADMIN_IMPORT_MAX_BYTES", default=2_000_000)
ADMIN_IMPORT_MAX_EXPANDED_BYTES = env.int("ADMIN_IMPORT_MAX_EXPANDED_BYTES", default=20_000_000)
ADMIN_IMPORT_MAX_ROWS = env.int("ADMIN_IMPORT_MAX_ROWS", default=5000)
# Where an admin import waits between its preview and its confirmation (plans/uploads.py): a folder
# only the service reads. With several app servers, a folder they share.
ADMIN_IMPORT_TMP_DIR = env(
    "ADMIN_IMPORT_TMP_DIR", default=str(Path(tempfile.gettempdir()) / "equality-tracker-imports")
)
IMPORT_EXPORT_TMP_STORAGE_CLASS = "plans.uploads.PrivateTempStorage"
PLAN_FILE_MAX_BYTES = env.int("PLAN_FILE_MAX_BYTES", default=5_000_000)

# Public pages and open data: how long browsers and shared caches may keep them (seconds).
PUBLIC_CACHE_SECONDS = env.int("PUBLIC_CACHE_SECONDS", default=300)
# Public pages and open data suppress counts below this (outcomes/disclosure.py).
DISCLOSURE_THRESHOLD = env.int("DISCLOSURE_THRESHOLD", default=5)
# Above this share of a breakdown not recorded, pages warn that its shares may mislead.
NOT_RECORDED_WARNING_PERCENT = env.float("NOT_RECORDED_WARNING_PERCENT", default=10.0)

# One JSON object a line on standard error (islington_equality/log_format.py); a server error's
# line carries the reference its 500 page shows.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "islington_equality.log_format.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # django-axes logs every sign-in at INFO; failures and lockouts (WARNING) are what matter.
    "loggers": {"axes": {"level": "WARNING"}},
}
