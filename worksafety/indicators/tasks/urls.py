"""规划任务 pages: the plan's tasks, their milestones and quarterly progress."""

from django.urls import path

from worksafety.indicators.tasks import views

urlpatterns = [
    path("plan-tasks/", views.plantask_list, name="plantask_list"),
    path("plan-tasks/add/", views.PlanTaskEditView.as_view(), name="plantask_add"),
    path("plan-tasks/import/", views.plantask_import, name="plantask_import"),
    path("plan-tasks/reporting/", views.plantask_reporting, name="plantask_reporting"),
    path("plan-tasks/<int:pk>/", views.plantask_detail, name="plantask_detail"),
    path("plan-tasks/<int:pk>/edit/", views.PlanTaskEditView.as_view(), name="plantask_edit"),
    path("plan-tasks/<int:pk>/progress/", views.plantask_file, name="plantask_file"),
    path("plan-tasks/milestones/add/", views.MilestoneEditView.as_view(), name="milestone_add"),
    path("plan-tasks/milestones/<int:pk>/edit/", views.MilestoneEditView.as_view(), name="milestone_edit"),
    path("plan-tasks/milestones/<int:pk>/achieve/", views.milestone_achieve, name="milestone_achieve"),
]
