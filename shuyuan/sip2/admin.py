from django.contrib import admin

from shuyuan.sip2.models import KioskOptions


@admin.register(KioskOptions)
class KioskOptionsAdmin(admin.ModelAdmin):
    list_display = ["device", "due_date_form"]
    list_select_related = ["device"]
