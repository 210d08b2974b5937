"""Quality management and life after the programme, by concern: the quality log (`log`),
facilitator and provider records (`practitioners`), facilitator peer groups (`peer_groups`)
and carrying on after the programme (`alumni`). The rules are in quality/rules.py."""

from .alumni import ALUMNI_OPTED_IN_Q, AlumniConsent, ContinuingSession
from .log import (
    QualityAction,
    QualityActionKind,
    QualityChannel,
    QualityItem,
    QualityItemKind,
    QualityItemSource,
    QualityItemStatus,
    QualityItemUpdate,
    QualityUpdateKind,
    RaisedBy,
)
from .peer_groups import FacilitatorPeerGroup, PeerGroupMeeting
from .practitioners import (
    ANNEX_1,
    ANNEX_1_BY_CODE,
    Characteristic,
    PractitionerProfile,
    ProfileCheck,
)

__all__ = [
    "ALUMNI_OPTED_IN_Q",
    "ANNEX_1",
    "ANNEX_1_BY_CODE",
    "AlumniConsent",
    "Characteristic",
    "ContinuingSession",
    "FacilitatorPeerGroup",
    "PeerGroupMeeting",
    "PractitionerProfile",
    "ProfileCheck",
    "QualityAction",
    "QualityActionKind",
    "QualityChannel",
    "QualityItem",
    "QualityItemKind",
    "QualityItemSource",
    "QualityItemStatus",
    "QualityItemUpdate",
    "QualityUpdateKind",
    "RaisedBy",
]
