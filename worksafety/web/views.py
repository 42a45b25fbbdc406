
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext

from worksafety.core.choices import RiskColour, Role
from worksafety.core.forms import LoginForm, bootstrapify
from worksafety.core.models import Area, AuditEntry, Sector
from worksafety.core.scoping import VIEW
from worksafety.registry.choices import LICENCE_NOTICE_DAYS, Status
from worksafety.registry.filtersets import EnterpriseFilterSet
from worksafety.registry.models import Enterprise, HazardUnit, Park
from worksafety.web import local


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True


@login_required
def home(request):
    """The first page: a park or an enterprise sees its own deadlines, sensors and alarms (web.local); the
    district, departments, streets and experts see the enterprises they supervise."""
    user = request.user
    today = timezone.localdate()
    context = {"title": gettext("工作台"), "today": today, "recent_changes": _recent_changes(user)}
    if local.is_local(user):
        context.update(_local_home(user, today))
    else:
        context.update(_supervisor_home(user, today))
    return render(request, "web/home.html", context)


def _supervisor_home(user, today) -> dict:
    enterprises = Enterprise.objects.restrict(user, VIEW)
    expiring = local.expiring_licences(user, today)
    context = {
        "enterprise_total": enterprises.count(),
        "by_sector": list(enterprises.values("sector__name", "sector__colour").annotate(n=Count("id")).order_by("-n")),
        "by_status": _count_by_status(enterprises),
        "by_risk": _count_by_risk(enterprises),
        "by_area": list(enterprises.values("area__name").annotate(n=Count("id")).order_by("-n")[:12]),
        "expiring": expiring[:10],
        "expiring_count": expiring.count(),
        "expiry_days": LICENCE_NOTICE_DAYS,
    }
    if user.role == Role.DEPARTMENT:
        context["supervised_sectors"] = user.department.sectors.all()
    return context


def _local_home(user, today) -> dict:
    """An enterprise's or a park's own first page: key figures, open hazards (overdue first), checks due,
    active alarms, licences expiring within LICENCE_NOTICE_DAYS, plans' evaluations and drills; a park
    also its enterprises by colour and its major hazard installations."""
    expiring = local.expiring_licences(user, today)
    context = {
        "local": True, "figures": local.figures(user, today), "hazards": local.hazard_rows(user),
        "checks": local.due_checks(user), "alarms": local.active_alarms(user), "plans": local.plan_deadlines(user, today),
        "expiring": expiring[:local.ROWS], "expiring_count": expiring.count(), "expiry_days": LICENCE_NOTICE_DAYS,
    }
    if user.role == Role.ENTERPRISE:
        context["own_enterprise"] = (Enterprise.objects.restrict(user, VIEW).select_related("sector", "area", "park")
                                     .filter(pk=user.enterprise_id).first())
        context["own_units"] = HazardUnit.objects.restrict(user, VIEW).filter(enterprise=user.enterprise_id)
    else:
        enterprises = Enterprise.objects.restrict(user, VIEW)
        context.update(enterprise_total=enterprises.count(), by_risk=_count_by_risk(enterprises),
                       major_units=local.major_units(user))
    return context


def _recent_changes(user) -> list[dict]:
    """The last changes in scope, each with the person's name rather than the login."""
    entries = (AuditEntry.objects.restrict(user, VIEW).exclude(object_type="")
               .select_related("actor__enterprise", "actor__park", "actor__department", "actor__area")[:8])
    return [{"entry": entry, "who": actor_label(entry)} for entry in entries]


def actor_label(entry) -> str:
    """Who made a change, as people read it: the person's full name, with the unit for an enterprise, park or
    department login (张三（大连甲化工有限公司）); else the login's unit or area; the recorded login name when the
    account is gone; 系统 for the platform's own changes."""
    actor = entry.actor
    if actor is None:
        return entry.actor_name or gettext("系统")
    unit = {Role.ENTERPRISE: actor.enterprise, Role.PARK: actor.park, Role.DEPARTMENT: actor.department}.get(actor.role)
    if actor.full_name:
        return f"{actor.full_name}（{unit}）" if unit else actor.full_name
    return str(unit or actor.area or actor.get_username())


def _count_by_risk(enterprises):
    """Enterprises by 红橙黄蓝 colour and the ungraded ones (未分级), so the counts add up to the total."""
    counts = dict(enterprises.values_list("risk_colour").annotate(n=Count("id")))
    rows = [{"value": value, "label": label, "n": counts.get(value, 0)} for value, label in RiskColour.choices]
    return [*rows, {"value": "", "label": gettext("未分级"), "n": counts.get("", 0)}]


def _count_by_status(enterprises):
    counts = dict(enterprises.values_list("status").annotate(n=Count("id")))
    return [{"label": label, "n": counts.get(value, 0)} for value, label in Status.choices]


@login_required
def map_page(request):
    filterset = EnterpriseFilterSet(request.GET or None, request=request)
    sectors = Sector.objects.restrict(request.user, VIEW)
    return render(request, "web/map.html", {
        "title": gettext("一张图"), "filter_form": bootstrapify(filterset.form), "sectors": sectors,
        # Points are coloured by sector, or by 红橙黄蓝 risk colour for the risk map (风险四色图).
        "colour_by": "risk" if request.GET.get("colour_by") == "risk" else "sector",
        "risk_colours": {c.value: c.label for c in RiskColour},
    })


@login_required
def map_data(request):
    """GeoJSON for the map: district and park outlines, street centres, and the enterprises the user may
    see, filtered by the same FilterSet as the enterprise list."""
    user = request.user
    filterset = EnterpriseFilterSet(request.GET or None, queryset=Enterprise.objects.restrict(user, VIEW), request=request)
    enterprises = filterset.qs if not filterset.is_bound or filterset.is_valid() else Enterprise.objects.none()
    if request.GET.get("layers") == "outlines":  # the small map on a detail page needs only the outlines
        enterprises = Enterprise.objects.none()
    rows = enterprises.filter(lat__isnull=False).values_list(
        "id", "name", "lat", "lon", "sector__name", "sector__colour", "status", "park__name", "risk_colour"
    )
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {"kind": "enterprise", "id": pk, "name": name, "sector": sector, "colour": colour,
                           "status": status, "park": park or "", "risk": risk or ""},
        }
        for pk, name, lat, lon, sector, colour, status, park, risk in rows.iterator(chunk_size=2000)
    ]
    areas = Area.objects.restrict(user, VIEW).filter(level__in=["district", "street", "zone"])
    for area in areas:
        if area.outline:
            features.append({"type": "Feature", "geometry": area.outline,
                             "properties": {"kind": area.level, "name": area.name, "code": area.code}})
        elif area.centre_lat is not None:
            features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [area.centre_lon, area.centre_lat]},
                             "properties": {"kind": "area_label", "name": area.name, "code": area.code}})
    if request.GET.get("layers") != "outlines":
        units = HazardUnit.objects.restrict(user, VIEW).filter(is_major=True, lat__isnull=False,
                                                                enterprise__in=enterprises)
        for pk, name, enterprise, lat, lon, level in units.values_list("id", "name", "enterprise__name", "lat", "lon",
                                                                        "level"):
            features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
                             "properties": {"kind": "hazard_unit", "id": pk, "name": f"{enterprise} · {name}",
                                            "level": level}})
    for park in Park.objects.restrict(user, VIEW):
        features.append({"type": "Feature", "geometry": park.outline,
                         "properties": {"kind": "park", "name": park.name, "code": park.code, "id": park.pk}})
    return JsonResponse({"type": "FeatureCollection", "features": features}, json_dumps_params={"ensure_ascii": False})
