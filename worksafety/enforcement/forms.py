"""Pieces the forms of the enforcement sub-domains share; the forms check input shapes, the services check
everything again (the API reaches them without a form)."""

from django import forms

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"})


def rows(n):
    return forms.Textarea(attrs={"rows": n})


def department_only_for_superuser(form, user):
    # Everybody else inspects and handles cases as the organ their login belongs to (inspections.documents.issuer_for).
    if not user.is_superuser:
        del form.fields["department"]
