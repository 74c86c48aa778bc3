from django.urls import path

from shuyuan.serials import views

app_name = "serials"
urlpatterns = [
    path("", views.subscription_list, name="list"),
    path("add/", views.subscription_add, name="add"),
    path("<int:pk>/", views.subscription_detail, name="detail"),
    path("<int:pk>/bind/", views.bind, name="bind"),
    path("check-in/", views.check_in, name="check_in"),
    path("late/", views.late_list, name="late"),
    path("claims/", views.claim_list, name="claims"),
    path("claims/<int:pk>/letter.pdf", views.claim_letter, name="claim_letter"),
    path("subscription-list.pdf", views.postal_list, name="postal_list"),
    path("shelve/", views.shelve, name="shelve"),
    path("renew/", views.renew, name="renew"),
    path("suppliers/", views.suppliers, name="suppliers"),
    path("suppliers/<int:pk>/", views.supplier, name="supplier"),
    path("suppliers/<int:pk>/contacts/", views.add_contact, name="add_contact"),
    path("suppliers/<int:pk>/contacts/<int:contact>/remove/", views.remove_contact, name="remove_contact"),
]
