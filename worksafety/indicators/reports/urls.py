"""安全生产形势分析报告 pages: the archive, generating on demand, downloads."""

from django.urls import path

from worksafety.indicators.reports import views

urlpatterns = [
    path("reports/", views.report_list, name="report_list"),
    path("reports/<int:pk>/<str:fmt>/", views.report_download, name="report_download"),
]
