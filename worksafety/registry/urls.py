from django.urls import path

from worksafety.registry import views

urlpatterns = [
    path("enterprises/", views.EnterpriseListView.as_view(), name="enterprise_list"),
    path("enterprises/add/", views.EnterpriseEditView.as_view(), name="enterprise_add"),
    path("enterprises/import/", views.enterprise_import, name="enterprise_import"),
    path("enterprises/<int:pk>/", views.EnterpriseDetailView.as_view(), name="enterprise_detail"),
    path("enterprises/<int:pk>/edit/", views.EnterpriseEditView.as_view(), name="enterprise_edit"),
    path("enterprises/<int:pk>/delete/", views.EnterpriseDeleteView.as_view(), name="enterprise_delete"),
    path("licences/add/", views.LicenceEditView.as_view(), name="licence_add"),
    path("licences/<int:pk>/edit/", views.LicenceEditView.as_view(), name="licence_edit"),
    path("parks/", views.ParkListView.as_view(), name="park_list"),
    path("parks/add/", views.ParkEditView.as_view(), name="park_add"),
    path("parks/<int:pk>/", views.ParkDetailView.as_view(), name="park_detail"),
    path("parks/<int:pk>/edit/", views.ParkEditView.as_view(), name="park_edit"),
    path("chemicals/", views.ChemicalListView.as_view(), name="chemical_list"),
    path("chemicals/add/", views.ChemicalEditView.as_view(), name="chemical_add"),
    path("chemicals/<int:pk>/", views.ChemicalDetailView.as_view(), name="chemical_detail"),
    path("chemicals/<int:pk>/edit/", views.ChemicalEditView.as_view(), name="chemical_edit"),
    path("hazard-units/", views.HazardUnitListView.as_view(), name="hazardunit_list"),
    path("hazard-units/add/", views.HazardUnitEditView.as_view(), name="hazardunit_add"),
    path("hazard-units/<int:pk>/", views.HazardUnitDetailView.as_view(), name="hazardunit_detail"),
    path("hazard-units/<int:pk>/edit/", views.HazardUnitEditView.as_view(), name="hazardunit_edit"),
    path("hazard-units/<int:pk>/delete/", views.HazardUnitDeleteView.as_view(), name="hazardunit_delete"),
    path("hazard-units/<int:pk>/substances/", views.hazardunit_substance, name="hazardunit_substance"),
]
