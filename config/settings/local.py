"""Local use and the demo: safe defaults, e-mail written as files under var/mail/, a stable secret."""

import os

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY") or "local-only-not-secret-mostovi-demo-key-0123456789abcdef"
# The demo writes each outgoing e-mail as a file under var/mail/ (an invitation's link can be opened from it).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))  # noqa: F405
