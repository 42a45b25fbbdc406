from django.urls import include, path

from worksafety.indicators import report_views

urlpatterns = [
    path("", include("worksafety.indicators.accidents.urls")),
    path("", include("worksafety.indicators.kpis.urls")),
]

# 安全生产形势分析报告 (report_views.py): the archive, generating on demand, downloads.
urlpatterns += [
    path("reports/", report_views.report_list, name="report_list"),
    path("reports/<int:pk>/<str:fmt>/", report_views.report_download, name="report_download"),
]

# The plan's tasks and their evaluations (task_urls.py) and 目标责任考核 (assessment_urls.py).
urlpatterns += [
    path("", include("worksafety.indicators.task_urls")),
    path("", include("worksafety.indicators.assessment_urls")),
]
