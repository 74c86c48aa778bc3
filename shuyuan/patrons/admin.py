from django.contrib import admin

from shuyuan.patrons.models import PatronCategory


@admin.register(PatronCategory)
class PatronCategoryAdmin(admin.ModelAdmin):
    """Categories are the library's to define; readers themselves are edited on the staff pages,
    which mask personal data and audit every reveal."""

    list_display = ("code", "name", "kind", "max_age", "next_category")
    list_filter = ("kind",)
