"""Template filters naming the consequence models on the command board (emergency.incidents.model_labels)."""

from django import template

from worksafety.emergency.incidents import model_labels

register = template.Library()
register.filter("model_name", model_labels.model_name)
register.filter("sigma_set_name", model_labels.sigma_set_name)
register.filter("zone_cut", model_labels.zone_cut)
