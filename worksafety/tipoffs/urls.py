from django.urls import path

from worksafety.tipoffs import public_views, views

urlpatterns = [
    path("tipoffs/", views.TipOffListView.as_view(), name="tipoff_list"),
    path("tipoffs/settings/", views.PolicyEditView.as_view(), name="tipoff_settings"),
    path("tipoffs/settings/reward-handlers/", views.reward_handlers, name="tipoff_reward_handlers"),
    path("tipoffs/rewards/<int:pk>/decide/", views.tipoff_decide_reward, name="tipoff_decide_reward"),
    path("tipoffs/<int:pk>/", views.TipOffDetailView.as_view(), name="tipoff_detail"),
    path("tipoffs/<int:pk>/assign/", views.tipoff_assign, name="tipoff_assign"),
    path("tipoffs/<int:pk>/extend/", views.tipoff_extend, name="tipoff_extend"),
    path("tipoffs/<int:pk>/reply/", views.tipoff_reply, name="tipoff_reply"),
    path("tipoffs/<int:pk>/identity/", views.tipoff_identity, name="tipoff_identity"),
    path("tipoffs/<int:pk>/reward/", views.tipoff_propose_reward, name="tipoff_propose_reward"),
    path("tipoffs/<int:pk>/link-hazard/", views.tipoff_link_hazard, name="tipoff_link_hazard"),
    path("tipoffs/<int:tipoff_pk>/hazard/", views.TipOffHazardView.as_view(), name="tipoff_hazard"),
    path("tipoffs/<int:pk>/<slug:action>/", views.tipoff_transition, name="tipoff_transition"),
    # Public, no login.
    path("public/tipoffs/", public_views.tipoff_form, name="public_tipoff_form"),
    path("public/tipoffs/captcha.png", public_views.captcha_image, name="public_tipoff_captcha"),
    path("public/tipoffs/status/", public_views.tipoff_status, name="public_tipoff_status"),
    path("public/tipoffs/status/<str:code>/", public_views.tipoff_status, name="public_tipoff_status_code"),
]
