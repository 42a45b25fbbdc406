from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.forms.fields import InvalidJSONInput, JSONString
from django.utils.translation import gettext_lazy as _

from worksafety.core import jsonparse
from worksafety.core.attachments import (
    MultipleFileField as MultipleFileField,  # re-exported for forms elsewhere
)
from worksafety.core.auth import lockout_message
from worksafety.core.models import Area, Department, User
from worksafety.core.scoping import VIEW
from worksafety.core.validators import validate_datetime_range


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


class DateTimeField(forms.DateTimeField):
    """A moment typed into a form, within the years the platform accepts (1970–2100, `validate_datetime_range`)."""

    default_validators = [validate_datetime_range]


class JSONField(forms.JSONField):
    """JSON typed into a form with its nesting bounded (`core.jsonparse`): text nested thousands deep is a field
    error, not a RecursionError (Django's field parses with plain `json.loads`, also when it redisplays the
    form). Model forms take it through `Meta.field_classes`."""

    def to_python(self, value):
        if self.disabled or value in self.empty_values or isinstance(value, list | dict | int | float | JSONString):
            return super().to_python(value)
        try:
            converted = jsonparse.loads(value, cls=self.decoder)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid", params={"value": value}) from None
        return JSONString(converted) if isinstance(converted, str) else converted

    def bound_data(self, data, initial):
        if self.disabled or data is None:
            return super().bound_data(data, initial)
        try:
            return jsonparse.loads(data, cls=self.decoder)
        except ValueError:
            return InvalidJSONInput(data)


class ScopedModelForm(forms.ModelForm):
    """A ModelForm whose related-object choices are limited to what the user may see, whose date-times must
    lie in the years the platform accepts (as `DateTimeField`), and whose fields the user's role may not
    change (`locked_fields`) are shown disabled."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for field in self.fields.values():
            if isinstance(field, forms.DateTimeField) and validate_datetime_range not in field.validators:
                field.validators.append(validate_datetime_range)
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
        field_classes = {"outline": JSONField}


class DepartmentForm(ScopedModelForm):
    class Meta:
        model = Department
        fields = ["code", "name", "area", "sectors", "phone"]
        widgets = {"sectors": forms.CheckboxSelectMultiple}


class UserForm(ScopedModelForm):
    """A login the district gives to its staff, departments, parks and enterprises. A new login needs a
    password that passes the policy; on edit the password is changed only when one is typed."""

    password1 = forms.CharField(label=_("密码"), widget=forms.PasswordInput, required=False, strip=False,
                                help_text=_("至少 10 位，含大写字母、小写字母、数字、特殊字符中的 3 类。"))
    password2 = forms.CharField(label=_("确认密码"), widget=forms.PasswordInput, required=False, strip=False)

    class Meta:
        model = User
        fields = ["username", "full_name", "phone", "role", "area", "department", "park", "enterprise", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].required = True
        self.fields["password1"].required = self.instance._state.adding
        self.fields["password2"].required = self.instance._state.adding
        # The enterprise list can be thousands long; its id comes from the enterprise page's link.
        self.fields["enterprise"].widget = forms.HiddenInput()

    def clean(self):
        data = super().clean()
        password = data.get("password1")
        if password or self.instance._state.adding:
            if password != data.get("password2"):
                self.add_error("password2", _("两次输入的密码不一致。"))
            else:
                candidate = self.instance
                candidate.username = data.get("username", candidate.username)
                try:
                    password_validation.validate_password(password, candidate)
                except forms.ValidationError as error:
                    self.add_error("password1", error)
        # Only the field the role needs is kept, so a login is never attached to two things at once.
        needed = User.ROLE_SCOPE_FIELD.get(data.get("role"))
        for name in ("area", "department", "park", "enterprise"):
            if name != needed:
                data[name] = None
        return data

    def save(self, commit=True):
        user = super().save(commit=False)
        for name in ("area", "department", "park", "enterprise"):
            setattr(user, name, self.cleaned_data.get(name))
        if self.cleaned_data.get("password1"):
            user.set_password(self.cleaned_data["password1"])
        if commit:
            user.save()
        return user
