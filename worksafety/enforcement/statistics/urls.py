"""The enforcement statistics page."""

from django.urls import path

from worksafety.enforcement.statistics import views

urlpatterns = [
    path("enforcement/statistics/", views.statistics_page, name="enforcement_statistics"),
]
