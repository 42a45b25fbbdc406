from django.urls import path

from worksafety.risk import views

urlpatterns = [
    path("risk/events/", views.RiskEventListView.as_view(), name="riskevent_list"),
    path("risk/events/add/", views.RiskEventEditView.as_view(), name="riskevent_add"),
    path("risk/events/<int:pk>/edit/", views.RiskEventEditView.as_view(), name="riskevent_edit"),
    path("risk/register/", views.risk_register, name="risk_register"),
    path("risk/objects/add/", views.RiskObjectEditView.as_view(), name="riskobject_add"),
    path("risk/objects/<int:pk>/edit/", views.RiskObjectEditView.as_view(), name="riskobject_edit"),
    path("risk/units/add/", views.RiskUnitEditView.as_view(), name="riskunit_add"),
    path("risk/units/<int:pk>/edit/", views.RiskUnitEditView.as_view(), name="riskunit_edit"),
    path("risk/measures/add/", views.ControlMeasureEditView.as_view(), name="controlmeasure_add"),
    path("risk/measures/<int:pk>/edit/", views.ControlMeasureEditView.as_view(), name="controlmeasure_edit"),
    path("risk/tasks/add/", views.CheckTaskEditView.as_view(), name="checktask_add"),
    path("risk/tasks/<int:pk>/edit/", views.CheckTaskEditView.as_view(), name="checktask_edit"),
    path("risk/gradings/", views.EnterpriseGradingListView.as_view(), name="enterprisegrading_list"),
    path("risk/gradings/<int:pk>/", views.EnterpriseGradingDetailView.as_view(), name="enterprisegrading_detail"),
    path("risk/gradings/<int:pk>/review/", views.grading_review, name="enterprisegrading_review"),
    path("enterprises/<int:pk>/grade/hazchem/", views.grade_hazchem, name="grade_hazchem"),
    path("enterprises/<int:pk>/grade/risk-points/", views.grade_from_risk_points, name="grade_from_risk_points"),
    path("risk/supervision/", views.supervision, name="supervision"),
    path("risk/settings/", views.risk_settings, name="risk_settings"),
    path("risk/overview/", views.risk_overview, name="risk_overview"),
    path("risk/settings/rules/add/", views.SupervisionRuleEditView.as_view(), name="supervisionrule_add"),
    path("risk/settings/rules/<int:pk>/edit/", views.SupervisionRuleEditView.as_view(), name="supervisionrule_edit"),
]
