"""Local development and the demo: DEBUG on, console email, SQLite unless DATABASE_URL.

The secret key is generated per machine into var/ (never committed)."""

import os
import secrets
from pathlib import Path

_var = Path(os.environ.get("STAFFROOM_VAR_DIR", Path(__file__).resolve().parents[4] / "var"))
_key_file = _var / "secret_key"
if "STAFFROOM_SECRET_KEY" not in os.environ and "STAFFROOM_SECRET_KEY_FILE" not in os.environ:
    _var.mkdir(parents=True, exist_ok=True)
    if not _key_file.exists():
        _key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        _key_file.chmod(0o600)
    os.environ["STAFFROOM_SECRET_KEY_FILE"] = str(_key_file)

from staffroom.web.settings.base import *  # noqa: E402, F403

DEBUG = os.environ.get("STAFFROOM_DEBUG", "1") not in {"0", "false", "no"}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
