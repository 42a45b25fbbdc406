"""Pages of the annual plan and its targets."""

from django.urls import path

from worksafety.enforcement.plans import views

urlpatterns = [
    path("enforcement/plans/", views.AnnualPlanListView.as_view(), name="annualplan_list"),
    path("enforcement/plans/add/", views.AnnualPlanEditView.as_view(), name="annualplan_add"),
    path("enforcement/plans/<int:pk>/", views.AnnualPlanDetailView.as_view(), name="annualplan_detail"),
    path("enforcement/plans/<int:pk>/edit/", views.AnnualPlanEditView.as_view(), name="annualplan_edit"),
    path("enforcement/plans/<int:pk>/progress/", views.plan_progress, name="annualplan_progress"),
    path("enforcement/plans/<int:pk>/regenerate/", views.plan_regenerate, name="annualplan_regenerate"),
    path("enforcement/plans/<int:pk>/<slug:action>/", views.plan_transition, name="annualplan_transition"),
    path("enforcement/targets/", views.PlanTargetListView.as_view(), name="plantarget_list"),
    path("enforcement/targets/<int:pk>/edit/", views.PlanTargetEditView.as_view(), name="plantarget_edit"),
]
