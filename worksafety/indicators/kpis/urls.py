"""规划指标 pages: the indicators and their definitions, the denominators with their xlsx import."""

from django.urls import path

from worksafety.indicators.kpis import views

urlpatterns = [
    path("indicators/", views.indicator_list, name="indicator_list"),
    path("indicators/add/", views.IndicatorEditView.as_view(), name="indicator_add"),
    path("indicators/<int:pk>/edit/", views.IndicatorEditView.as_view(), name="indicator_edit"),
    path("indicators/denominators/", views.DenominatorListView.as_view(), name="denominator_list"),
    path("indicators/denominators/add/", views.DenominatorEditView.as_view(), name="denominator_add"),
    path("indicators/denominators/import/", views.denominator_import, name="denominator_import"),
    path("indicators/denominators/<int:pk>/", views.DenominatorDetailView.as_view(), name="denominator_detail"),
    path("indicators/denominators/<int:pk>/edit/", views.DenominatorEditView.as_view(), name="denominator_edit"),
    path("indicators/denominators/<int:pk>/delete/", views.DenominatorDeleteView.as_view(),
         name="denominator_delete"),
]
