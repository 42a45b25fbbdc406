"""Pages of the emergency resources: list (with xlsx export), detail, edit, delete and xlsx import of every
kind on the generic views; a warehouse's page with its stock, the 入库 / 出库 / 调拨 forms and the movement
history; and 应急资源一张图, one map layer per kind."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from worksafety.core.forms import bootstrapify
from worksafety.core.generic_views import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    add_errors,
)
from worksafety.core.imports import Importer, import_page
from worksafety.core.scoping import ADD, CHANGE, VIEW, can, may
from worksafety.emergency.resources import filtersets, forms, imports, services, tables
from worksafety.emergency.resources.choices import MovementKind
from worksafety.emergency.resources.models import (
    Expert,
    RescueTeam,
    SensitiveTarget,
    Shelter,
    Stock,
    StockMovement,
    SupplyItem,
    Warehouse,
    plain,
)
from worksafety.emergency.resources.tables import KIND_LABELS

DETAIL_TEMPLATE = "emergency/resources/detail.html"
LOCATED_FIELDS = ("area", "address", "lat", "lon", "contact", "phone")
OWNER_FIELDS = ("enterprise", "park", "department")
HISTORY_ROWS = 30


def import_view(importer: Importer):
    """The xlsx import page of one kind (core.imports.import_page)."""

    @login_required
    def view(request):
        kind = importer.sheet_title
        return import_page(request, importer, template_name="emergency/resources/import.html",
                           title=gettext("%(kind)s Excel 导入") % {"kind": kind},
                           template_filename=gettext("%(kind)s导入模板.xlsx") % {"kind": kind})

    return view


@dataclass(frozen=True)
class Pages:
    """The list, detail, edit, delete and import pages of one kind, under /resources/<prefix>/."""

    prefix: str
    list: type
    detail: type
    edit: type
    delete: type
    importer: Importer

    def urls(self) -> list:
        name = self.list.queryset.model._meta.model_name
        base = f"resources/{self.prefix}"
        return [
            path(f"{base}/", self.list.as_view(), name=f"{name}_list"),
            path(f"{base}/add/", self.edit.as_view(), name=f"{name}_add"),
            path(f"{base}/import/", import_view(self.importer), name=f"{name}_import"),
            path(f"{base}/<int:pk>/", self.detail.as_view(), name=f"{name}_detail"),
            path(f"{base}/<int:pk>/edit/", self.edit.as_view(), name=f"{name}_edit"),
            path(f"{base}/<int:pk>/delete/", self.delete.as_view(), name=f"{name}_delete"),
        ]


def pages(prefix: str, queryset, *, filterset, table, form, importer, fields: tuple, detail=None,
          preset_fields: tuple = ()) -> Pages:
    """The generic views of one kind; only what differs between kinds is given."""
    model = queryset.model
    name = model._meta.model_name
    list_view = type(f"{model.__name__}ListView", (ObjectListView,), {
        "queryset": queryset, "filterset": filterset, "table": table, "add_url": f"{name}_add",
        "extra_actions": ((f"{name}_import", _("Excel 导入"), "bi-upload", ADD),)})
    detail_view = detail or type(f"{model.__name__}DetailView", (ObjectDetailView,), {
        "queryset": queryset, "fields": fields, "template_name": DETAIL_TEMPLATE})
    edit_view = type(f"{model.__name__}EditView", (ObjectEditView,), {
        "queryset": model.objects.all(), "form_class": form, "preset_fields": preset_fields})
    delete_view = type(f"{model.__name__}DeleteView", (ObjectDeleteView,), {
        "queryset": model.objects.all(), "success_url_name": f"{name}_list"})
    return Pages(prefix, list_view, detail_view, edit_view, delete_view, importer)


# --- a warehouse: its stock, the movement forms and the history ---------------------------------------------

MOVEMENT_FORMS = {MovementKind.IN: (forms.StockInForm, "target"), MovementKind.OUT: (forms.StockOutForm, "source"),
                  MovementKind.TRANSFER: (forms.StockTransferForm, "source")}


class WarehouseDetailView(ObjectDetailView):
    """GET shows the page; POST with `movement` = in / out / transfer moves stock through the services."""

    queryset = Warehouse.objects.select_related(*services.OWNER_RELATED)
    template_name = "emergency/resources/warehouse_detail.html"
    fields = (*OWNER_FIELDS, *LOCATED_FIELDS)

    def post(self, request, pk):
        warehouse = self.get_object(pk)
        kind = request.POST.get("movement")
        if kind not in MOVEMENT_FORMS or not self.may_move(warehouse):
            raise Http404
        form = self.movement_form(kind, warehouse, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            sides = {"target": data.get("target"), MOVEMENT_FORMS[kind][1]: warehouse}  # this page's warehouse
            try:
                count = len(services.do_stock_movement(kind, data["item"], data["quantity"], user=request.user,
                                                       batch=data["batch"], expiry=data.get("expiry"),
                                                       note=data["note"], **sides))
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, gettext("已%(action)s：%(item)s %(quantity)s %(unit)s（%(rows)s 个批次）") % {
                    "action": MovementKind(kind).label, "item": data["item"], "quantity": plain(data["quantity"]),
                    "unit": data["item"].unit, "rows": count})
                return redirect("warehouse_detail", pk=warehouse.pk)
        return render(request, self.template_name, self.get_context(warehouse, bound=form))

    def may_move(self, warehouse) -> bool:
        user = self.request.user
        return can(user, StockMovement, ADD) and may(user, warehouse, CHANGE)

    def movement_form(self, kind, warehouse, data=None):
        form_class, side = MOVEMENT_FORMS[kind]
        movement = StockMovement(kind=kind, **{side: warehouse})
        return bootstrapify(form_class(data, instance=movement, user=self.request.user, prefix=kind))

    def get_context(self, obj, bound=None):
        """The page; `bound` is a movement form that failed, shown open with its errors."""
        context = super().get_context(obj)
        movement_forms = []
        if self.may_move(obj):
            for kind in MOVEMENT_FORMS:
                form = bound if bound is not None and bound.prefix == kind else self.movement_form(kind, obj)
                movement_forms.append((kind, MovementKind(kind).label, form))
        history = (StockMovement.objects.filter(Q(source=obj) | Q(target=obj))
                   .select_related("item", "source", "target", "actor")[:HISTORY_ROWS])
        context.update({
            "stocks": tables.WarehouseStockTable(obj.stocks.filter(quantity__gt=0).select_related("item")),
            "movements": tables.StockMovementTable(history),
            "movement_forms": movement_forms,
            "open_movement": bound.prefix if bound is not None else "",
        })
        return context


# --- the kinds ------------------------------------------------------------------------------------------------

TEAMS = pages("teams", RescueTeam.objects.select_related(*services.OWNER_RELATED),
              filterset=filtersets.RescueTeamFilterSet, table=tables.RescueTeamTable, form=forms.RescueTeamForm,
              importer=imports.TEAM_IMPORT, preset_fields=OWNER_FIELDS,
              fields=("kind", *OWNER_FIELDS, "headcount", "specialties", "duty_status", "equipment",
                      *LOCATED_FIELDS))
WAREHOUSES = pages("warehouses", Warehouse.objects.select_related(*services.OWNER_RELATED),
                   filterset=filtersets.WarehouseFilterSet, table=tables.WarehouseTable, form=forms.WarehouseForm,
                   importer=imports.WAREHOUSE_IMPORT, fields=(), detail=WarehouseDetailView, preset_fields=OWNER_FIELDS)
SUPPLY_ITEMS = pages("supplies", SupplyItem.objects.all(), filterset=filtersets.SupplyItemFilterSet,
                     table=tables.SupplyItemTable, form=forms.SupplyItemForm, importer=imports.SUPPLY_ITEM_IMPORT,
                     fields=("name", "category", "unit", "specification", "min_quantity"))
EXPERTS = pages("experts", Expert.objects.select_related("user"), filterset=filtersets.ExpertFilterSet,
                table=tables.ExpertTable, form=forms.ExpertForm, importer=imports.EXPERT_IMPORT,
                fields=("specialties", "title", "employer", "phone", "email", "expertise", "user"))
SHELTERS = pages("shelters", Shelter.objects.select_related("area"), filterset=filtersets.ShelterFilterSet,
                 table=tables.ShelterTable, form=forms.ShelterForm, importer=imports.SHELTER_IMPORT,
                 fields=("capacity", "area_m2", "facilities", *LOCATED_FIELDS))
TARGETS = pages("targets", SensitiveTarget.objects.select_related("area"),
                filterset=filtersets.SensitiveTargetFilterSet, table=tables.SensitiveTargetTable,
                form=forms.SensitiveTargetForm, importer=imports.TARGET_IMPORT,
                fields=("kind", "population", *LOCATED_FIELDS))
ALL_PAGES = (TEAMS, WAREHOUSES, SUPPLY_ITEMS, EXPERTS, SHELTERS, TARGETS)


class StockListView(ObjectListView):
    queryset = Stock.objects.select_related("warehouse", "item")
    filterset = filtersets.StockFilterSet
    table = tables.StockTable


class StockMovementListView(ObjectListView):
    queryset = StockMovement.objects.select_related("item", "source", "target", "actor")
    filterset = filtersets.StockMovementFilterSet
    table = tables.StockMovementTable
    extra_actions = (("stock_import", _("入库 Excel 导入"), "bi-upload", ADD),)


stock_import = import_view(imports.STOCK_IMPORT)


# --- 应急资源一张图 ---------------------------------------------------------------------------------------------

def _map_kinds(user) -> list[str]:
    return [kind for kind, model in services.LOCATED_KINDS.items() if can(user, model, VIEW)]


@login_required
def resource_map(request):
    kinds = _map_kinds(request.user)
    if not kinds:
        raise Http404
    return render(request, "emergency/resources/map.html", {
        "title": gettext("应急资源一张图"), "layers": [(kind, KIND_LABELS[kind]) for kind in kinds]})


@login_required
def resource_map_data(request):
    """Every resource the user may see, by kind, as `services.describe` gives them (popups need no more)."""
    kinds = _map_kinds(request.user)
    if not kinds:
        raise Http404
    return JsonResponse({kind: services.describe(kind, services.visible(kind, request.user)) for kind in kinds},
                        json_dumps_params={"ensure_ascii": False})
