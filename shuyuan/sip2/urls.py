from django.urls import path

from shuyuan.sip2 import views

app_name = "sip2"
urlpatterns = [
    path("", views.kiosk_list, name="kiosks"),
    path("<int:pk>/", views.kiosk_detail, name="kiosk"),
    path("conflicts/<int:pk>/resolve/", views.conflict_resolve, name="conflict_resolve"),
]
