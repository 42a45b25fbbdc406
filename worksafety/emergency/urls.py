from django.urls import include, path

from worksafety.emergency import incident_views, plan_views

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

# Emergency plans and drills (plan_views.py).
urlpatterns += [
    path("emergency-plans/", plan_views.PlanListView.as_view(), name="emergencyplan_list"),
    path("emergency-plans/add/", plan_views.PlanEditView.as_view(), name="emergencyplan_add"),
    path("emergency-plans/<int:pk>/", plan_views.PlanDetailView.as_view(), name="emergencyplan_detail"),
    path("emergency-plans/<int:pk>/edit/", plan_views.PlanEditView.as_view(), name="emergencyplan_edit"),
    path("emergency-plans/<int:pk>/cards/", plan_views.plan_cards, name="emergencyplan_cards"),
    path("emergency-plans/<int:pk>/cards.pdf", plan_views.plan_cards_pdf, name="emergencyplan_cards_pdf"),
    path("emergency-plans/<int:plan_pk>/drills/add/", plan_views.DrillEditView.as_view(), name="drill_add"),
    path("drills/", plan_views.DrillListView.as_view(), name="drill_list"),
    path("drills/<int:pk>/", plan_views.DrillDetailView.as_view(), name="drill_detail"),
    path("drills/<int:pk>/edit/", plan_views.DrillEditView.as_view(), name="drill_edit"),
]
