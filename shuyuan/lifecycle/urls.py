"""Mounted under /patrons/ beside the readers' pages (see shuyuan/urls.py)."""

from django.urls import path

from shuyuan.lifecycle import views

app_name = "lifecycle"
urlpatterns = [
    path("<int:pk>/merge/", views.merge, name="merge"),
    path("<int:pk>/erase/", views.erase, name="erase"),
]
