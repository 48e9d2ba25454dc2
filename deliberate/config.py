"""Default configuration. Secrets never live here: they come from the instance folder
(``instance/config.py``, the generated ``secret_key`` file) or ``DELIBERATE_*`` variables."""

from datetime import timedelta

# Empty means "the SQLite file in the instance folder"; create_app fills it in.
DATABASE_URL = ""

SQLALCHEMY_ENGINE_OPTIONS: dict = {}
SQLALCHEMY_TRACK_MODIFICATIONS = False

BABEL_DEFAULT_LOCALE = "zh"
BABEL_DEFAULT_TIMEZONE = "Asia/Shanghai"
LANGUAGES = {"zh": "简体中文", "en": "English"}

BOOTSTRAP_SERVE_LOCAL = True

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Turn on behind HTTPS (DELIBERATE_SESSION_COOKIE_SECURE=true).
SESSION_COOKIE_SECURE = False
PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
REMEMBER_COOKIE_HTTPONLY = True
REMEMBER_COOKIE_SAMESITE = "Lax"

WTF_CSRF_TIME_LIMIT = None

# Uploads (rosters, signed replies) travel in the request body.
MAX_CONTENT_LENGTH = 16 * 1024 * 1024

# Failed sign-ins allowed per account and per address inside the window.
LOGIN_THROTTLE_ATTEMPTS = 5
LOGIN_THROTTLE_WINDOW = timedelta(minutes=15)

PASSWORD_MIN_LENGTH = 8

# Account administration (creating, editing, deactivating accounts, resetting passwords,
# importing rosters) and creating API tokens need the password typed within this many
# seconds: at sign-in or on the "confirm your password" page (auth/reauth.py).
REAUTH_WINDOW_SECONDS = 600
PASSWORD_HASH_METHOD = "scrypt"  # noqa: S105  (an algorithm name, not a secret)

ITEMS_PER_PAGE = 20

# Rendered list pages kept per worker until anything is written (core/pagecache.py); the
# age limit only matters for writes made outside the app. 0 turns the cache off.
PAGE_CACHE_SECONDS = 600
PAGE_CACHE_ENTRIES = 200

# Each session's statistics kept per worker until something of that session changes
# (reports/summary.py, core/stamps.py); the age limit only matters for writes made outside
# the app. 0 turns it off (every page counts every session it shows).
STATISTICS_CACHE_SECONDS = 3600
STATISTICS_CACHE_SESSIONS = 100

# Outgoing mail is optional: the inbox works without it.
MAIL_SERVER = ""
MAIL_PORT = 25
MAIL_USE_TLS = False
MAIL_USERNAME = ""
MAIL_PASSWORD = ""
MAIL_SENDER = "deliberate@localhost"

# Number of reverse proxies in front of the app whose X-Forwarded-For is trusted (0: none).
PROXY_FIX_X_FOR = 0

# API: requests allowed per token ("600/minute", "10/second", "5000/hour"; 0 turns the
# limit off) and the largest request body it reads, below MAX_CONTENT_LENGTH.
API_RATE_LIMIT = "600/minute"
API_MAX_BODY = 12 * 1024 * 1024

# Public base URL used in notification e-mails and API documents.
BASE_URL = "http://127.0.0.1:5000"
