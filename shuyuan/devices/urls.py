from django.urls import path

from shuyuan.devices import views

app_name = "devices"
urlpatterns = [
    path("", views.device_list, name="list"),
    path("add/", views.device_add, name="add"),
    path("<int:pk>/toggle/", views.device_toggle, name="toggle"),
    path("<int:pk>/reset/", views.device_reset, name="reset"),
]
