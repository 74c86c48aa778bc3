"""The search and copy-cataloguing pages, mounted by shuyuan/catalog/urls.py under /catalog/search/
(names in the ``catalog`` namespace)."""

from django.urls import path

from shuyuan.catalog import views_search

urlpatterns = [
    path("", views_search.search_page, name="search"),
    path("copy/", views_search.copy_cataloguing, name="copy_cataloguing"),
    path("copy/import/", views_search.copy_import, name="copy_import"),
]
