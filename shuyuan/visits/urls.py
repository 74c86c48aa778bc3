from django.urls import path

from shuyuan.visits import views

app_name = "visits"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("points/<str:code>/days/<str:on>/", views.day, name="day"),
    path("points/<str:code>/tally/", views.tally, name="tally"),
    path("counts/<int:pk>/correct/", views.correct, name="correct"),
    path("import/", views.import_counter_file, name="import_counter_file"),
    path("rooms/<str:code>/board/", views.board, name="board"),
    path("rooms/<str:code>/computers/<int:computer>/start/", views.start_session, name="start_session"),
    path("rooms/<str:code>/sessions/<int:session>/end/", views.end_session, name="end_session"),
    path("eresources/", views.eresources, name="eresources"),
]
