"""一企一档: the enterprise's page, where every app's records about one enterprise meet — its licences and hazard
units (registry), gradings and risk events (risk), open hazards (hazards) and credit (enforcement)."""

from datetime import timedelta

from django.utils import timezone

from worksafety.core.generic_views import ObjectDetailView
from worksafety.core.models import User
from worksafety.core.scoping import ADD, VIEW, can
from worksafety.enforcement.credit.services import credit_summary
from worksafety.hazards.choices import State
from worksafety.hazards.models import Hazard
from worksafety.registry.choices import LICENCE_NOTICE_DAYS
from worksafety.registry.models import Enterprise, HazardUnit, Licence
from worksafety.risk.services import risk_summary


class EnterpriseDetailView(ObjectDetailView):
    queryset = Enterprise.objects.select_related("sector", "area", "park")
    template_name = "registry/enterprise_detail.html"

    def get_context(self, obj):
        context = super().get_context(obj)
        user = self.request.user
        context["licences"] = Licence.objects.restrict(user, VIEW).filter(enterprise=obj).order_by("expires_on")
        context["can_add_licence"] = can(user, Licence, ADD)
        context["hazard_units"] = HazardUnit.objects.restrict(user, VIEW).filter(enterprise=obj)
        context["can_add_unit"] = can(user, HazardUnit, ADD)
        context["can_add_login"] = can(user, User, ADD)
        hazards = Hazard.objects.restrict(user, VIEW).filter(enterprise=obj)
        context["open_hazards"] = hazards.exclude(state=State.CLOSED).order_by("deadline")[:10]
        context["hazard_count"] = hazards.count()
        context["can_add_hazard"] = can(user, Hazard, ADD)
        context.update(risk_summary(obj, user))
        context.update(credit_summary(obj, user))
        context["today"] = timezone.localdate()
        context["expiry_warning_date"] = context["today"] + timedelta(days=LICENCE_NOTICE_DAYS)
        return context
