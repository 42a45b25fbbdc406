from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    DISTRICT = "district", _("区应急管理局")
    DEPARTMENT = "department", _("行业主管部门")
    STREET = "street", _("街道/功能区")
    PARK = "park", _("化工园区")
    ENTERPRISE = "enterprise", _("企业")
    EXPERT = "expert", _("专家")


class AreaLevel(models.TextChoices):
    DISTRICT = "district", _("区县")
    STREET = "street", _("街道")
    ZONE = "zone", _("功能区")
    COMMUNITY = "community", _("社区/村")


class AuditAction(models.TextChoices):
    CREATE = "create", _("新增")
    UPDATE = "update", _("修改")
    DELETE = "delete", _("删除")
    LOGIN = "login", _("登录")
    LOGIN_FAILED = "login_failed", _("登录失败")
    LOGIN_LOCKED = "login_locked", _("锁定期间尝试登录")
    LOGOUT = "logout", _("退出")
    IMPORT = "import", _("导入")
    TOKEN = "token", _("获取API令牌")
    VIEW_SECRET = "view_secret", _("查看保密信息")


class RiskColour(models.TextChoices):
    """四色 risk colours (重大/较大/一般/低); the values are those of `standards.risk.Colour`."""

    RED = "red", _("红（重大风险）")
    ORANGE = "orange", _("橙（较大风险）")
    YELLOW = "yellow", _("黄（一般风险）")
    BLUE = "blue", _("蓝（低风险）")


class AttachmentKind(models.TextChoices):
    PHOTO = "photo", _("照片")
    DOCUMENT = "document", _("文档")
