"""Validators the sub-domains' models share."""

from django.core.validators import MaxValueValidator, MinValueValidator

# A year of the plan's figures, tasks or assessments.
YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]
