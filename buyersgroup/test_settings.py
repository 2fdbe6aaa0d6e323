"""Fast settings for the test suite (pytest-django): same apps, quicker hashing."""

import os

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production-0123456789abcdef")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("TASKS_BACKEND", "immediate")
# Creating and dropping the test database (with live-server threads closing) may take longer than 3 s.
os.environ.setdefault("DATABASE_STATEMENT_TIMEOUT_MS", "30000")

from buyersgroup.settings import *  # noqa: E402,F403
from buyersgroup.settings import BASE_DIR  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / ".test-media"  # each test gets its own folder (tests/conftest.py)
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
LOGGING = {"version": 1, "disable_existing_loggers": False}
WHITENOISE_USE_FINDERS = True
# Live-server request threads must not keep connections open: the test database is dropped at the end.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# Tests roll their rows back without signals: a kept list of categories or criteria would outlive
# them. Kept lists are tested on their own (tests/search/test_page.py).
REFERENCE_CHOICES_SECONDS = 0
