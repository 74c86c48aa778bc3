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
    path("overdue/calls/", views.call_list, name="call_list"),
    path("notices/", views.notices, name="notices"),
    path("notices/templates/", views.notice_templates, name="notice_templates"),
    path("notices/templates/<str:kind>/", views.notice_template_edit, name="notice_template"),
    path("notices/templates/<str:kind>/preview/", views.notice_template_preview, name="notice_template_preview"),
    path("notices/templates/<str:kind>/reset/", views.notice_template_reset, name="notice_template_reset"),
]
