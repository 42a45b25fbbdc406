from django.urls import path

from worksafety.hazards import public_views, views

urlpatterns = [
    path("hazards/", views.HazardListView.as_view(), name="hazard_list"),
    path("hazards/add/", views.HazardRegisterView.as_view(), name="hazard_add"),
    path("hazards/statistics/", views.hazard_statistics, name="hazard_statistics"),
    path("hazards/quarterly/", views.hazard_quarterly, name="hazard_quarterly"),
    path("hazards/checks/", views.CheckRecordListView.as_view(), name="checkrecord_list"),
    path("hazards/checks/<int:pk>/", views.CheckRecordView.as_view(), name="checkrecord_detail"),
    path("hazards/<int:pk>/", views.HazardDetailView.as_view(), name="hazard_detail"),
    path("hazards/<int:pk>/dossier.pdf", views.hazard_dossier, name="hazard_dossier"),
    path("hazards/<int:pk>/extension/", views.request_extension, name="hazard_request_extension"),
    path("hazards/extensions/<int:pk>/decide/", views.decide_extension, name="hazard_decide_extension"),
    path("hazards/<int:pk>/<slug:action>/", views.hazard_transition, name="hazard_transition"),
    # Public, no login.
    path("public/listed-hazards/", public_views.listed_notice, name="public_listed_hazards"),
]
