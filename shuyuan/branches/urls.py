from django.urls import path

from shuyuan.branches import views

app_name = "branches"
urlpatterns = [
    path("", views.branch_list, name="list"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/holidays/", views.import_holidays, name="import_holidays"),
    path("calendar/closures/", views.add_closure, name="add_closure"),
]
