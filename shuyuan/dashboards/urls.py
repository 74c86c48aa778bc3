from django.urls import path

from shuyuan.dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("live/", views.live, name="live"),
    path("live/data.json", views.live_data, name="live_data"),
]
