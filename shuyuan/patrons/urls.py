from django.urls import path

from shuyuan.patrons import views

app_name = "patrons"
urlpatterns = [
    path("", views.search, name="search"),
    path("register/", views.register, name="register"),
    path("id-check/", views.id_check, name="id_check"),
    path("join/", views.join, name="join"),
    path("pending/", views.pending, name="pending"),
    path("deposits/", views.deposits, name="deposits"),
    path("import/", views.import_file, name="import"),
    path("export/", views.export, name="export"),
    path("registrations/", views.registrations, name="registrations"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/confirm/", views.confirm, name="confirm"),
    path("<int:pk>/renew/", views.renew, name="renew"),
    path("<int:pk>/block/", views.block, name="block"),
    path("<int:pk>/replace-card/", views.replace_card, name="replace_card"),
    path("<int:pk>/pin/", views.reset_pin, name="reset_pin"),
    path("<int:pk>/notices/", views.notice_channel, name="notice_channel"),
    path("<int:pk>/reveal/", views.reveal, name="reveal"),
    path("<int:pk>/card.pdf", views.card, name="card"),
    path("<int:pk>/refund/", views.refund, name="refund"),
    path("blocks/<int:pk>/lift/", views.lift_block, name="lift_block"),
    path("cards/<int:pk>/lost/", views.card_lost, name="card_lost"),
]
