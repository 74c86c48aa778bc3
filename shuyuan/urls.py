"""Every address of the application, in one list.

The public catalogue (opac) lives at ``/``; the staff home at ``/staff/``. Staff pages live under
their app's prefix, each app's ``urls.py`` naming its
namespace (``app_name``)."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from shuyuan import views
from shuyuan.api.api import api
from shuyuan.audit.forms import StaffLoginForm

urlpatterns = [
    path("staff/", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(authentication_form=StaffLoginForm), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    # foundation
    path("branches/", include("shuyuan.branches.urls")),
    path("devices/", include("shuyuan.devices.urls")),
    path("audit/", include("shuyuan.audit.urls")),
    # domains
    path("catalog/", include("shuyuan.catalog.urls")),
    path("shelving/", include("shuyuan.shelving.urls")),
    path("patrons/", include("shuyuan.patrons.urls")),
    path("patrons/", include("shuyuan.lifecycle.urls")),
    path("circulation/", include("shuyuan.circulation.urls")),
    path("visits/", include("shuyuan.visits.urls")),
    path("outreach/", include("shuyuan.outreach.urls")),
    path("activities/", include("shuyuan.outreach.public_urls")),
    path("acquisitions/", include("shuyuan.acquisitions.urls")),
    path("serials/", include("shuyuan.serials.urls")),
    path("stats/", include("shuyuan.stats.urls")),
    # the national return and the work report, above the statistics
    path("returns/", include("shuyuan.returns.urls")),
    path("workreport/", include("shuyuan.workreport.urls")),
    # statistics pages
    path("tables/", include("shuyuan.stattables.urls")),
    path("dashboards/", include("shuyuan.dashboards.urls")),
    # adapters
    path("sip2/", include("shuyuan.sip2.urls")),
    path("desk/", include("shuyuan.desk.urls")),
    # the public catalogue, the reader's account, SRU and OAI-PMH: last, so that it takes what is left
    path("", include("shuyuan.opac.urls")),
]

admin.site.login_form = StaffLoginForm
admin.site.site_header = admin.site.site_title = "书苑 Shuyuan"
if settings.DEBUG:
    admin.site.site_url = "/"

handler400 = "shuyuan.error_pages.bad_request"
handler403 = "shuyuan.error_pages.permission_denied"
handler404 = "shuyuan.error_pages.page_not_found"
handler500 = "shuyuan.error_pages.server_error"
