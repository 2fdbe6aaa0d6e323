from django.urls import path

from buyersgroup.members import views

app_name = "members"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("<int:pk>/", views.member_detail, name="detail"),
    path("profile/", views.profile, name="profile"),
    path("profile/data.json", views.personal_data, name="personal_data"),
    path("request-access/", views.request_access, name="request_access"),
    path("invitation/<str:token>/", views.accept_invitation, name="accept_invitation"),
    # Coordinator pages (access.coordinator_required)
    path("coordination/", views.coordination, name="coordination"),
    path("coordination/invite/", views.invite, name="invite"),
    path("coordination/invite/csv/", views.invite_csv, name="invite_csv"),
    path("coordination/access-requests/", views.access_requests, name="access_requests"),
    path("coordination/access-requests/<int:pk>/decide/", views.decide_access_request, name="decide_access_request"),
    path("coordination/organisations/", views.organisations, name="organisations"),
    path("coordination/organisations/new/", views.organisation_create, name="organisation_create"),
    path("coordination/organisations/<int:pk>/", views.organisation_edit, name="organisation_edit"),
    path("coordination/members/<int:pk>/", views.manage_member, name="manage_member"),
]
