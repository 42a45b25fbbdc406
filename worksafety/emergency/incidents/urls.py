from django.urls import path

from worksafety.emergency.incidents import views

# The list, 接报, the command board and its actions, and the consequence simulation.
urlpatterns = [
    path("incidents/", views.IncidentListView.as_view(), name="incident_list"),
    path("incidents/add/", views.IncidentReportView.as_view(), name="incident_add"),
    path("incidents/<int:pk>/", views.incident_board, name="incident_board"),
    path("incidents/<int:pk>/confirm/", views.incident_confirm, name="incident_confirm"),
    path("incidents/<int:pk>/dismiss/", views.incident_dismiss, name="incident_dismiss"),
    path("incidents/<int:pk>/update/", views.incident_update, name="incident_update"),
    path("incidents/<int:pk>/scenario/", views.incident_scenario, name="incident_scenario"),
    path("incidents/<int:pk>/notices/<int:notice_pk>/", views.incident_notice, name="incident_notice"),
    path("incidents/<int:pk>/tasks/", views.incident_task_add, name="incident_task_add"),
    path("incidents/<int:pk>/tasks/<int:task_pk>/", views.incident_task_state, name="incident_task_state"),
    path("incidents/<int:pk>/review/", views.incident_review, name="incident_review"),
    path("incidents/<int:pk>/<slug:action>/", views.incident_transition, name="incident_transition"),
    path("simulation/", views.consequence_simulation, name="consequence_simulation"),
    path("incidents/from-alarm/<int:alarm_pk>/", views.alarm_propose_incident,
         name="alarm_propose_incident"),
]
