from django.urls import path

from shuyuan.workreport import views

app_name = "workreport"
urlpatterns = [
    path("", views.page, name="page"),
    path("narratives/", views.save, name="save"),
    path("file/<str:kind>/", views.download, name="download"),
    path("template/", views.template, name="template"),
    path("template/default/", views.default_template, name="default_template"),
]
