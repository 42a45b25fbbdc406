"""The side navigation: every module of the platform, in the plan's order. A module whose pages are not
built yet has no URL and shows as disabled, so nothing links to a missing page."""

from dataclasses import dataclass

from django.urls import reverse

from worksafety.core.scoping import VIEW, can


@dataclass(frozen=True)
class Item:
    label: str
    icon: str
    url_name: str | None = None
    model: str | None = None  # "app_label.model": shown only to roles that may view it

    def visible_to(self, user) -> bool:
        if self.model is None:
            return True
        from django.apps import apps

        return can(user, apps.get_model(self.model), VIEW)


MENU = [
    ("总览", [
        Item("工作台", "bi-speedometer2", "home"),
        Item("一张图", "bi-map", "map", "registry.enterprise"),
    ]),
    ("企业档案", [
        Item("企业", "bi-building", "enterprise_list", "registry.enterprise"),
        Item("化工园区", "bi-bounding-box", "park_list", "registry.park"),
        Item("行政区域", "bi-diagram-3", "area_list", "core.area"),
        Item("部门", "bi-people", "department_list", "core.department"),
    ]),
    ("风险管控", [Item("风险分级", "bi-bar-chart-steps"), Item("重大危险源", "bi-radioactive"),
                  Item("风险点", "bi-geo-alt")]),
    ("隐患治理", [Item("隐患排查", "bi-exclamation-triangle"), Item("挂牌督办", "bi-flag"),
                  Item("举报", "bi-megaphone")]),
    ("监管执法", [Item("执法计划", "bi-calendar-check"), Item("双随机抽查", "bi-shuffle"),
                  Item("行政处罚", "bi-hammer"), Item("信用", "bi-award")]),
    ("监测预警", [Item("实时监测", "bi-activity"), Item("报警", "bi-bell"), Item("预警发布", "bi-broadcast")]),
    ("应急救援", [Item("应急资源", "bi-box-seam"), Item("应急预案", "bi-journal-text"),
                  Item("事件指挥", "bi-bullseye"), Item("后果模拟", "bi-wind")]),
    ("规划指标", [Item("事故统计", "bi-clipboard-data"), Item("规划指标", "bi-graph-up"),
                  Item("任务考核", "bi-list-check")]),
    ("系统", [
        Item("审计日志", "bi-shield-lock", "auditentry_list", "core.auditentry"),
        Item("API 文档", "bi-code-slash", "api_docs"),
    ]),
]


def menu_for(user, current_path: str):
    sections = []
    for title, items in MENU:
        entries = []
        for item in items:
            if not item.visible_to(user):
                continue
            url = reverse(item.url_name) if item.url_name else None
            active = bool(url) and (current_path == url or (url != "/" and current_path.startswith(url)))
            entries.append({"label": item.label, "icon": item.icon, "url": url, "active": active})
        if entries:
            sections.append({"title": title, "items": entries})
    return sections
