from django.urls import path

from shuyuan.stattables import views

app_name = "stattables"

urlpatterns = [
    path("", views.index, name="index"),
    path("build/", views.build, name="build"),
    path("save/", views.save, name="save"),
    path("<int:pk>/", views.saved, name="saved"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("<int:pk>/schedule/", views.schedule, name="schedule"),
    path("schedules/<int:pk>/remove/", views.unschedule, name="unschedule"),
    path("ready/<str:code>/", views.ready, name="ready"),
]
