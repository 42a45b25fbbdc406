"""The base for every API collection: restricted querysets, writes through `do_save_object`, the page's
FilterSet for filtering, and `?format=xlsx` export through the page's table (NetBox's NetBoxModelViewSet)."""

from django.conf import settings
from rest_framework import viewsets

from worksafety.core.scoping import ADD, CHANGE, DELETE, VIEW
from worksafety.core.services import do_delete_object, do_save_object

ACTION_FOR_METHOD = {"GET": VIEW, "HEAD": VIEW, "OPTIONS": VIEW, "POST": ADD, "PUT": CHANGE, "PATCH": CHANGE,
                     "DELETE": DELETE}


class ScopedModelViewSet(viewsets.ModelViewSet):
    table = None  # the page's Table, for xlsx export

    def get_queryset(self):
        action = ACTION_FOR_METHOD.get(self.request.method, VIEW)
        if action == ADD and self.detail:  # a POST to an object's own action changes that object
            action = CHANGE
        return self.queryset.restrict(self.request.user, action)

    def perform_create(self, serializer):
        self._save(serializer, serializer.Meta.model())

    def perform_update(self, serializer):
        self._save(serializer, serializer.instance)

    def _save(self, serializer, instance):
        data = dict(serializer.validated_data)
        m2m = {f.name: data.pop(f.name) for f in instance._meta.many_to_many if f.name in data}
        for name, value in data.items():
            setattr(instance, name, value)
        serializer.instance = self.save_instance(instance, m2m)

    def save_instance(self, instance, m2m: dict):
        """Through the service for this kind of object; viewsets with a dedicated service override this."""
        return do_save_object(instance, user=self.request.user, m2m=m2m)

    def perform_destroy(self, instance):
        do_delete_object(instance, user=self.request.user)

    def exports_xlsx(self) -> bool:
        """Whether `?format=xlsx` is offered for this request (core.api.negotiation): the list, with a table."""
        return self.action == "list" and self.table is not None

    def list(self, request, *args, **kwargs):
        if request.accepted_renderer.format == "xlsx" and self.table is not None:
            objects = self.filter_queryset(self.get_queryset())[: settings.WORKSAFETY_MAX_EXPORT_ROWS]
            return self.table(objects).xlsx_response(str(self.queryset.model._meta.verbose_name_plural))
        return super().list(request, *args, **kwargs)
