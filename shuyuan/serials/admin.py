from django.contrib import admin

from shuyuan.serials.models import Subscription, Supplier


@admin.register(Supplier)
class SupplierAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "contact", "phone")


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ("title", "year", "issn", "cn", "postal_code", "supplier", "copies", "price")
    list_filter = ("year", "frequency", "supplier")
    search_fields = ("title", "issn", "cn", "postal_code")
    readonly_fields = ("renewed_from", "record", "created_at")
