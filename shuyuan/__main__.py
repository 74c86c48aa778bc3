"""The ``shuyuan`` command: Django's manage.py for this project, with short errors for people."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shuyuan.settings")
    from django.core.exceptions import ImproperlyConfigured

    try:
        from django.core.management import execute_from_command_line

        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as exc:
        from shuyuan.early_translation import gettext

        sys.exit(gettext("Configuration error: %(error)s") % {"error": exc})


if __name__ == "__main__":
    main()
