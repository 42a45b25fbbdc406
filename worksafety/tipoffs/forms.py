from django import forms
from django.utils.translation import gettext_lazy as _

from worksafety.core.attachments import MultipleFileField
from worksafety.core.forms import ScopedModelForm
from worksafety.core.models import Area
from worksafety.registry.models import Enterprise
from worksafety.tipoffs.choices import AccidentGrade, Category
from worksafety.tipoffs.models import TipOffPolicy
from worksafety.tipoffs.services import MAX_CONTENT


class PublicTipOffForm(forms.Form):
    """The public form: what happened, where, optionally who you are, photos, and the captcha."""

    category = forms.ChoiceField(label=_("举报类别"), choices=Category.choices)
    content = forms.CharField(label=_("举报内容"), max_length=MAX_CONTENT, widget=forms.Textarea(attrs={"rows": 6}),
                              help_text=_("请写明单位名称、具体位置、时间和情况。"))
    reported_enterprise = forms.CharField(label=_("被举报单位（选填）"), max_length=200, required=False)
    place = forms.CharField(label=_("地点（选填）"), max_length=200, required=False)
    area = forms.ModelChoiceField(label=_("所在街道（选填）"), required=False,
                                  queryset=Area.objects.filter(level__in=["street", "zone"]).order_by("code"))
    lat = forms.FloatField(required=False, widget=forms.HiddenInput())
    lon = forms.FloatField(required=False, widget=forms.HiddenInput())
    photos = MultipleFileField(label=_("照片或材料（选填）"), required=False)
    anonymous = forms.BooleanField(label=_("匿名举报"), required=False, initial=True)
    name = forms.CharField(label=_("姓名"), max_length=50, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    captcha = forms.CharField(label=_("验证码"), max_length=8, widget=forms.TextInput(attrs={"autocomplete": "off"}))


class TransitionForm(forms.Form):
    comment = forms.CharField(label=_("内部意见"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 2}))
    conclusion = forms.CharField(label=_("核查结论"), required=False, max_length=5000,
                                 widget=forms.Textarea(attrs={"rows": 3}))
    public_reply = forms.CharField(label=_("对举报人的答复（公开）"), required=False, max_length=2000,
                                   widget=forms.Textarea(attrs={"rows": 2}))


class AssignForm(forms.Form):
    enterprise = forms.ModelChoiceField(label=_("涉及企业"), required=False, queryset=Enterprise.objects.all())
    area = forms.ModelChoiceField(label=_("或承办街道/功能区"), required=False,
                                  queryset=Area.objects.filter(level__in=["street", "zone"]).order_by("code"))
    comment = forms.CharField(label=_("说明"), required=False, max_length=500)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = Enterprise.objects.restrict(user)


class ExtendForm(forms.Form):
    days = forms.IntegerField(label=_("延长天数"), min_value=1, max_value=365)
    reason = forms.CharField(label=_("延期理由（将告知举报人）"), max_length=500)


class ReplyForm(forms.Form):
    public_reply = forms.CharField(label=_("答复举报人（公开）"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class RewardForm(forms.Form):
    fine_yuan = forms.DecimalField(label=_("罚款金额（元）"), required=False, min_value=0, max_digits=14,
                                   decimal_places=2)
    penalty_reference = forms.CharField(label=_("处罚决定书文号"), required=False, max_length=100)
    accident_grade = forms.ChoiceField(label=_("事故等级"), required=False,
                                       choices=[("", "—"), *AccidentGrade.choices])
    concealed_deaths = forms.IntegerField(label=_("查实瞒报死亡人数"), required=False, min_value=1, max_value=1000)


class PolicyForm(ScopedModelForm):
    class Meta:
        model = TipOffPolicy
        exclude = []
