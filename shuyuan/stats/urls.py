from django.urls import path

from shuyuan.stats import views

app_name = "stats"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("figures/<str:name>/", views.measure, name="measure"),
    path("figures/<str:name>/rows/", views.rows, name="rows"),
    path("stock/", views.stock, name="stock"),
    path("manual/", views.manual, name="manual"),
]
