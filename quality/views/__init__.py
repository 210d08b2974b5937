"""Quality management's pages. Hub staff's, by concern: the quality log (`log`), facilitator
and provider records (`practitioners`), peer groups (`peer_groups`), the evaluation lists
(`evaluation`) and the alumni (`alumni`); facilitators' in their portal (`portal`); and the
participant's through their personal alumni link (`participant`)."""

from .alumni import (
    alumni_cohort,
    alumni_invite,
    alumni_list,
    continuing_session_add,
)
from .evaluation import (
    evaluation,
)
from .log import (
    LIST_FILTERS,
    action_add,
    action_done,
    item_assign,
    item_create,
    item_detail,
    item_list,
    item_reopen,
    item_resolve,
)
from .participant import (
    alumni_page,
)
from .peer_groups import (
    peer_group_create,
    peer_group_detail,
    peer_group_list,
    peer_group_meeting_add,
    peer_group_members,
)
from .portal import (
    my_peer_group,
    peer_groups_section,
)
from .practitioners import (
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
