from django.urls import path

from shuyuan.circulation import views

app_name = "circulation"
urlpatterns = [
    path("rules/", views.rule_matrix, name="rules"),
    path("rules/new/", views.rule_edit, name="rule_new"),
    path("rules/<int:pk>/", views.rule_edit, name="rule_edit"),
    path("rules/<int:pk>/delete/", views.rule_delete, name="rule_delete"),
    path("overdue/", views.overdue, name="overdue"),
    path("overdue-readers/", views.overdue_readers, name="overdue_readers"),
    path("overdue-readers/<int:pk>/lift/", views.lift_listing, name="lift_listing"),
    path("batches/<int:pk>/manifest/", views.manifest, name="manifest"),
    path("notices/", views.notices, name="notices"),
]
