from django.urls import path

from shuyuan.desk import views

app_name = "desk"
urlpatterns = [
    path("", views.desk, name="desk"),
    path("scan/", views.scan, name="scan"),
    path("reader/<int:pk>/", views.panel, name="panel"),
    path("receipt/<str:session>/", views.receipt, name="receipt"),
    path("slips/<str:session>/", views.slips, name="slips"),
    path("tally/", views.tally, name="tally"),
]
