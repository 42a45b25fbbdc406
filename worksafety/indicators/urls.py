from django.urls import include, path

from worksafety.indicators import kpi_views, report_views

urlpatterns = [
    path("", include("worksafety.indicators.accidents.urls")),
]

# The plan's indicators and their denominators (kpi_views.py).
urlpatterns += [
    path("indicators/", kpi_views.indicator_list, name="indicator_list"),
    path("indicators/add/", kpi_views.IndicatorEditView.as_view(), name="indicator_add"),
    path("indicators/<int:pk>/edit/", kpi_views.IndicatorEditView.as_view(), name="indicator_edit"),
    path("indicators/denominators/", kpi_views.DenominatorListView.as_view(), name="denominator_list"),
    path("indicators/denominators/add/", kpi_views.DenominatorEditView.as_view(), name="denominator_add"),
    path("indicators/denominators/import/", kpi_views.denominator_import, name="denominator_import"),
    path("indicators/denominators/<int:pk>/", kpi_views.DenominatorDetailView.as_view(), name="denominator_detail"),
    path("indicators/denominators/<int:pk>/edit/", kpi_views.DenominatorEditView.as_view(), name="denominator_edit"),
    path("indicators/denominators/<int:pk>/delete/", kpi_views.DenominatorDeleteView.as_view(),
         name="denominator_delete"),
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
