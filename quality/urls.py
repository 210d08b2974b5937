"""Quality management pages, mounted at /quality/ (namespace "quality"), and the facilitator
portal's peer group page (`portal_urlpatterns`), mounted by peernetworks/urls.py under
/facilitator/ in the portal's namespace ("facilitator")."""

from django.urls import path

from . import views

app_name = "quality"

urlpatterns = [
    # Feedback, complaints and compliments (QM-3).
    path("", views.item_list, name="item-list"),
    path("items/new/", views.item_create, name="item-create"),
    path("items/<int:pk>/", views.item_detail, name="item-detail"),
    path("items/<int:pk>/assign/", views.item_assign, name="item-assign"),
    path("items/<int:pk>/actions/", views.action_add, name="action-add"),
    path("items/<int:pk>/resolve/", views.item_resolve, name="item-resolve"),
    path("items/<int:pk>/reopen/", views.item_reopen, name="item-reopen"),
    path("actions/<int:pk>/done/", views.action_done, name="action-done"),
    # Facilitator and provider records (Annex 1, QM-4).
    path("people/", views.practitioner_list, name="practitioner-list"),
    path("people/<int:pk>/", views.practitioner_detail, name="practitioner-detail"),
    path("people/<int:pk>/profile/", views.practitioner_profile_edit, name="profile-edit"),
    path("people/<int:pk>/checklist/", views.practitioner_checklist, name="checklist-edit"),
    # Facilitator peer groups.
    path("peer-groups/", views.peer_group_list, name="peer-group-list"),
    path("peer-groups/new/", views.peer_group_create, name="peer-group-create"),
    path("peer-groups/<int:pk>/", views.peer_group_detail, name="peer-group-detail"),
    path("peer-groups/<int:pk>/members/", views.peer_group_members, name="peer-group-members"),
    path("peer-groups/<int:pk>/meetings/", views.peer_group_meeting_add, name="peer-group-meeting"),
    # Evaluation surveys.
    path("evaluation/", views.evaluation, name="evaluation"),
    # Carrying on.
    path("alumni/", views.alumni_list, name="alumni-list"),
    path("alumni/cohorts/<int:pk>/", views.alumni_cohort, name="alumni-cohort"),
    path("alumni/cohorts/<int:pk>/invite/", views.alumni_invite, name="alumni-invite"),
    path(
        "alumni/cohorts/<int:pk>/sessions/",
        views.continuing_session_add,
        name="continuing-session-add",
    ),
    path("alumni/my/<str:token>/", views.alumni_page, name="alumni-page"),
]

# The facilitator portal's routes (namespace "facilitator"): the groups the user belongs to.
portal_urlpatterns = [
    path("peer-groups/<int:pk>/", views.my_peer_group, name="peer-group"),
]
