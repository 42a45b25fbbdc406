from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("api/v1/", include("worksafety.api_urls")),
    path("admin/", admin.site.urls),
    path("", include("worksafety.core.urls")),
    path("", include("worksafety.registry.urls")),
    path("", include("worksafety.risk.urls")),
    path("", include("worksafety.hazards.urls")),
    path("", include("worksafety.tipoffs.urls")),
    path("", include("worksafety.monitoring.urls")),
    path("", include("worksafety.emergency.urls")),
    path("", include("worksafety.enforcement.urls")),
    path("", include("worksafety.indicators.urls")),
    path("", include("worksafety.web.urls")),
]
