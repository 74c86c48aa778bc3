from django.urls import path

from shuyuan.opac import account, views
from shuyuan.opac.harvest import oai_pmh, sru

app_name = "opac"
urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search_page, name="search"),
    path("search/advanced/", views.advanced, name="advanced"),
    path("record/<int:pk>/", views.record, name="record"),
    path("shelf/", views.shelf, name="shelf"),
    path("classes/", views.classes, name="classes"),
    path("new/", views.new_arrivals, name="new"),
    path("new/feed.atom", views.new_arrivals_feed, name="new_feed"),
    path("libraries/", views.branches, name="branches"),
    path("libraries/<str:code>/", views.branch, name="branch"),
    path("display/", views.large_type, name="large_type"),
    path("account/", account.account, name="account"),
    path("account/login/", account.login, name="login"),
    path("account/logout/", account.logout, name="logout"),
    path("account/loans/<int:pk>/renew/", account.renew, name="renew"),
    path("account/loans/renew-all/", account.renew_all, name="renew_all"),
    path("account/holds/place/<int:record_id>/", account.place_hold, name="place_hold"),
    path("account/holds/<int:pk>/cancel/", account.cancel_hold, name="cancel_hold"),
    path("account/ecard/", account.ecard_page, name="ecard"),
    path("account/history/", account.history, name="history"),
    path("account/pin/", account.change_pin, name="pin"),
    path("account/suggestions/", account.suggestions, name="suggestions"),
    path("account/notices/", account.notice_channel, name="notice_channel"),
    path("account/activities/<int:pk>/sign-up/", account.activity_sign_up, name="activity_sign_up"),
    path("sru", sru.endpoint, name="sru"),
    path("oai", oai_pmh.endpoint, name="oai"),
]
