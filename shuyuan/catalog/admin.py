from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from shuyuan.catalog.models import Collection, ImportBatch, Item, ItemType, OldBarcode, Record


@admin.register(ItemType)
class ItemTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "is_loanable", "is_for_children", "media_type", "security_marker"]


@admin.register(Collection)
class CollectionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "branch", "shelving_location", "floats"]
    list_filter = ["branch", "floats"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records, items and imports change only through the catalogue's services (search index, history)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Record)
class RecordAdmin(ReadOnlyAdmin):
    list_display = ["title", "responsibility", "isbn", "publisher", "year", "clc", "marc_format"]
    search_fields = ["title", "isbn", "control_number"]
    list_filter = ["marc_format", "material_type"]
    exclude = ["marc"]


@admin.register(Item)
class ItemAdmin(ReadOnlyAdmin):
    list_display = ["barcode", "record", "call_number", "collection", "home_branch", "current_branch", "status"]
    search_fields = ["barcode", "call_number"]
    list_filter = ["status", "home_branch", "item_type"]
    raw_id_fields = ["record"]


@admin.register(OldBarcode)
class OldBarcodeAdmin(ReadOnlyAdmin):
    list_display = ["barcode", "item", "created_at"]
    search_fields = ["barcode", "item__barcode"]


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyAdmin):
    list_display = ["file_name", "kind", "status", "is_dry_run", "records_read", "records_created", "items_created"]
