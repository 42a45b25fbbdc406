from django.urls import path

from worksafety.monitoring import views

urlpatterns = [
    path("monitoring/", views.live, name="monitoring_live"),
    path("monitoring/alarms/live/", views.live_alarms, name="monitoring_live_alarms"),
    path("monitoring/map.json", views.map_data, name="monitoring_map"),
    path("monitoring/stream/", views.stream, name="monitoring_stream"),
    path("monitoring/kpis/", views.kpi_page, name="monitoring_kpis"),
    path("monitoring/rejections/", views.RejectionListView.as_view(), name="rejection_list"),
    path("monitoring/sensors/", views.SensorListView.as_view(), name="sensor_list"),
    path("monitoring/sensors/add/", views.SensorEditView.as_view(), name="sensor_add"),
    path("monitoring/sensors/import/", views.sensor_import, name="sensor_import"),
    path("monitoring/sensors/<int:pk>/", views.SensorDetailView.as_view(), name="sensor_detail"),
    path("monitoring/sensors/<int:pk>/edit/", views.SensorEditView.as_view(), name="sensor_edit"),
    path("monitoring/sensors/<int:pk>/service/", views.sensor_service, name="sensor_service"),
    path("monitoring/sensors/<int:pk>/trend.json", views.trend, name="sensor_trend"),
    path("monitoring/alarms/", views.AlarmListView.as_view(), name="alarm_list"),
    path("monitoring/alarms/<int:pk>/", views.AlarmDetailView.as_view(), name="alarm_detail"),
    path("monitoring/alarms/<int:pk>/<slug:action>/", views.alarm_action, name="alarm_action"),
]
