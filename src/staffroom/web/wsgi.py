"""WSGI entry point (gunicorn staffroom.web.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "staffroom.web.settings.production")

application = get_wsgi_application()
