from django.urls import URLPattern, URLResolver, include, path

from shuyuan.catalog import views

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
]
