"""Translation for what settings.py and the start of the ``shuyuan`` command say to an operator.

They speak before Django's translation machinery can (it needs the very settings being loaded), so
they read the project's own catalogue (``shuyuan/locale``) with the standard library, in the
default language. Source strings are English, like every other message; the Chinese is in the .po.
"""

import gettext as stdlib_gettext
from functools import cache
from pathlib import Path

from django.utils.translation import to_locale

LANGUAGE_CODE = "zh-hans"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"


@cache
def catalogue() -> stdlib_gettext.NullTranslations:
    return stdlib_gettext.translation("django", LOCALE_DIR, languages=[to_locale(LANGUAGE_CODE)], fallback=True)


def gettext(message: str) -> str:
    return catalogue().gettext(message)
