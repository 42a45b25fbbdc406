from django.urls import path

from worksafety.registry import views

urlpatterns = [
    path("enterprises/", views.EnterpriseListView.as_view(), name="enterprise_list"),
    path("enterprises/add/", views.EnterpriseEditView.as_view(), name="enterprise_add"),
    path("enterprises/import/", views.enterprise_import, name="enterprise_import"),
    path("enterprises/<int:pk>/edit/", views.EnterpriseEditView.as_view(), name="enterprise_edit"),
    path("enterprises/<int:pk>/delete/", views.EnterpriseDeleteView.as_view(), name="enterprise_delete"),
    path("licences/add/", views.LicenceEditView.as_view(), name="licence_add"),
    path("licences/<int:pk>/edit/", views.LicenceEditView.as_view(), name="licence_edit"),
    path("parks/", views.ParkListView.as_view(), name="park_list"),
    path("parks/add/", views.ParkEditView.as_view(), name="park_add"),
    path("parks/<int:pk>/", views.ParkDetailView.as_view(), name="park_detail"),
    path("parks/<int:pk>/edit/", views.ParkEditView.as_view(), name="park_edit"),
]
