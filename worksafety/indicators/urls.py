"""The app's pages: each sub-domain's urls.py, included at the root with its own paths and names."""

from django.urls import include, path

urlpatterns = [
    path("", include("worksafety.indicators.accidents.urls")),
    path("", include("worksafety.indicators.kpis.urls")),
    path("", include("worksafety.indicators.reports.urls")),
    path("", include("worksafety.indicators.tasks.urls")),
    path("", include("worksafety.indicators.assessments.urls")),
]
