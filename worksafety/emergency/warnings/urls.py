from django.urls import path

from worksafety.emergency.warnings import public_views, views

urlpatterns = [
    path("warnings/", views.WarningListView.as_view(), name="warning_list"),
    path("warnings/add/", views.WarningEditView.as_view(), name="warning_add"),
    path("warnings/subscription/", views.warning_subscription, name="warning_subscription"),
    path("warnings/<int:pk>/", views.WarningDetailView.as_view(), name="warning_detail"),
    path("warnings/<int:pk>/edit/", views.WarningEditView.as_view(), name="warning_edit"),
    path("warnings/<int:pk>/successor/<slug:kind>/", views.warning_successor, name="warning_successor"),
    path("warnings/<int:pk>/<slug:action>/", views.warning_transition, name="warning_transition"),
    # Public, no login.
    path("public/warnings/", public_views.public_warnings, name="public_warnings"),
]
