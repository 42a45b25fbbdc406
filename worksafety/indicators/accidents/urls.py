"""Accident pages: the list, statistics, 录入 (also from an incident), the accident's page and its steps."""

from django.urls import path

from worksafety.indicators.accidents import views

urlpatterns = [
    path("accidents/", views.AccidentListView.as_view(), name="accident_list"),
    path("accidents/statistics/", views.accident_statistics, name="accident_statistics"),
    path("accidents/add/", views.AccidentEditView.as_view(), name="accident_add"),
    path("accidents/from-incident/", views.accident_from_incident, name="accident_from_incident"),
    path("accidents/<int:pk>/", views.accident_detail, name="accident_detail"),
    path("accidents/<int:pk>/edit/", views.AccidentEditView.as_view(), name="accident_edit"),
    path("accidents/<int:pk>/revise/", views.accident_revise, name="accident_revise"),
    path("accidents/<int:pk>/report/", views.accident_report, name="accident_report"),
    path("accidents/<int:pk>/investigation/", views.accident_investigation, name="accident_investigation"),
    path("accidents/<int:pk>/measures/<int:measure_pk>/done/", views.measure_done, name="accident_measure_done"),
]
