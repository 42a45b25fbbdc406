"""The public pages' footer: 主办单位 always (the district bureau by default), contact and filing numbers only when
set; and plain words for the warnings feeds."""

from django.urls import reverse


def test_the_footer_names_the_bureau_and_hides_unset_numbers(world, client):
    page = client.get(reverse("public_tipoff_status")).content.decode()
    assert "主办单位：金普新区应急管理局" in page
    assert "联系方式" not in page and "beian.miit.gov.cn" not in page and "beian.mps.gov.cn" not in page


def test_the_footer_shows_the_configured_owner_contact_and_filing_numbers(world, client, settings):
    settings.WORKSAFETY_SITE_OWNER = "大连金普新区应急管理局"
    settings.WORKSAFETY_SITE_CONTACT = "0411-87654321"
    settings.WORKSAFETY_ICP_NUMBER = "辽ICP备12345678号-1"
    settings.WORKSAFETY_PSB_NUMBER = "辽公网安备21021302000123号"
    page = client.get(reverse("public_warnings")).content.decode()
    assert "主办单位：大连金普新区应急管理局" in page and "联系方式：0411-87654321" in page
    assert '<a class="text-muted" href="https://beian.miit.gov.cn/" rel="noopener" target="_blank">辽ICP备12345678号-1</a>' in page
    assert "code=21021302000123" in page and "辽公网安备21021302000123号" in page
    assert "订阅预警（CAP 格式）" in page and "数据接口" in page and ">JSON<" not in page
