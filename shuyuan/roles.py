"""Staff roles as Django groups. Each app's AppConfig may declare ``role_permissions``:
``{"circulation": ["circulation.add_loan", ...]}``; the director role gets every permission."""

from typing import Any

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _


class Role(TextChoices):
    DIRECTOR = "director", _("director / administrator")
    CIRCULATION = "circulation", _("circulation")
    CATALOGUING = "cataloguing", _("cataloguing")
    ACQUISITIONS = "acquisitions", _("acquisitions and serials")
    READING_ROOM = "reading_room", _("reading room")
    ACTIVITIES = "activities", _("activities")
    STATISTICS = "statistics", _("statistics (read-only)")


def declared_permissions() -> dict[str, set[str]]:
    wanted: dict[str, set[str]] = {role: set() for role in Role.values}
    for config in apps.get_app_configs():
        for role, perms in getattr(config, "role_permissions", {}).items():
            wanted[role].update(perms)
    return wanted


def ensure_roles() -> None:
    """Create the role groups and give each exactly the permissions the apps declare."""
    permissions = Permission.objects.select_related("content_type")
    all_perms = {f"{p.content_type.app_label}.{p.codename}": p for p in permissions}
    for role, perms in declared_permissions().items():
        group, _created = Group.objects.get_or_create(name=role)
        if role == Role.DIRECTOR:
            group.permissions.set(all_perms.values())
        else:
            group.permissions.set([all_perms[p] for p in sorted(perms) if p in all_perms])


def ensure_roles_after_migrate(sender: Any, **kwargs: Any) -> None:
    # Permissions are created app by app after migrate; the last app with models sees them all.
    last = [c for c in apps.get_app_configs() if c.models_module is not None][-1]
    if sender.label == last.label:
        ensure_roles()


def role_label(group_name: str) -> str:
    return str(Role(group_name).label) if group_name in Role.values else group_name
