"""The side navigation: every module of the platform, in the plan's order, each item shown only to the roles
that may view its model."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from worksafety.core.scoping import VIEW, can


@dataclass(frozen=True)
class Item:
    label: str
    icon: str
    url_name: str
    model: str | None = None  # "app_label.model": shown only to roles that may view it

    def visible_to(self, user) -> bool:
        if self.model is None:
            return True
        from django.apps import apps

        return can(user, apps.get_model(self.model), VIEW)


MENU = [
    (_("总览"), [
        Item(_("工作台"), "bi-speedometer2", "home"),
        Item(_("一张图"), "bi-map", "map", "registry.enterprise"),
        Item(_("数据大屏"), "bi-display", "bigscreen"),
    ]),
    (_("企业档案"), [
        Item(_("企业"), "bi-building", "enterprise_list", "registry.enterprise"),
        Item(_("化工园区"), "bi-bounding-box", "park_list", "registry.park"),
        Item(_("危险化学品"), "bi-droplet-half", "chemical_list", "registry.chemical"),
        Item(_("行政区域"), "bi-diagram-3", "area_list", "core.area"),
        Item(_("部门"), "bi-people", "department_list", "core.department"),
    ]),
    (_("风险管控"), [
        Item(_("风险分布"), "bi-pie-chart", "risk_overview", "registry.enterprise"),
        Item(_("风险分级"), "bi-bar-chart-steps", "enterprisegrading_list", "risk.enterprisegrading"),
        Item(_("重大危险源"), "bi-radioactive", "hazardunit_list", "registry.hazardunit"),
        Item(_("风险点"), "bi-geo-alt", "riskevent_list", "risk.riskevent"),
        Item(_("差异化监管"), "bi-calendar-range", "supervision", "risk.supervisionrule"),
        Item(_("分级设置"), "bi-sliders", "risk_settings", "risk.riskband"),
    ]),
    (_("隐患治理"), [
        Item(_("隐患排查"), "bi-exclamation-triangle", "hazard_list", "hazards.hazard"),
        Item(_("排查任务"), "bi-check2-square", "checkrecord_list", "hazards.checkrecord"),
        Item(_("隐患统计"), "bi-graph-down", "hazard_statistics", "hazards.hazard"),
        Item(_("举报"), "bi-megaphone", "tipoff_list", "tipoffs.tipoff"),
        Item(_("举报设置"), "bi-sliders2", "tipoff_settings", "tipoffs.tipoffpolicy"),
    ]),
    (_("监管执法"), [Item(_("执法计划"), "bi-calendar-check", "annualplan_list", "enforcement.annualplan"),
                     Item(_("双随机抽查"), "bi-shuffle", "draw_list", "enforcement.draw"),
                     Item(_("执法人员"), "bi-person-vcard", "inspector_list", "enforcement.inspector"),
                     Item(_("执法检查"), "bi-clipboard2-check", "inspection_list", "enforcement.inspection"),
                     Item(_("检查表"), "bi-list-check", "checklisttemplate_list", "enforcement.checklisttemplate"),
                     Item(_("执法文书"), "bi-file-earmark-text", "enforcementdocument_list",
                          "enforcement.enforcementdocument"),
                     Item(_("行政处罚"), "bi-hammer", "penaltycase_list", "enforcement.penaltycase"),
                     Item(_("执法统计"), "bi-bar-chart-line", "enforcement_statistics", "enforcement.inspection"),
                     Item(_("信用"), "bi-award", "creditlisting_list", "enforcement.creditlisting"),
                     Item(_("第三方机构"), "bi-patch-check", "thirdpartyagency_list", "enforcement.thirdpartyagency")]),
    (_("监测预警"), [Item(_("实时监测"), "bi-activity", "monitoring_live", "monitoring.sensor"),
                     Item(_("监测点"), "bi-broadcast-pin", "sensor_list", "monitoring.sensor"),
                     Item(_("报警"), "bi-bell", "alarm_list", "monitoring.alarm"),
                     Item(_("预警发布"), "bi-broadcast", "warning_list", "emergency.warning")]),
    (_("应急资源"), [
        Item(_("资源一张图"), "bi-pin-map", "resource_map", "emergency.warehouse"),
        Item(_("救援队伍"), "bi-people-fill", "rescueteam_list", "emergency.rescueteam"),
        Item(_("物资仓库"), "bi-box-seam", "warehouse_list", "emergency.warehouse"),
        Item(_("库存"), "bi-boxes", "stock_list", "emergency.stock"),
        Item(_("出入库记录"), "bi-arrow-left-right", "stockmovement_list", "emergency.stockmovement"),
        Item(_("物资目录"), "bi-card-list", "supplyitem_list", "emergency.supplyitem"),
        Item(_("专家库"), "bi-mortarboard", "expert_list", "emergency.expert"),
        Item(_("避难场所"), "bi-house-heart", "shelter_list", "emergency.shelter"),
        Item(_("敏感目标"), "bi-building-exclamation", "sensitivetarget_list", "emergency.sensitivetarget"),
    ]),
    (_("应急救援"), [Item(_("应急预案"), "bi-journal-text", "emergencyplan_list", "emergency.emergencyplan"),
                     Item(_("应急演练"), "bi-clipboard-check", "drill_list", "emergency.drill"),
                     Item(_("事件指挥"), "bi-bullseye", "incident_list", "emergency.incident"), Item(_("后果模拟"), "bi-wind", "consequence_simulation", "emergency.incident")]),
    (_("规划指标"), [Item(_("事故统计"), "bi-clipboard-data", "accident_list", "indicators.accident"),
                     Item(_("规划指标"), "bi-graph-up", "indicator_list", "indicators.indicator"),
                     Item(_("分析报告"), "bi-file-earmark-bar-graph", "report_list", "indicators.report"),
                     Item(_("规划任务"), "bi-list-task", "plantask_list", "indicators.plantask"),
                     Item(_("目标考核"), "bi-trophy", "assessment_list", "indicators.assessment")]),
    (_("系统"), [
        Item(_("用户"), "bi-person-badge", "user_list", "core.user"),
        Item(_("审计日志"), "bi-shield-lock", "auditentry_list", "core.auditentry"),
        Item(_("API 文档"), "bi-code-slash", "api_docs"),
    ]),
]


def menu_for(user, current_path: str):
    sections = []
    for title, items in MENU:
        entries = []
        for item in items:
            if not item.visible_to(user):
                continue
            entries.append({"label": item.label, "icon": item.icon, "url": reverse(item.url_name), "active": False})
        if entries:
            sections.append({"title": title, "items": entries})
    # The active item is the one whose address is the longest prefix of the page's (/hazards/checks/ is 排查任务,
    # not 隐患排查 as well).
    matches = [entry for section in sections for entry in section["items"]
               if (current_path == entry["url"] or (entry["url"] != "/" and current_path.startswith(entry["url"])))]
    if matches:
        max(matches, key=lambda entry: len(entry["url"]))["active"] = True
    return sections
