from django.urls import path

from worksafety.emergency.resources import views

# Each kind's list, add, import, detail, edit and delete pages, then stock, movements and the map.
urlpatterns = [
    *(url for kind in views.ALL_PAGES for url in kind.urls()),
    path("resources/stock/", views.StockListView.as_view(), name="stock_list"),
    path("resources/movements/", views.StockMovementListView.as_view(), name="stockmovement_list"),
    path("resources/stock/import/", views.stock_import, name="stock_import"),
    path("resources/map/", views.resource_map, name="resource_map"),
    path("resources/map.json", views.resource_map_data, name="resource_map_data"),
]
