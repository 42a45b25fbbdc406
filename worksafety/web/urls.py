from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import path
from django.views.generic import RedirectView

from worksafety.web import bigscreen, dossier, views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(
        template_name="registration/password_change.html", success_url="/"), name="password_change"),
    path("enterprises/<int:pk>/", dossier.EnterpriseDetailView.as_view(), name="enterprise_detail"),
    path("map/", views.map_page, name="map"),
    path("map/data/", views.map_data, name="map_data"),
    path("bigscreen/", bigscreen.page, name="bigscreen"),
    path("bigscreen/data.json", bigscreen.data, name="bigscreen_data"),
    # Browsers ask for /favicon.ico whatever the page says (PDFs, downloads, old browsers).
    path("favicon.ico", RedirectView.as_view(url=static("web/favicon.svg"), permanent=True), name="favicon"),
]
