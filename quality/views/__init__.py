"""Quality management's pages, by audience: hub staff (`staff`), facilitators in their portal
(`portal`), and participants through their personal alumni link (`participant`)."""

from .participant import (
    alumni_page,
)
from .portal import (
    my_peer_group,
    peer_groups_section,
)
from .staff import (
    LIST_FILTERS,
    action_add,
    action_done,
    alumni_cohort,
    alumni_invite,
    alumni_list,
    continuing_session_add,
    evaluation,
    item_assign,
    item_create,
    item_detail,
    item_list,
    item_reopen,
    item_resolve,
    peer_group_create,
    peer_group_detail,
    peer_group_list,
    peer_group_meeting_add,
    peer_group_members,
    practitioner_checklist,
    practitioner_detail,
    practitioner_list,
    practitioner_profile_edit,
)

__all__ = [
    "LIST_FILTERS",
    "action_add",
    "action_done",
    "alumni_cohort",
    "alumni_invite",
    "alumni_list",
    "alumni_page",
    "continuing_session_add",
    "evaluation",
    "item_assign",
    "item_create",
    "item_detail",
    "item_list",
    "item_reopen",
    "item_resolve",
    "my_peer_group",
    "peer_group_create",
    "peer_group_detail",
    "peer_group_list",
    "peer_group_meeting_add",
    "peer_group_members",
    "peer_groups_section",
    "practitioner_checklist",
    "practitioner_detail",
    "practitioner_list",
    "practitioner_profile_edit",
]
