"""Pages of 双随机 draws, and their public 公示 (no login)."""

from django.urls import path

from worksafety.enforcement.draws import public_views, views

urlpatterns = [
    path("enforcement/draws/", views.DrawListView.as_view(), name="draw_list"),
    path("enforcement/draws/add/", views.draw_announce, name="draw_add"),
    path("enforcement/draws/<int:pk>/", views.DrawDetailView.as_view(), name="draw_detail"),
    path("enforcement/draws/<int:pk>/run/", views.draw_run, name="draw_run"),
    path("enforcement/draws/<int:pk>/cancel/", views.draw_cancel, name="draw_cancel"),
    # Public, no login.
    path("public/draws/", public_views.public_draws, name="public_draws"),
    path("public/draws/<int:pk>/", public_views.public_draw, name="public_draw"),
    path("public/draws/<int:pk>/parameters.json", public_views.public_draw_parameters,
         name="public_draw_parameters"),
]
