from django.urls import path

from worksafety.emergency.plans import views

# Emergency plans and drills.
urlpatterns = [
    path("emergency-plans/", views.PlanListView.as_view(), name="emergencyplan_list"),
    path("emergency-plans/add/", views.PlanEditView.as_view(), name="emergencyplan_add"),
    path("emergency-plans/<int:pk>/", views.PlanDetailView.as_view(), name="emergencyplan_detail"),
    path("emergency-plans/<int:pk>/edit/", views.PlanEditView.as_view(), name="emergencyplan_edit"),
    path("emergency-plans/<int:pk>/cards/", views.plan_cards, name="emergencyplan_cards"),
    path("emergency-plans/<int:pk>/cards.pdf", views.plan_cards_pdf, name="emergencyplan_cards_pdf"),
    path("emergency-plans/<int:plan_pk>/drills/add/", views.DrillEditView.as_view(), name="drill_add"),
    path("drills/", views.DrillListView.as_view(), name="drill_list"),
    path("drills/<int:pk>/", views.DrillDetailView.as_view(), name="drill_detail"),
    path("drills/<int:pk>/edit/", views.DrillEditView.as_view(), name="drill_edit"),
]
