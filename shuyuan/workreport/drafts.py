"""The first draft of the narrative sections, for a library's first report; later reports start from
the narratives of the same period a year before."""

from django.utils.translation import gettext as _

from shuyuan.workreport.models import Section


def default_drafts() -> dict[str, str]:
    return {
        Section.PREFACE: _(
            "With the support of the authorities, the library carried out the plan made at the start of the "
            "year; all staff worked hard and the work went well. The main work of the period is summed up as "
            "follows:"
        ),
        Section.STUDY: _("(Write here the political study and education of the period.)"),
        Section.FREE_OPENING: _(
            "We carried out the free-opening policy of public libraries: every window is open to the public "
            "free of charge, and we added equipment, bought new books and periodicals and improved our service."
        ),
        Section.SERVICES: "",
        Section.PROMOTION: "",
        Section.PLAN: _("1. Keep up every daily service.\n2. Continue collecting local documents."),
        Section.CLOSING: _(
            "We will keep working hard, improve where we fell short, and strive to be a service the citizens "
            "are satisfied with."
        ),
    }
