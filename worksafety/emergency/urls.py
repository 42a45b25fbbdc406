"""The emergency app's pages: each sub-domain package's own, in this order."""

from django.urls import include, path

urlpatterns = [
    path("", include("worksafety.emergency.warnings.urls")),
    path("", include("worksafety.emergency.resources.urls")),
    path("", include("worksafety.emergency.incidents.urls")),
    path("", include("worksafety.emergency.plans.urls")),
]
