"""Why the work report refuses; each reason has the Chinese sentence staff see."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from shuyuan.refusals import Refused


class Reason(models.TextChoices):
    BROKEN_TAG = (
        "broken_tag",
        _("The template is not used: line %(line)s, at %(tag)s: %(problem)s. The last good template stays in use."),
    )
    NOT_A_DOCX = "not_a_docx", _("The file is not a Word document (.docx).")
    UNKNOWN_SECTION = "unknown_section", _("There is no narrative section %(section)s.")
    TOO_LONG = "too_long", _("The narrative %(section)s is longer than %(limit)s characters.")


class WorkReportRefused(Refused):
    pass
