"""WSGI entry point for gunicorn (``peerlift serve``)."""

import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peerlift.settings")
application = get_wsgi_application()

# Import every view now, so that with `gunicorn --preload` the workers fork with them loaded and the
# first request to each worker does not pay for importing polars, altair and the rest.
get_resolver().url_patterns  # noqa: B018
