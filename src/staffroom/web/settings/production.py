"""Production: PostgreSQL via DATABASE_URL, HTTPS behind a reverse proxy, secure cookies.

`python -m django check --deploy --settings=staffroom.web.settings.production` passes
with a real secret key and hosts in the environment (see docs/deploy.md).
"""

from staffroom.web.settings.base import *  # noqa: F403
from staffroom.web.settings.env import env_bool, env_int

DEBUG = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("STAFFROOM_SSL_REDIRECT", True)
# Only `staffroom serve --local` (plain http on loopback, for trying it) turns these off.
SESSION_COOKIE_SECURE = env_bool("STAFFROOM_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("STAFFROOM_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("STAFFROOM_HSTS_PRELOAD", False)
# Preloading HSTS commits the whole domain to HTTPS for good, so it is the district's
# choice (STAFFROOM_HSTS_PRELOAD); until it opts in, that one reminder is silenced.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
