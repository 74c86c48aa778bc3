from django.urls import URLPattern, URLResolver, include, path

from shuyuan.catalog import views, views_cataloguing

app_name = "catalog"
urlpatterns: list[URLPattern | URLResolver] = [
    path("imports/", views.imports, name="imports"),
    path("imports/marc/", views.upload_marc, name="upload_marc"),
    path("imports/table/", views.upload_table, name="upload_table"),
    path("imports/<int:pk>/", views.import_detail, name="import_detail"),
    path("imports/<int:pk>/mapping/", views.import_mapping, name="import_mapping"),
    path("imports/<int:pk>/again/", views.import_again, name="import_again"),
    path("imports/<int:pk>/report.csv", views.import_report, name="import_report"),
    path("imports/<int:pk>/barcodes.csv", views.barcode_map, name="barcode_map"),
    path("export/", views.export, name="export"),
    path("search/", include("shuyuan.catalog.search.urls")),
    path("records/new/", views_cataloguing.record_new, name="record_new"),
    path("records/<int:pk>/", views_cataloguing.record_edit, name="record_edit"),
    path("records/<int:pk>/copies/", views_cataloguing.record_copies, name="record_copies"),
    path("records/<int:pk>/call-number/", views_cataloguing.record_call_number, name="record_call_number"),
    path("records/marc-check/", views_cataloguing.marc_check, name="marc_check"),
    path("queue/", views_cataloguing.queue, name="queue"),
    path("labels/", views_cataloguing.labels_page, name="labels"),
    path("clc/", views_cataloguing.clc_classes, name="clc"),
]
