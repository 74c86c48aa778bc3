from django.urls import path

from shuyuan.returns import views

app_name = "returns"
urlpatterns = [
    path("", views.year_return, name="return"),
    path("indicators/", views.indicators, name="indicators"),
    path("export/", views.export, name="export"),
]
