from django.urls import path

from shuyuan.outreach import public

app_name = "activities"
urlpatterns = [
    path("", public.coming, name="coming"),
    path("feed.ics", public.feed, name="feed"),
    path("<int:pk>/", public.detail, name="detail"),
    path("tickets/<str:ticket>/", public.ticket, name="ticket"),
]
