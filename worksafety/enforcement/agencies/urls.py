"""Pages of third-party agencies, their qualifications and reports."""

from django.urls import path

from worksafety.enforcement.agencies import views

urlpatterns = [
    path("enforcement/agencies/", views.AgencyListView.as_view(), name="thirdpartyagency_list"),
    path("enforcement/agencies/add/", views.AgencyEditView.as_view(), name="thirdpartyagency_add"),
    path("enforcement/agencies/<int:pk>/", views.AgencyDetailView.as_view(), name="thirdpartyagency_detail"),
    path("enforcement/agencies/<int:pk>/edit/", views.AgencyEditView.as_view(), name="thirdpartyagency_edit"),
    path("enforcement/agencies/<int:pk>/delete/", views.AgencyDeleteView.as_view(), name="thirdpartyagency_delete"),
    path("enforcement/qualifications/add/", views.QualificationEditView.as_view(), name="agencyqualification_add"),
    path("enforcement/qualifications/<int:pk>/edit/", views.QualificationEditView.as_view(),
         name="agencyqualification_edit"),
    path("enforcement/qualifications/<int:pk>/delete/", views.QualificationDeleteView.as_view(),
         name="agencyqualification_delete"),
    path("enforcement/agency-reports/", views.AgencyReportListView.as_view(), name="agencyreport_list"),
    path("enforcement/agency-reports/add/", views.AgencyReportEditView.as_view(), name="agencyreport_add"),
    path("enforcement/agency-reports/<int:pk>/", views.AgencyReportDetailView.as_view(), name="agencyreport_detail"),
    path("enforcement/agency-reports/<int:pk>/edit/", views.AgencyReportEditView.as_view(),
         name="agencyreport_edit"),
    path("enforcement/agency-reports/<int:pk>/delete/", views.AgencyReportDeleteView.as_view(),
         name="agencyreport_delete"),
]
