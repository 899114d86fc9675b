"""Local use and the demo: safe defaults, console e-mail, a stable development secret."""

import os

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY") or "local-only-not-secret-mostovi-demo-key-0123456789abcdef"
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
