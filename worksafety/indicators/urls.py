from django.urls import include, path

urlpatterns = [
    path("", include("worksafety.indicators.accidents.urls")),
    path("", include("worksafety.indicators.kpis.urls")),
    path("", include("worksafety.indicators.reports.urls")),
    path("", include("worksafety.indicators.tasks.urls")),
]

# The plan's tasks and their evaluations (task_urls.py) and 目标责任考核 (assessment_urls.py).
urlpatterns += [
    path("", include("worksafety.indicators.assessment_urls")),
]
