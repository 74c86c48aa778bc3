from django.urls import URLPattern, path

from shuyuan.shelving import views

app_name = "shelving"
urlpatterns: list[URLPattern] = [
    path("scan/", views.scan, name="scan"),
    path("scan/clear/", views.scan_clear, name="scan_clear"),
    path("inventories/", views.inventories, name="inventories"),
    path("inventories/<int:pk>/", views.inventory, name="inventory"),
    path("inventories/<int:pk>/scan/", views.inventory_scan, name="inventory_scan"),
    path("inventories/<int:pk>/file/", views.inventory_file, name="inventory_file"),
    path("inventories/<int:pk>/confirm/", views.inventory_confirm, name="inventory_confirm"),
    path("inventories/<int:pk>/report.csv", views.inventory_csv, name="inventory_csv"),
    path("rfid/", views.rfid, name="rfid"),
    path("rfid/file/", views.rfid_file, name="rfid_file"),
    path("weeding/", views.weeding, name="weeding"),
    path("weeding/<int:pk>/", views.weeding_batch, name="weeding_batch"),
    path("weeding/<int:pk>/add/", views.weeding_add, name="weeding_add"),
    path("weeding/<int:pk>/remove/", views.weeding_remove, name="weeding_remove"),
    path("weeding/<int:pk>/submit/", views.weeding_submit, name="weeding_submit"),
    path("weeding/<int:pk>/approve/", views.weeding_approve, name="weeding_approve"),
    path("weeding/<int:pk>/send-back/", views.weeding_send_back, name="weeding_send_back"),
    path("weeding/<int:pk>/list.csv", views.weeding_list, name="weeding_list"),
    path("progress/", views.progress, name="progress"),
]
