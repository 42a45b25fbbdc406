from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from worksafety.core.api import views as core_api
from worksafety.emergency.incidents.api import views as incidents_api
from worksafety.emergency.plans.api import views as plans_api
from worksafety.emergency.resources.api import views as resources_api
from worksafety.emergency.warnings.api import views as emergency_api
from worksafety.enforcement.agencies import api as agencies_api
from worksafety.enforcement.cases import api as cases_api
from worksafety.enforcement.credit import api as credit_api
from worksafety.enforcement.draws import api as draws_api
from worksafety.enforcement.inspections import api as inspections_api
from worksafety.enforcement.inspectors import api as inspectors_api
from worksafety.enforcement.plans import api as enforcement_plans_api
from worksafety.enforcement.statistics import api as enforcement_statistics_api
from worksafety.hazards.api import views as hazards_api
from worksafety.indicators.accidents import api as accidents_api
from worksafety.indicators.assessments import api as assessments_api
from worksafety.indicators.kpis import api as kpis_api
from worksafety.indicators.reports import api as reports_api
from worksafety.indicators.tasks import api as plan_tasks_api
from worksafety.monitoring.api import views as monitoring_api
from worksafety.registry.api import views as registry_api
from worksafety.risk.api import views as risk_api
from worksafety.tipoffs.api import views as tipoffs_api

router = DefaultRouter()
router.register("areas", core_api.AreaViewSet)
router.register("sectors", core_api.SectorViewSet)
router.register("departments", core_api.DepartmentViewSet)
router.register("audit", core_api.AuditEntryViewSet)
router.register("notifications", core_api.NotificationViewSet, basename="notification")
router.register("parks", registry_api.ParkViewSet)
router.register("enterprises", registry_api.EnterpriseViewSet)
router.register("licences", registry_api.LicenceViewSet)
router.register("chemicals", risk_api.ChemicalViewSet)
router.register("hazard-units", risk_api.HazardUnitViewSet)
router.register("risk-points", risk_api.RiskEventViewSet)
router.register("risk-objects", risk_api.RiskObjectViewSet)
router.register("risk-units", risk_api.RiskUnitViewSet)
router.register("control-measures", risk_api.ControlMeasureViewSet)
router.register("check-tasks", risk_api.CheckTaskViewSet)
router.register("enterprise-gradings", risk_api.EnterpriseGradingViewSet)
router.register("hazards", hazards_api.HazardViewSet)
router.register("check-records", hazards_api.CheckRecordViewSet)
router.register("tipoffs", tipoffs_api.TipOffViewSet)
router.register("warnings", emergency_api.WarningViewSet)
router.register("rescue-teams", resources_api.RescueTeamViewSet)
router.register("warehouses", resources_api.WarehouseViewSet)
router.register("supply-items", resources_api.SupplyItemViewSet)
router.register("stocks", resources_api.StockViewSet)
router.register("stock-movements", resources_api.StockMovementViewSet)
router.register("experts", resources_api.ExpertViewSet)
router.register("shelters", resources_api.ShelterViewSet)
router.register("sensitive-targets", resources_api.SensitiveTargetViewSet)
router.register("emergency-plans", plans_api.EmergencyPlanViewSet)
router.register("drills", plans_api.DrillViewSet)
router.register("incidents", incidents_api.IncidentViewSet)
router.register("inspectors", inspectors_api.InspectorViewSet)
router.register("enforcement-plans", enforcement_plans_api.AnnualPlanViewSet)
router.register("draws", draws_api.DrawViewSet)
router.register("credit-listings", credit_api.CreditListingViewSet)
router.register("credit-repairs", credit_api.CreditRepairViewSet)
router.register("agencies", agencies_api.ThirdPartyAgencyViewSet)
router.register("agency-reports", agencies_api.AgencyReportViewSet)
router.register("inspections", inspections_api.InspectionViewSet)
router.register("checklist-templates", inspections_api.ChecklistTemplateViewSet)
router.register("enforcement-documents", inspections_api.EnforcementDocumentViewSet)
router.register("penalty-cases", cases_api.PenaltyCaseViewSet)
router.register("sensors", monitoring_api.SensorViewSet)
router.register("alarms", monitoring_api.AlarmViewSet)
router.register("accidents", accidents_api.AccidentViewSet)
router.register("indicators", kpis_api.IndicatorViewSet)
router.register("assessments", assessments_api.AssessmentViewSet)
router.register("plan-tasks", plan_tasks_api.PlanTaskViewSet)
router.register("plan-task-progress", plan_tasks_api.ProgressReportViewSet)
router.register("reports", reports_api.ReportViewSet)

urlpatterns = [
    path("auth/token/", core_api.ObtainTokenView.as_view(), name="api_token"),
    path("supervision-plan/", risk_api.SupervisionPlanView.as_view(), name="api_supervision_plan"),
    path("monitoring/readings/", monitoring_api.ReadingsView.as_view(), name="api_readings"),
    path("public/tipoffs/", tipoffs_api.PublicTipOffView.as_view(), name="api_public_tipoffs"),
    path("public/tipoffs/<str:code>/", tipoffs_api.PublicTipOffStatusView.as_view(), name="api_public_tipoff_status"),
    path("public/warnings/", emergency_api.PublicWarningListView.as_view(), name="api_public_warnings"),
    path("public/warnings.cap", emergency_api.public_warnings_cap, name="api_public_warnings_cap"),
    path("public/warnings/<str:identifier>.cap", emergency_api.public_warning_cap, name="api_public_warning_cap"),
    path("emergency-resources/", resources_api.EmergencyResourceListView.as_view(), name="api_emergency_resources"),
    path("enforcement-statistics/", enforcement_statistics_api.EnforcementStatisticsView.as_view(),
         name="api_enforcement_statistics"),
    path("schema/", SpectacularAPIView.as_view(), name="api_schema"),
    # The split view serves its start-up script from a URL: the Content-Security-Policy allows no inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api_schema"), name="api_docs"),
    path("", include(router.urls)),
]
