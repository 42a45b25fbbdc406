from django.urls import path

from worksafety.core import views

urlpatterns = [
    path("areas/", views.AreaListView.as_view(), name="area_list"),
    path("areas/add/", views.AreaEditView.as_view(), name="area_add"),
    path("areas/<int:pk>/", views.AreaDetailView.as_view(), name="area_detail"),
    path("areas/<int:pk>/edit/", views.AreaEditView.as_view(), name="area_edit"),
    path("departments/", views.DepartmentListView.as_view(), name="department_list"),
    path("departments/add/", views.DepartmentEditView.as_view(), name="department_add"),
    path("departments/<int:pk>/", views.DepartmentDetailView.as_view(), name="department_detail"),
    path("departments/<int:pk>/edit/", views.DepartmentEditView.as_view(), name="department_edit"),
    path("users/", views.UserListView.as_view(), name="user_list"),
    path("users/add/", views.UserEditView.as_view(), name="user_add"),
    path("users/<int:pk>/", views.UserDetailView.as_view(), name="user_detail"),
    path("users/<int:pk>/edit/", views.UserEditView.as_view(), name="user_edit"),
    path("audit/", views.AuditEntryListView.as_view(), name="auditentry_list"),
    path("audit/<int:pk>/", views.AuditEntryDetailView.as_view(), name="auditentry_detail"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<int:pk>/open/", views.inbox_open, name="inbox_open"),
    path("inbox/read-all/", views.inbox_read_all, name="inbox_read_all"),
]
