"""Pages of penalty cases, and the public decisions (no login)."""

from django.urls import path

from worksafety.enforcement.cases import public_views, views

urlpatterns = [
    path("enforcement/cases/", views.PenaltyCaseListView.as_view(), name="penaltycase_list"),
    path("enforcement/cases/add/", views.PenaltyCaseFileView.as_view(), name="penaltycase_add"),
    path("enforcement/cases/<int:pk>/", views.PenaltyCaseDetailView.as_view(), name="penaltycase_detail"),
    path("enforcement/cases/<int:pk>/edit/", views.PenaltyCaseEditView.as_view(), name="penaltycase_edit"),
    path("enforcement/cases/<int:pk>/statements/", views.add_statement, name="penaltycase_statement"),
    path("enforcement/cases/<int:pk>/hearing/", views.record_hearing, name="penaltycase_hearing"),
    path("enforcement/cases/<int:pk>/transfers/", views.record_transfer, name="penaltycase_transfer"),
    path("enforcement/cases/<int:pk>/publish/", views.publish_case, name="penaltycase_publish"),
    path("enforcement/cases/<int:pk>/<slug:action>/", views.case_transition, name="penaltycase_transition"),
    # Public, no login.
    path("public/penalties/", public_views.public_penalties, name="public_penalties"),
    path("public/penalties/<int:pk>/", public_views.public_penalty, name="public_penalty"),
]
