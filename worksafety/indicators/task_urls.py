"""The plan's tasks, their milestones and quarterly progress (task_views.py)."""

from django.urls import path

from worksafety.indicators import task_views

urlpatterns = [
    path("plan-tasks/", task_views.plantask_list, name="plantask_list"),
    path("plan-tasks/add/", task_views.PlanTaskEditView.as_view(), name="plantask_add"),
    path("plan-tasks/import/", task_views.plantask_import, name="plantask_import"),
    path("plan-tasks/reporting/", task_views.plantask_reporting, name="plantask_reporting"),
    path("plan-tasks/<int:pk>/", task_views.plantask_detail, name="plantask_detail"),
    path("plan-tasks/<int:pk>/edit/", task_views.PlanTaskEditView.as_view(), name="plantask_edit"),
    path("plan-tasks/<int:pk>/progress/", task_views.plantask_file, name="plantask_file"),
    path("plan-tasks/milestones/add/", task_views.MilestoneEditView.as_view(), name="milestone_add"),
    path("plan-tasks/milestones/<int:pk>/edit/", task_views.MilestoneEditView.as_view(), name="milestone_edit"),
    path("plan-tasks/milestones/<int:pk>/achieve/", task_views.milestone_achieve, name="milestone_achieve"),
]
