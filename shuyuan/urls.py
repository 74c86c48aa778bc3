from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from shuyuan import views
from shuyuan.api.api import api
from shuyuan.audit.forms import StaffLoginForm

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(authentication_form=StaffLoginForm), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
]

# Each domain app with a urls.py is mounted under its label, e.g. /catalog/ (namespace "catalog").
for config in apps.get_app_configs():
    if config.name.startswith("shuyuan.") and find_spec(f"{config.name}.urls") is not None:
        urlpatterns.append(path(f"{config.label}/", include(f"{config.name}.urls", namespace=config.label)))

admin.site.login_form = StaffLoginForm
admin.site.site_header = admin.site.site_title = "书苑 Shuyuan"
if settings.DEBUG:
    admin.site.site_url = "/"
