"""Writes for quality management and life after the programme, by concern: keyword-only
services that validate (`full_clean`) then save, in a transaction where more than one row
changes. The rules they apply are in quality/rules.py."""

from .alumni import (
    ALUMNI,
    alumni_invitations_send,
    alumni_opt_in,
    alumni_token,
    alumni_url,
    alumni_withdraw,
    continuing_session_record,
)
from .log import (
    quality_action_add,
    quality_action_complete,
    quality_item_assign,
    quality_item_create,
    quality_item_open_for_low_feedback,
    quality_item_reopen,
    quality_item_resolve,
    quality_item_year,
)
from .peer_groups import (
    peer_group_create,
    peer_group_meeting_record,
    peer_group_set_members,
)
from .practitioners import (
    PRACTITIONER_ROLES,
    PROFILE_FIELDS,
    practitioner_profile_for,
    practitioner_profile_save,
    profile_checklist_save,
)

__all__ = [
    "ALUMNI",
    "PRACTITIONER_ROLES",
    "PROFILE_FIELDS",
    "alumni_invitations_send",
    "alumni_opt_in",
    "alumni_token",
    "alumni_url",
    "alumni_withdraw",
    "continuing_session_record",
    "peer_group_create",
    "peer_group_meeting_record",
    "peer_group_set_members",
    "practitioner_profile_for",
    "practitioner_profile_save",
    "profile_checklist_save",
    "quality_action_add",
    "quality_action_complete",
    "quality_item_assign",
    "quality_item_create",
    "quality_item_open_for_low_feedback",
    "quality_item_reopen",
    "quality_item_resolve",
    "quality_item_year",
]
