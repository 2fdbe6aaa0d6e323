from django.urls import path

from buyersgroup.members.views import coordination, directory, invitations

app_name = "members"

urlpatterns = [
    path("", directory.directory, name="directory"),
    path("<int:pk>/", directory.member_detail, name="detail"),
    path("profile/", directory.profile, name="profile"),
    path("profile/data.json", directory.personal_data, name="personal_data"),
    path("request-access/", invitations.request_access, name="request_access"),
    path("invitation/<str:token>/", invitations.accept_invitation, name="accept_invitation"),
    # Coordinator pages (access.coordinator_required)
    path("coordination/", coordination.coordination, name="coordination"),
    path("coordination/invite/", invitations.invite, name="invite"),
    path("coordination/invite/csv/", invitations.invite_csv, name="invite_csv"),
    path("coordination/access-requests/", invitations.access_requests, name="access_requests"),
    path("coordination/access-requests/<int:pk>/decide/", invitations.decide_access_request, name="decide_access_request"),
    path("coordination/organisations/", coordination.organisations, name="organisations"),
    path("coordination/organisations/new/", coordination.organisation_create, name="organisation_create"),
    path("coordination/organisations/<int:pk>/", coordination.organisation_edit, name="organisation_edit"),
    path("coordination/members/<int:pk>/", coordination.manage_member, name="manage_member"),
]
