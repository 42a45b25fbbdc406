from django.conf import settings
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers as drf_serializers
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from worksafety.core.api.viewsets import ScopedModelViewSet
from worksafety.core.workflow import transition
from worksafety.emergency.warnings import cap, filtersets, services, tables
from worksafety.emergency.warnings.api.serializers import (
    PublicWarningSerializer,
    SuccessorSerializer,
    TransitionSerializer,
    WarningSerializer,
)
from worksafety.emergency.warnings.choices import ISSUED
from worksafety.emergency.warnings.models import Warning


def absolute(request, path: str) -> str:
    """Links that leave the platform (in feeds, to other systems) use the configured address when there is
    one, since behind a proxy the request's own host may be an internal name."""
    base = settings.WORKSAFETY_BASE_URL
    return base + path if base else request.build_absolute_uri(path)


def alert_url(request):
    return lambda warning: absolute(request, reverse("api_public_warning_cap", args=[warning.identifier]))


class WarningViewSet(ScopedModelViewSet):
    """预警信息 for the staff: the district drafts (POST) and edits drafts (PUT/PATCH); steps are
    POST /warnings/{id}/transitions/, and the change or end of a published warning is
    POST /warnings/{id}/successors/."""

    queryset = Warning.objects.select_related("area", "references").prefetch_related("events__actor")
    serializer_class = WarningSerializer
    filterset_class = filtersets.WarningFilterSet
    table = tables.WarningTable
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def save_instance(self, instance, m2m):
        if instance.pk is None:
            return services.do_create_warning(instance, user=self.request.user)
        return services.do_update_draft(instance, user=self.request.user)

    @extend_schema(request=TransitionSerializer, responses={200: WarningSerializer})
    @action(detail=True, methods=["post"])
    def transitions(self, request, pk=None):
        warning = self.get_object()
        step = TransitionSerializer(data=request.data)
        step.is_valid(raise_exception=True)
        transition(warning, step.validated_data["action"], request.user, comment=step.validated_data["comment"])
        return Response(self.get_serializer(self.get_queryset().get(pk=warning.pk)).data)

    @extend_schema(request=SuccessorSerializer, responses={201: WarningSerializer})
    @action(detail=True, methods=["post"])
    def successors(self, request, pk=None):
        warning = self.get_object()
        data = SuccessorSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        draft = services.do_draft_successor(warning, data.validated_data["msg_type"], user=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=draft.pk)).data,
                        status=status.HTTP_201_CREATED)


class PublicWarningListView(APIView):
    """The warnings in force (published, not expired, not replaced), without login; the same messages as the
    public page and the CAP feed."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(responses={200: inline_serializer("PublicWarningList", {
        "count": drf_serializers.IntegerField(), "results": PublicWarningSerializer(many=True)})})
    def get(self, request):
        warnings = list(services.public_warnings())
        data = PublicWarningSerializer(warnings, many=True, context={"alert_url": alert_url(request)}).data
        return Response({"count": len(data), "results": data})


@never_cache
def public_warnings_cap(request):
    """The CAP 1.2 feed: an Atom index whose entries link and embed each message in force (cap.py)."""
    with translation.override("zh-hans"):  # the messages say language zh-CN, whatever the visitor's
        body = cap.feed_document(
            services.public_warnings(),
            feed_url=absolute(request, reverse("api_public_warnings_cap")),
            page_url=absolute(request, reverse("public_warnings")),
            alert_url=alert_url(request),
            title=gettext("%(issuer)s 预警信息") % {"issuer": services.default_issuer()},
            author=services.default_issuer(),
        )
    return HttpResponse(body, content_type=f"{cap.ATOM_MEDIA_TYPE}; charset=utf-8")


@never_cache
def public_warning_cap(request, identifier):
    """One message as a standalone CAP 1.2 document; every message that went out stays here, so consumers can
    follow `references` to the ones an Update or Cancel replaced."""
    warning = (Warning.objects.filter(identifier=identifier, status__in=ISSUED)
               .select_related("area", "references").first())
    if warning is None:
        raise Http404
    with translation.override("zh-hans"):
        page = absolute(request, reverse("public_warnings"))
        body = cap.alert_document(warning, web=f"{page}#{identifier}")
    return HttpResponse(body, content_type=f"{cap.CAP_MEDIA_TYPE}; charset=utf-8")
