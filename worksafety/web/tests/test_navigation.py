"""The menu (web/navigation.py) links each app's pages for the roles that may open them."""

from django.urls import reverse

from worksafety.web.navigation import menu_for


def test_the_menu_links_the_plan_draw_and_credit_pages(world):
    labels = {item["label"]: item["url"] for section in menu_for(world.district_user, "/")
              for item in section["items"]}
    assert labels["执法计划"] == "/enforcement/plans/" and labels["双随机抽查"] == "/enforcement/draws/"
    assert labels["执法人员"] and labels["信用"] and labels["第三方机构"]
    enterprise = {item["label"] for section in menu_for(world.enterprise_user, "/") for item in section["items"]}
    assert "信用" in enterprise and "双随机抽查" not in enterprise


def test_the_menu_links_the_inspection_case_and_statistics_pages(world):
    labels = {item["label"]: item["url"] for section in menu_for(world.district_user, "/")
              for item in section["items"]}
    assert labels["执法检查"] == reverse("inspection_list") and labels["行政处罚"] == reverse("penaltycase_list")
    assert labels["执法文书"] == reverse("enforcementdocument_list")
    assert labels["执法统计"] == reverse("enforcement_statistics")
    public = {item["label"] for section in menu_for(world.expert_user, "/") for item in section["items"]}
    assert "执法检查" not in public and "行政处罚" not in public
