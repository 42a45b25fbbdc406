import json
import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from worksafety.core import filtersets, tables, xlsx
from worksafety.core import notifications as notifications_service
from worksafety.core.attachments import open_attachment
from worksafety.core.forms import AreaForm, DepartmentForm, UserForm
from worksafety.core.generic_views import ObjectDetailView, ObjectEditView, ObjectListView
from worksafety.core.models import Area, Attachment, AuditEntry, Department, Notification, User
from worksafety.core.scoping import VIEW

logger = logging.getLogger(__name__)


class AreaListView(ObjectListView):
    queryset = Area.objects.select_related("parent")
    filterset = filtersets.AreaFilterSet
    table = tables.AreaTable
    add_url = "area_add"


class AreaDetailView(ObjectDetailView):
    queryset = Area.objects.select_related("parent")
    fields = ("code", "name", "level", "parent", "centre_lat", "centre_lon")
    template_name = "core/area_detail.html"

    def get_context(self, obj):
        context = super().get_context(obj)
        context["children"] = obj.children.all()
        return context


class AreaEditView(ObjectEditView):
    queryset = Area.objects.all()
    form_class = AreaForm


class DepartmentListView(ObjectListView):
    queryset = Department.objects.prefetch_related("sectors")
    filterset = filtersets.DepartmentFilterSet
    table = tables.DepartmentTable
    add_url = "department_add"


class DepartmentDetailView(ObjectDetailView):
    queryset = Department.objects.select_related("area")
    fields = ("code", "name", "area", "phone")
    template_name = "core/department_detail.html"


class DepartmentEditView(ObjectEditView):
    queryset = Department.objects.all()
    form_class = DepartmentForm


class AuditEntryListView(ObjectListView):
    queryset = AuditEntry.objects.all()
    filterset = filtersets.AuditEntryFilterSet
    table = tables.AuditEntryTable


class AuditEntryDetailView(ObjectDetailView):
    queryset = AuditEntry.objects.all()
    template_name = "core/auditentry_detail.html"

    def get_context(self, obj):
        context = super().get_context(obj)
        before, after = obj.visible_values(self.request.user)
        context["before_json"] = json.dumps(before, ensure_ascii=False, indent=2) if before else "—"
        context["after_json"] = json.dumps(after, ensure_ascii=False, indent=2) if after else "—"
        return context


class UserListView(ObjectListView):
    queryset = User.objects.select_related("area", "department", "park", "enterprise").order_by("username")
    filterset = filtersets.UserFilterSet
    table = tables.UserTable
    add_url = "user_add"


class UserDetailView(ObjectDetailView):
    queryset = User.objects.select_related("area", "department", "park", "enterprise")
    fields = ("username", "full_name", "phone", "role", "area", "department", "park", "enterprise", "is_active",
              "last_login", "date_joined")


class UserEditView(ObjectEditView):
    queryset = User.objects.all()
    form_class = UserForm
    preset_fields = ("role", "enterprise")


# --- attachments --------------------------------------------------------------------------------------------

@login_required
def attachment_download(request, pk):
    """A stored attachment, for users who may view its owner; anything else is a 404 (rule 1)."""
    attachment = get_object_or_404(Attachment.objects.select_related("content_type"), pk=pk)
    model = attachment.content_type.model_class()
    manager = getattr(model, "objects", None)
    # An owner that is not scoped cannot be checked, so nobody downloads through it (fail closed).
    if not hasattr(manager, "restrict") or not manager.restrict(request.user, VIEW).filter(
            pk=attachment.object_id).exists():
        raise Http404
    try:
        handle = open_attachment(attachment)
    except (FileNotFoundError, ValueError) as error:
        logger.error("attachment %s: stored file %s is missing", attachment.pk, attachment.storage_key)
        raise Http404 from error
    mime_type = attachment.mime_type + ("; charset=utf-8" if attachment.mime_type.startswith("text/") else "")
    response = FileResponse(handle, content_type=mime_type)
    # Pictures open in the browser; documents are always saved, never rendered in our origin.
    response["Content-Disposition"] = xlsx.content_disposition(attachment.name, inline=attachment.is_photo)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"  # even if a browser did render it, no script, no origin
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    patch_cache_control(response, private=True, no_cache=True)  # permissions may change; never a shared cache
    return response


# --- inbox --------------------------------------------------------------------------------------------------

INBOX_PAGE_SIZE = 20


@login_required
def inbox(request):
    notifications = Notification.objects.filter(recipient=request.user)
    page = Paginator(notifications, INBOX_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "core/inbox.html", {
        "title": gettext("消息"), "page": page, "unread": notifications_service.unread_count(request.user),
    })


@login_required
@require_POST
def inbox_open(request, pk):
    """Mark one notification read and go where it points: internal links only (no open redirect)."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    notifications_service.do_mark_read(request.user, ids=[notification.pk])
    url = notification.url
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
        return redirect(url)
    if url:
        logger.warning("notification %s: refusing to redirect to %r", notification.pk, url)
    return redirect("inbox")


@login_required
@require_POST
def inbox_read_all(request):
    count = notifications_service.do_mark_read(request.user)
    messages.success(request, gettext("已将 %(count)s 条消息标为已读。") % {"count": count})
    return redirect("inbox")
