"""The enforcement pages: each sub-domain's own patterns, under the paths and names they always had."""

from django.urls import include, path

urlpatterns = [
    path("", include("worksafety.enforcement.inspectors.urls")),
    path("", include("worksafety.enforcement.plans.urls")),
    path("", include("worksafety.enforcement.draws.urls")),
    path("", include("worksafety.enforcement.credit.urls")),
    path("", include("worksafety.enforcement.agencies.urls")),
    path("", include("worksafety.enforcement.inspections.urls")),
    path("", include("worksafety.enforcement.cases.urls")),
    path("", include("worksafety.enforcement.statistics.urls")),
]
