import secrets
from functools import cached_property

from django.apps import apps
from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import Case, When
from django.db.models.functions import Cast, NullIf
from django.db.models.lookups import Exact
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from worksafety.core import geo
from worksafety.core.choices import AreaLevel, AttachmentKind, AuditAction, Role
from worksafety.core.scoping import VIEW, RestrictedQuerySet, UserScope, can, hidden_fields


class Area(models.Model):
    """An administrative area: the district, its streets and functional zones, and their communities.

    `code` follows GB/T 2260 for the district (210213) and extends it by three digits per level below, as
    the statistical division codes do, so "everything in this street" is a code-prefix match.
    """

    code = models.CharField(_("区划代码"), max_length=12, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    level = models.CharField(_("级别"), max_length=16, choices=AreaLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    centre_lat = models.FloatField(_("中心纬度"), null=True, blank=True)
    centre_lon = models.FloatField(_("中心经度"), null=True, blank=True)
    outline = models.JSONField(_("边界 (GeoJSON)"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()
    reference_data = True
    scope_fields = {"area": "code"}
    audited = True

    class Meta:
        ordering = ["code"]
        verbose_name = _("行政区域")
        verbose_name_plural = _("行政区域")

    def __str__(self):
        return self.name

    def clean(self):
        if self.parent_id and not self.code.startswith(self.parent.code):
            raise ValidationError({"code": _("下级区划代码须以上级代码 %(code)s 开头。") % {"code": self.parent.code}})
        if self.outline is not None and not geo.is_polygon(self.outline):
            raise ValidationError({"outline": _("边界须为 WGS-84 坐标的 GeoJSON Polygon 或 MultiPolygon。")})

    @property
    def district(self) -> "Area":
        area = self
        while area.parent_id is not None:
            area = area.parent
        return area


class Sector(models.Model):
    """A supervised sector; the plan (六 (一)–(十三)) names thirteen."""

    code = models.CharField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=50, unique=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    colour = models.CharField(_("地图颜色"), max_length=7, default="#6c757d")

    objects = RestrictedQuerySet.as_manager()
    reference_data = True
    scope_fields = {}
    audited = True

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("行业领域")
        verbose_name_plural = _("行业领域")

    def __str__(self):
        return self.name


class Department(models.Model):
    """A member unit of the district safety committee and the sectors it supervises (管行业必须管安全)."""

    code = models.CharField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=100, unique=True)
    area = models.ForeignKey(Area, verbose_name=_("所属区域"), on_delete=models.PROTECT, related_name="departments")
    sectors = models.ManyToManyField(Sector, verbose_name=_("监管行业"), blank=True, related_name="departments")
    phone = models.CharField(_("值班电话"), max_length=32, blank=True)

    objects = RestrictedQuerySet.as_manager()
    reference_data = True
    scope_fields = {"area": "area__code"}
    audited = True

    class Meta:
        ordering = ["code"]
        verbose_name = _("部门")
        verbose_name_plural = _("部门")

    def __str__(self):
        return self.name


class ScopedUserManager(UserManager.from_queryset(RestrictedQuerySet)):
    pass


def street_officers_over(area_code: str) -> models.Q:
    """Street and zone logins whose area contains `area_code` (an ancestor's code is a prefix of it): who
    supervises a place locally, for reminders and pushed alarms."""
    return models.Q(role=Role.STREET, area__code__in=[area_code[:n] for n in range(1, len(area_code) + 1)])


class User(AbstractUser):
    """A platform login. The role and one of area/department/park/enterprise decide what it may see."""

    role = models.CharField(_("角色"), max_length=16, choices=Role.choices, blank=True)
    full_name = models.CharField(_("姓名"), max_length=50, blank=True)
    phone = models.CharField(_("手机"), max_length=20, blank=True)
    area = models.ForeignKey(Area, verbose_name=_("管辖区域"), null=True, blank=True, on_delete=models.PROTECT)
    department = models.ForeignKey(
        Department, verbose_name=_("部门"), null=True, blank=True, on_delete=models.PROTECT
    )
    park = models.ForeignKey("registry.Park", verbose_name=_("园区"), null=True, blank=True, on_delete=models.PROTECT)
    enterprise = models.ForeignKey(
        "registry.Enterprise", verbose_name=_("企业"), null=True, blank=True, on_delete=models.PROTECT
    )

    objects = ScopedUserManager()
    # A login lies in the area of whatever it is attached to; superusers are attached to nothing.
    scope_fields = {"area": ("area__code", "department__area__code", "park__area__code", "enterprise__area__code")}
    audited = True
    # Fields that never go into the audit log: the hash is a secret, last_login is logged as a login event.
    audit_exclude = {"password", "last_login"}

    # Which of the scope fields each role needs.
    ROLE_SCOPE_FIELD = {
        Role.DISTRICT: "area",
        Role.STREET: "area",
        Role.EXPERT: "area",
        Role.DEPARTMENT: "department",
        Role.PARK: "park",
        Role.ENTERPRISE: "enterprise",
    }

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self):
        return self.full_name or self.username

    def clean(self):
        super().clean()
        if self.is_superuser:
            return
        if not self.role:
            raise ValidationError({"role": _("请选择角色。")})
        needed = self.ROLE_SCOPE_FIELD.get(self.role)
        if needed is None:  # an unknown role is reported by the field's own choices check
            return
        if getattr(self, f"{needed}_id") is None:
            raise ValidationError({needed: _("该角色必须指定此项。")})

    @cached_property
    def scope(self) -> UserScope:
        """What this login may see, resolved once per request."""
        if self.role == Role.DEPARTMENT and self.department_id:
            return UserScope(
                area_code=self.department.area.code,
                sector_codes=frozenset(self.department.sectors.values_list("code", flat=True)),
            )
        return UserScope(
            area_code=self.area.code if self.role in (Role.DISTRICT, Role.STREET, Role.EXPERT) and self.area_id else None,
            park_id=self.park_id if self.role == Role.PARK else None,
            enterprise_id=self.enterprise_id if self.role == Role.ENTERPRISE else None,
        )

    @property
    def role_label(self) -> str:
        return _("系统管理员") if self.is_superuser else self.get_role_display()


# The audited object's primary key, read from the entry being filtered (every audited model has an integer key;
# logins have no object, hence the NULLIF, so that no database is asked to cast "" to a number).
_OBJECT_PK = Cast(NullIf(models.OuterRef("object_id"), models.Value("")), models.BigIntegerField())


class AuditQuerySet(RestrictedQuerySet):
    def restrict(self, user, action: str = VIEW):
        """Entries in the user's scope (their scope columns), and of those only the entries about objects the
        user may view today: the object's type must be viewable by the role (ROLE_PERMISSIONS) and the object
        must pass its own model's `restrict(user, "view")`. For an object since deleted the scope columns
        decide. An attachment's entries follow its owner. Logins and tokens have no object (and no scope).

        Each entry's object is looked up by its key (EXISTS), never by listing a model's visible keys, so the
        cost is per entry read (and a page stops reading at its last row), whatever the size of the tables."""
        entries = super().restrict(user, action)
        if user is None or not user.is_authenticated or user.is_superuser:
            return entries
        logged = self.logged_types()
        whole_types, checks = [""], []
        if Attachment._meta.label_lower in logged:
            checks.append(When(object_type=Attachment._meta.label_lower, then=self._attachment_visible(user)))
        for model in apps.get_models():
            if (getattr(model, "audited", False) and model._meta.label_lower in logged
                    and hasattr(getattr(model, "objects", None), "restrict") and can(user, model, VIEW)):
                objects = model.objects.restrict(user, VIEW)
                if objects.query.has_filters():
                    checks.append(When(object_type=model._meta.label_lower, then=self._object_visible(objects)))
                else:  # the whole type is visible (reference data, district settings)
                    whole_types.append(model._meta.label_lower)
        # One CASE on the entry's type rather than an OR of indexable terms: the database then reads the log
        # newest first and stops at the page's last row, and checks each entry's object only under its type.
        # Written as `TRUE = CASE …` because Django compiles a lookup's right-hand side as it is, where it would
        # resolve every subquery of a left-hand side again for each query (the count and the page).
        visible = Case(When(object_type__in=whole_types, then=True), *checks, default=False,
                       output_field=models.BooleanField())
        return entries.filter(Exact(models.Value(True), visible))

    def logged_types(self) -> frozenset:
        """The object types the log holds: one index probe per type (a loose scan of `audit_object_idx`), not
        a read of every entry, so that `restrict()` builds a check only for the types there are."""
        table, column = self.model._meta.db_table, self.model._meta.get_field("object_type").column
        table, column = (connections[self.db].ops.quote_name(name) for name in (table, column))
        with connections[self.db].cursor() as cursor:
            cursor.execute(
                f"WITH RECURSIVE logged(t) AS (SELECT MIN({column}) FROM {table} UNION ALL "
                f"SELECT (SELECT MIN({column}) FROM {table} WHERE {column} > logged.t) FROM logged "
                f"WHERE logged.t IS NOT NULL) SELECT t FROM logged WHERE t IS NOT NULL"
            )
            return frozenset(row[0] for row in cursor.fetchall())

    @staticmethod
    def _object_visible(objects) -> models.Q:
        """The entry's object passes `objects` (the model's restricted queryset), or no longer exists."""
        return (models.Q(models.Exists(objects.filter(pk=_OBJECT_PK)))
                | ~models.Q(models.Exists(objects.model._base_manager.filter(pk=_OBJECT_PK))))

    @staticmethod
    def _attachment_visible(user) -> models.Q:
        owned = models.Q(pk__in=[])
        for content_type in ContentType.objects.filter(
                pk__in=Attachment.objects.order_by().values("content_type").distinct()):
            owner = content_type.model_class()
            manager = getattr(owner, "objects", None)
            if owner is not None and hasattr(manager, "restrict") and can(user, owner, VIEW):
                owners = manager.restrict(user, VIEW).filter(pk=models.OuterRef("object_id"))
                owned |= models.Q(models.Q(content_type=content_type), models.Exists(owners))
        return AuditQuerySet._object_visible(Attachment.objects.filter(owned))


class AuditEntry(models.Model):
    """One append-only, hash-chained record of a change or a login.

    `hash` is SHA-256 over the entry's canonical JSON including `prev_hash`, so editing, deleting or
    reordering any entry breaks the chain from that point (`worksafety audit verify`). The scope columns
    copy the changed object's area, park, sector and enterprise at write time, so the log is scoped by the
    same `restrict()` as the objects themselves.
    """

    seq = models.PositiveBigIntegerField(_("序号"), primary_key=True)
    timestamp = models.DateTimeField(_("时间"), db_index=True)
    actor = models.ForeignKey(User, verbose_name=_("操作人"), null=True, blank=True, on_delete=models.SET_NULL)
    actor_name = models.CharField(_("操作人账号"), max_length=150, blank=True)
    remote_addr = models.CharField(_("来源地址"), max_length=45, blank=True)
    request_id = models.CharField(_("请求编号"), max_length=36, blank=True)
    action = models.CharField(_("操作"), max_length=16, choices=AuditAction.choices)
    object_type = models.CharField(_("对象类型"), max_length=64, blank=True)
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    object_repr = models.CharField(_("对象"), max_length=200, blank=True)
    before = models.JSONField(_("修改前"), null=True, blank=True)
    after = models.JSONField(_("修改后"), null=True, blank=True)
    area_code = models.CharField(max_length=12, blank=True)
    park_id = models.BigIntegerField(null=True, blank=True)
    sector_code = models.CharField(max_length=32, blank=True)
    enterprise_id = models.BigIntegerField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = AuditQuerySet.as_manager()
    scope_fields = {"area": "area_code", "park": "park_id", "sector": "sector_code", "enterprise": "enterprise_id"}

    class Meta:
        ordering = ["-seq"]
        verbose_name = _("审计日志")
        verbose_name_plural = _("审计日志")
        indexes = [
            models.Index(fields=["actor_name", "action", "timestamp"], name="audit_login_idx"),
            models.Index(fields=["object_type", "object_id"], name="audit_object_idx"),
        ]

    def __str__(self):
        return f"#{self.seq} {self.get_action_display()} {self.object_repr}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(_("审计日志只能追加，不能修改。"))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("审计日志只能追加，不能删除。"))

    def visible_values(self, user) -> tuple[dict | None, dict | None]:
        """`before` and `after` without the fields the user may not read on the object itself."""
        try:
            model = apps.get_model(self.object_type) if self.object_type else None
        except (LookupError, ValueError):
            model = None
        hidden = hidden_fields(user, model) if model is not None else frozenset()

        def strip(values):
            return {k: v for k, v in values.items() if k not in hidden} if isinstance(values, dict) else values

        return strip(self.before), strip(self.after)


def new_chain_id() -> str:
    return secrets.token_hex(16)


class AuditChainHead(models.Model):
    """The single row that holds the chain's last sequence number and hash.

    Appending locks this row (SELECT … FOR UPDATE on PostgreSQL; SQLite serialises writers anyway), so two
    writers can never fork the chain, and cutting entries off the end shows up in verification.
    """

    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)
    # Random, written into every checkpoint: `audit verify` compares only this chain's checkpoints, so a file
    # left from another database (a fresh install, a rebuilt demo) does not make this one look tampered.
    chain_id = models.CharField(max_length=32, default=new_chain_id, editable=False)

    def __str__(self):
        return f"#{self.last_seq} {self.last_hash}"


class JobRun(models.Model):
    """When a periodic job last ran; workers claim a due job by a conditional UPDATE of this row."""

    name = models.CharField(max_length=64, unique=True)
    last_run = models.DateTimeField()

    def __str__(self):
        return self.name


class Attachment(models.Model):
    """A photo or document attached to any object (a hazard step, a tip-off, an inspection).

    The file itself is stored once per content under `WORKSAFETY_ATTACHMENT_DIR` (`storage_key` is
    `ab/cd/<sha256>`); this row says which object it belongs to, under which name, and who uploaded it.
    Who may download it is decided by the owner's scope (`core.attachments`), so the row has no scope of its
    own; its audit entries are filed in the owner's scope (`audit_scope_owner`). Rows are written only by
    `core.attachments.store_attachments`.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, verbose_name=_("所属对象类型"))
    object_id = models.PositiveBigIntegerField(_("所属对象编号"))
    owner = GenericForeignKey("content_type", "object_id")
    name = models.CharField(_("文件名"), max_length=200)
    kind = models.CharField(_("类别"), max_length=16, choices=AttachmentKind.choices)
    mime_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    storage_key = models.CharField(_("存储位置"), max_length=80)
    uploaded_by = models.ForeignKey(User, verbose_name=_("上传人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")  # public uploads have none
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    audited = True

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        indexes = [models.Index(fields=["content_type", "object_id"], name="attachment_owner_idx")]

    def __str__(self):
        return self.name

    @property
    def is_photo(self) -> bool:
        return self.kind == AttachmentKind.PHOTO

    @property
    def audit_scope_owner(self):
        return self.owner


class Notification(models.Model):
    """One message in a user's inbox, written by `core.notifications.InboxSender` after the change that
    caused it has committed. `key` (optional) makes a repeated job harmless: one notification per
    recipient and key."""

    recipient = models.ForeignKey(User, verbose_name=_("接收人"), on_delete=models.CASCADE,
                                  related_name="notifications")
    category = models.CharField(_("类别"), max_length=32, blank=True)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=500, blank=True)
    created = models.DateTimeField(_("时间"), default=timezone.now)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)
    key = models.CharField(_("去重键"), max_length=200, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("消息")
        verbose_name_plural = _("消息")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], condition=~models.Q(key=""),
                                    name="notification_recipient_key_unique"),
        ]
        indexes = [
            models.Index(fields=["recipient", "-created"], name="notification_inbox_idx"),
            # The bell's unread count on every page.
            models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
