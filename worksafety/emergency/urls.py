from django.urls import include, path

from worksafety.emergency import incident_views

urlpatterns = [
    path("", include("worksafety.emergency.warnings.urls")),
    path("", include("worksafety.emergency.resources.urls")),
]

# Incidents (incident_views.py): the list, 接报, the command board and its actions.
urlpatterns += [
    path("incidents/", incident_views.IncidentListView.as_view(), name="incident_list"),
    path("incidents/add/", incident_views.IncidentReportView.as_view(), name="incident_add"),
    path("incidents/<int:pk>/", incident_views.incident_board, name="incident_board"),
    path("incidents/<int:pk>/confirm/", incident_views.incident_confirm, name="incident_confirm"),
    path("incidents/<int:pk>/dismiss/", incident_views.incident_dismiss, name="incident_dismiss"),
    path("incidents/<int:pk>/update/", incident_views.incident_update, name="incident_update"),
    path("incidents/<int:pk>/scenario/", incident_views.incident_scenario, name="incident_scenario"),
    path("incidents/<int:pk>/notices/<int:notice_pk>/", incident_views.incident_notice, name="incident_notice"),
    path("incidents/<int:pk>/tasks/", incident_views.incident_task_add, name="incident_task_add"),
    path("incidents/<int:pk>/tasks/<int:task_pk>/", incident_views.incident_task_state, name="incident_task_state"),
    path("incidents/<int:pk>/review/", incident_views.incident_review, name="incident_review"),
    path("incidents/<int:pk>/<slug:action>/", incident_views.incident_transition, name="incident_transition"),
    path("simulation/", incident_views.consequence_simulation, name="consequence_simulation"),
    path("incidents/from-alarm/<int:alarm_pk>/", incident_views.alarm_propose_incident,
         name="alarm_propose_incident"),
]

urlpatterns += [
    path("", include("worksafety.emergency.plans.urls")),
]
