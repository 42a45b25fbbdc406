"""Pages of the credit lists and credit repair, and the public list (no login)."""

from django.urls import path

from worksafety.enforcement.credit import public_views, views

urlpatterns = [
    path("enforcement/credit/", views.CreditListingListView.as_view(), name="creditlisting_list"),
    path("enforcement/credit/add/", views.CreditListingEditView.as_view(), name="creditlisting_add"),
    path("enforcement/credit/<int:pk>/", views.CreditListingDetailView.as_view(), name="creditlisting_detail"),
    path("enforcement/credit/<int:pk>/edit/", views.CreditListingEditView.as_view(), name="creditlisting_edit"),
    path("enforcement/credit/<int:pk>/revoke/", views.listing_revoke, name="creditlisting_revoke"),
    path("enforcement/credit/<int:pk>/repair/", views.repair_apply, name="creditlisting_repair"),
    path("enforcement/repairs/", views.CreditRepairListView.as_view(), name="creditrepair_list"),
    path("enforcement/repairs/<int:pk>/", views.CreditRepairDetailView.as_view(), name="creditrepair_detail"),
    path("enforcement/repairs/<int:pk>/<slug:action>/", views.repair_decide, name="creditrepair_decide"),
    # Public, no login.
    path("public/credit/", public_views.public_credit, name="public_credit"),
]
