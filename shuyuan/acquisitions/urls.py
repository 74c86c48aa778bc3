from django.urls import URLPattern, path

from shuyuan.acquisitions import views

app_name = "acquisitions"
urlpatterns: list[URLPattern] = [
    path("", views.home, name="home"),
    path("vendors/", views.vendors, name="vendors"),
    path("funds/", views.funds, name="funds"),
    path("funds/<int:pk>/rollover/", views.rollover, name="rollover"),
    path("orders/new/", views.new_order, name="new_order"),
    path("orders/from-suggestions/", views.order_from_suggestions, name="order_from_suggestions"),
    path("orders/from-search/", views.order_from_search, name="order_from_search"),
    path("orders/<int:pk>/", views.order, name="order"),
    path("orders/<int:pk>/batch/", views.receive_batch, name="receive_batch"),
    path("orders/<int:pk>/invoice/", views.invoice, name="invoice"),
    path("lines/<int:pk>/<str:action>/", views.line_action, name="line_action"),
    path("receive/", views.scan, name="scan"),
    path("claims/", views.claims, name="claims"),
    path("vendors/<int:pk>/claim-letter.pdf", views.claim_letter, name="claim_letter"),
    path("suggestions/", views.suggestions, name="suggestions"),
    path("suggestions/<int:pk>/<str:action>/", views.answer, name="answer"),
    path("discrepancies/<int:pk>/", views.decide, name="decide"),
    path("report/", views.report, name="report"),
    path("donations/", views.donations, name="donations"),
    path("donations/<int:pk>/certificate.pdf", views.certificate, name="certificate"),
    path("exchange/", views.pool, name="pool"),
]
