"""The staff navigation and home figures, gathered from each app's AppConfig.

An app offers ``nav_items`` (a list of NavItem) and optionally ``home_figures()`` returning
``[(label, value), ...]``; a user sees the items their permissions allow.
"""

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.http import HttpRequest
from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    label: Any
    url_name: str
    permission: str = ""


def nav_items_for(user: Any) -> list[dict[str, Any]]:
    items = []
    for config in apps.get_app_configs():
        for item in getattr(config, "nav_items", []):
            if not item.permission or user.has_perm(item.permission):
                items.append({"label": item.label, "url": reverse(item.url_name), "app": config.label})
    return items


def home_figures_for(user: Any) -> list[tuple[Any, Any]]:
    figures: list[tuple[Any, Any]] = []
    for config in apps.get_app_configs():
        if hasattr(config, "home_figures"):
            figures.extend(config.home_figures(user))
    return figures


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_staff:
        return {"nav_items": []}
    return {"nav_items": nav_items_for(user)}
