"""目标责任考核 pages and the public results."""

from django.urls import path

from worksafety.indicators.assessments import views

urlpatterns = [
    path("assessments/", views.assessment_list, name="assessment_list"),
    path("assessments/<int:pk>/", views.assessment_detail, name="assessment_detail"),
    path("assessments/<int:pk>/edit/", views.assessment_edit, name="assessment_edit"),
    path("assessments/<int:pk>/steps/<str:action>/", views.assessment_step, name="assessment_step"),
    path("assessments/<int:pk>/items/add/", views.assessment_item_edit, name="assessment_item_add"),
    path("assessments/<int:pk>/items/<int:item_pk>/edit/", views.assessment_item_edit, name="assessment_item_edit"),
    path("assessments/<int:pk>/items/<int:item_pk>/delete/", views.assessment_item_delete,
         name="assessment_item_delete"),
    path("assessments/<int:pk>/vetoes/add/", views.assessment_veto_edit, name="assessment_veto_add"),
    path("assessments/<int:pk>/vetoes/<int:veto_pk>/edit/", views.assessment_veto_edit, name="assessment_veto_edit"),
    path("assessments/<int:pk>/vetoes/<int:veto_pk>/delete/", views.assessment_veto_delete,
         name="assessment_veto_delete"),
    path("assessments/<int:pk>/units/add/", views.assessment_unit_add, name="assessment_unit_add"),
    path("assessments/<int:pk>/units/<int:unit_pk>/remove/", views.assessment_unit_remove,
         name="assessment_unit_remove"),
    path("assessments/<int:pk>/scores/", views.assessment_scores, name="assessment_scores"),
    path("assessments/<int:pk>/units/<int:unit_pk>/", views.assessment_unit, name="assessment_unit"),
    path("assessments/<int:pk>/units/<int:unit_pk>/items/<int:item_pk>/score/", views.assessment_score,
         name="assessment_score"),
    path("assessments/<int:pk>/units/<int:unit_pk>/vetoes/<int:veto_pk>/record/", views.assessment_veto_record,
         name="assessment_veto_record"),
    path("assessments/<int:pk>/units/<int:unit_pk>/vetoes/<int:veto_pk>/withdraw/", views.assessment_veto_withdraw,
         name="assessment_veto_withdraw"),
    path("public/assessments/", views.public_assessments, name="public_assessments"),
    path("public/assessments/<int:year>/", views.public_assessment, name="public_assessment"),
]
