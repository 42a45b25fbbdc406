"""Form widgets the sub-domains' forms share (warnings, incidents)."""

from django import forms

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
