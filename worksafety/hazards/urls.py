from django.urls import path

from worksafety.hazards import views

urlpatterns = [
    path("hazards/", views.HazardListView.as_view(), name="hazard_list"),
    path("hazards/add/", views.HazardRegisterView.as_view(), name="hazard_add"),
    path("hazards/statistics/", views.hazard_statistics, name="hazard_statistics"),
    path("hazards/<int:pk>/", views.HazardDetailView.as_view(), name="hazard_detail"),
    path("hazards/<int:pk>/extension/", views.request_extension, name="hazard_request_extension"),
    path("hazards/extensions/<int:pk>/decide/", views.decide_extension, name="hazard_decide_extension"),
    path("hazards/<int:pk>/<slug:action>/", views.hazard_transition, name="hazard_transition"),
]
