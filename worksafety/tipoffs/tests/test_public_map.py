"""The public form's location map (issue 14): over the base layer when WORKSAFETY_TILE_URL is set, otherwise a
hint that there is none and a click inside the district outline will do."""

from django.urls import reverse

HINT = "未配置底图：请在区界内点击选择大致位置"


def test_without_a_tile_url_the_form_says_there_is_no_base_map(db, client, settings):
    settings.WORKSAFETY_TILE_URL = ""
    page = client.get(reverse("public_tipoff_form")).content.decode()
    assert HINT in page and 'data-tiles=""' in page


def test_with_a_tile_url_the_map_gets_it(db, client, settings):
    settings.WORKSAFETY_TILE_URL = "https://t{s}.tianditu.gov.cn/vec_w/wmts?x={x}&y={y}&l={z}"
    page = client.get(reverse("public_tipoff_form")).content.decode()
    assert HINT not in page and 'data-tiles="https://t{s}.tianditu.gov.cn/vec_w/wmts?x={x}&amp;y={y}&amp;l={z}"' in page
