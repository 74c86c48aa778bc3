from django.urls import path

from shuyuan.outreach import views

app_name = "outreach"
urlpatterns = [
    path("", views.calendar, name="calendar"),
    path("plan/", views.plan, name="plan"),
    path("<int:pk>/", views.activity, name="activity"),
    path("<int:pk>/sign-up/", views.sign_up_at_desk, name="sign_up"),
    path("<int:pk>/door/", views.door, name="door"),
    path("<int:pk>/outcome/", views.outcome, name="outcome"),
    path("<int:pk>/photos/", views.add_photo, name="add_photo"),
    path("photos/<int:pk>/<str:size>/", views.photo, name="photo"),
    path("sign-ups/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("volunteers/", views.volunteers, name="volunteers"),
    path("volunteers/<int:pk>/", views.volunteer, name="volunteer"),
    path("volunteers/<int:pk>/certificate/", views.certificate, name="certificate"),
    path("shifts/<int:pk>/<str:way>/", views.shift_clock, name="shift_clock"),
    path("training/", views.trainings, name="trainings"),
    path("branches/", views.open_branch, name="open_branch"),
    path("branches/<int:pk>/", views.opening, name="opening"),
    path("branches/<int:pk>/stock/", views.stock_branch, name="stock_branch"),
    path("branches/<int:pk>/donations/", views.donations, name="donations"),
]
