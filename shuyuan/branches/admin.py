from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User

from shuyuan.branches.models import Branch, Closure, Library, OpeningHours, PublicHoliday, ServicePoint, StaffProfile


@admin.register(Library)
class LibraryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "isil", "region_code"]


class ServicePointInline(admin.TabularInline):
    model = ServicePoint
    extra = 0


@admin.register(Branch)
class BranchAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "partner_name", "area_m2", "seats", "shelves", "is_active"]
    list_filter = ["kind", "is_active"]
    inlines = [ServicePointInline]


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


@admin.register(ServicePoint)
class ServicePointAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "branch", "is_active"]
    list_filter = ["kind", "branch"]
    inlines = [OpeningHoursInline]


@admin.register(PublicHoliday)
class PublicHolidayAdmin(admin.ModelAdmin):
    list_display = ["date", "name", "kind"]
    list_filter = ["kind"]
    date_hierarchy = "date"


@admin.register(Closure)
class ClosureAdmin(admin.ModelAdmin):
    list_display = ["branch", "first_day", "last_day", "kind", "reason"]
    list_filter = ["branch", "kind"]
    readonly_fields = ["created_at"]

    def has_add_permission(self, request: object) -> bool:
        return False  # closures are added on the calendar page, which audits them


class StaffProfileInline(admin.StackedInline):
    model = StaffProfile
    can_delete = False
    filter_horizontal = ["branches"]


class StaffUserAdmin(UserAdmin):
    inlines = [StaffProfileInline]


admin.site.unregister(User)
admin.site.register(User, StaffUserAdmin)
