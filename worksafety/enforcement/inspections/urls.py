"""Pages of inspections, checklists and enforcement documents."""

from django.urls import path

from worksafety.enforcement.inspections import views

urlpatterns = [
    path("enforcement/inspections/", views.InspectionListView.as_view(), name="inspection_list"),
    path("enforcement/inspections/add/", views.InspectionStartView.as_view(), name="inspection_add"),
    path("enforcement/inspections/<int:pk>/", views.InspectionDetailView.as_view(), name="inspection_detail"),
    path("enforcement/inspections/<int:pk>/record/", views.inspection_record, name="inspection_record"),
    path("enforcement/inspections/<int:pk>/findings/", views.add_finding, name="inspection_add_finding"),
    path("enforcement/inspections/<int:pk>/evidence/", views.attach_evidence,
         name="inspection_attach_evidence"),
    path("enforcement/inspections/<int:pk>/complete/", views.complete_inspection, name="inspection_complete"),
    path("enforcement/inspection-results/<int:pk>/", views.record_result, name="inspection_record_result"),
    path("enforcement/checklists/", views.ChecklistTemplateListView.as_view(), name="checklisttemplate_list"),
    path("enforcement/checklists/add/", views.ChecklistTemplateEditView.as_view(),
         name="checklisttemplate_add"),
    path("enforcement/checklists/<int:pk>/", views.ChecklistTemplateDetailView.as_view(),
         name="checklisttemplate_detail"),
    path("enforcement/checklists/<int:pk>/edit/", views.ChecklistTemplateEditView.as_view(),
         name="checklisttemplate_edit"),
    path("enforcement/checklist-items/<int:pk>/delete/", views.delete_checklist_item,
         name="checklistitem_delete"),
    path("enforcement/documents/", views.EnforcementDocumentListView.as_view(),
         name="enforcementdocument_list"),
    path("enforcement/documents/<int:pk>/", views.EnforcementDocumentDetailView.as_view(),
         name="enforcementdocument_detail"),
]
