from django import forms
from django.contrib.auth.forms import AuthenticationForm

from worksafety.core.auth import lockout_message
from worksafety.core.models import Area, Department
from worksafety.core.scoping import VIEW


def bootstrapify(form):
    """Give every widget the Bootstrap 5 class it needs; templates then render fields plainly."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.RadioSelect):  # also CheckboxSelectMultiple: styled in the template
            continue
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()
    return form


class LoginForm(AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrapify(self)
        self.fields["username"].widget.attrs["autofocus"] = True

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError:
            message = lockout_message(self.cleaned_data.get("username", ""))
            if message:
                raise forms.ValidationError(message, code="locked") from None
            raise


class ScopedModelForm(forms.ModelForm):
    """A ModelForm whose related-object choices are limited to what the user may see, and whose
    fields the user's role may not change (`locked_fields`) are shown disabled."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and hasattr(queryset, "restrict"):
                field.queryset = queryset.restrict(user, VIEW)
        if hasattr(self.instance, "locked_fields") and self.instance.pk:
            for name in self.instance.locked_fields(user) & set(self.fields):
                self.fields[name].disabled = True


class AreaForm(ScopedModelForm):
    class Meta:
        model = Area
        fields = ["code", "name", "level", "parent", "centre_lat", "centre_lon", "outline"]


class DepartmentForm(ScopedModelForm):
    class Meta:
        model = Department
        fields = ["code", "name", "area", "sectors", "phone"]
        widgets = {"sectors": forms.CheckboxSelectMultiple}
