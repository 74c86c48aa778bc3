from django.contrib import admin

from shuyuan.devices.models import Device


@admin.register(Device)
class DeviceAdmin(admin.ModelAdmin):
    """Credentials are set only through the staff page or ``add_device``, which hash them; their
    digests are shown to nobody (an offline guess needs only the digest)."""

    list_display = ["name", "kind", "username", "branch", "service_point", "is_enabled", "last_seen_at"]
    list_filter = ["kind", "branch", "is_enabled"]
    readonly_fields = ["created_at", "last_seen_at"]
    exclude = ["secret_hash"]

    def has_add_permission(self, request: object) -> bool:
        return False
