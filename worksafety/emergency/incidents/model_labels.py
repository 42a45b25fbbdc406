"""What the command board calls the consequence models, in the user's language.

consequence/ is pure Python without Django and its JSON is an interface, so it names each model and σ set
with stable codes (`model_code`, the `terrain` input) next to its own fixed text; the board translates the
codes here through gettext, and says so when a zone was cut at the model's range (`truncated_at_m`).
"""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

MODELS = {
    "gaussian_plume": _("高斯烟羽模型（连续点源，地面反射）"),
    "pool_fire": _("池火灾点源热辐射模型"),
    "vce_tnt": _("蒸气云爆炸 TNT 当量法"),
}
SIGMA_SETS = {
    "rural": _("Briggs (1973) 扩散参数，开阔乡村"),
    "urban": _("Briggs (1973) 扩散参数，城市"),
}


def model_name(result: dict) -> str:
    """The model of one result of consequence.zones; a result stored before the codes keeps its own text."""
    return str(MODELS.get(result.get("model_code"), result["model"]))


def sigma_set_name(result: dict) -> str:
    return str(SIGMA_SETS.get(result["inputs"]["terrain"], result["sigma_set"]))


def zone_cut(zone: dict) -> str:
    """'' for a zone drawn whole; otherwise where it was cut, e.g. 超出模型适用范围（10 km），已截断."""
    if not zone.get("truncated_at_m"):
        return ""
    return gettext("超出模型适用范围（%(km)s km），已截断") % {"km": f"{zone['truncated_at_m'] / 1000:g}"}
