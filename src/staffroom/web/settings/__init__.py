"""Settings: ``base`` (shared), ``production`` and ``test``. Values come from the
environment through the small typed helpers in ``staffroom.web.settings.env``."""
