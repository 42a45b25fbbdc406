"""Pages of the inspector roster."""

from django.urls import path

from worksafety.enforcement.inspectors import views

urlpatterns = [
    path("enforcement/inspectors/", views.InspectorListView.as_view(), name="inspector_list"),
    path("enforcement/inspectors/add/", views.InspectorEditView.as_view(), name="inspector_add"),
    path("enforcement/inspectors/<int:pk>/", views.InspectorDetailView.as_view(), name="inspector_detail"),
    path("enforcement/inspectors/<int:pk>/edit/", views.InspectorEditView.as_view(), name="inspector_edit"),
]
