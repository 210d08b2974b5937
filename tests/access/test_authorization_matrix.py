"""The authorization matrix (SPEC §1): every URL of the project, requested by
every role, answers what this table says.

The URL list comes from the resolver (`get_resolver()`, walked recursively; the admin's own
URLs come with it through `admin.site.urls`). Every URL needs an entry here — a new URL without
one fails `test_every_url_has_an_entry`, so whoever adds a view decides who may open it.

Roles (columns, in this order):

    anon   anonymous visitor
    part   the participant's personal link (only URLs that take a personal token; "-" elsewhere)
    prov   provider assigned to the participant (hub A)
    prov2  another provider of hub A, assigned to someone else
    fac    facilitator leading the cohort (hub A)
    fac2   another facilitator of hub A, leading a different cohort
    hubA   hub staff of hub A (the objects' hub)
    hubB   hub staff of hub B
    nat    national coordinator

Every path parameter is filled with hub A's object of the named kind (tests/access/world.py).
A personal token is the participant's real link for "part"; the other roles do not hold the
link, so they get a link made for another purpose (which must open nothing).

Outcomes: 200; L = 302 to the login page; AL = 302 to the admin login; >name = 302 to that URL
(a same-area page); 403; 404; 405 (GET on a POST-only view); "-" = not requested.

The admin's model URLs come from ADMIN_MODELS (every registered model: the object its pages
open and a profile of rows in R); its add pages are opened with every relational field
prefilled (`?field=pk`) with hub A's object, as a crafted link would.

Besides the status, every 200 page is searched for the names, emails, business names and
feedback words of participants the role may not see (`may_see`), and, for one hub's staff, for
the other hub's cohort, peer group and team names. POST-only views (and every view that refuses
hub B's staff) are POSTed by hub B's staff against hub A's object: refused, and the database
unchanged. The admin's autocomplete and form choices are checked the same way.

A cell that shows a defect of the application is listed in KNOWN_DEFECTS (xfail, strict): it
fails until the application is fixed, and then fails again until the mark is removed.
"""

import hashlib
import json
import re
from contextlib import contextmanager
from datetime import datetime
from urllib.parse import urlencode, urlparse
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.forms import ModelChoiceField
from django.test import Client, RequestFactory
from django.urls import URLResolver, get_resolver, resolve, reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from .world import build_world

# Keep this mark: without a django_db test in the session pytest-django creates no test database
# and the module-scoped world below would be built in the development database.
pytestmark = pytest.mark.django_db

ROLES = ("anon", "part", "prov", "prov2", "fac", "fac2", "hubA", "hubB", "nat")

# ---------------------------------------------------------------------------------------------
# The table: URL name -> (parameter kinds, expected outcome per role in ROLES order).
# ---------------------------------------------------------------------------------------------

# fmt: off
MATRIX: dict[str, tuple[dict[str, str], str]] = {
    #                                     anon  part prov  prov2 fac  fac2 hubA hubB nat
    "home": ({},                          "L    -   >one_to_one:provider-home >one_to_one:provider-home >facilitator:home >facilitator:home 200 200 200"),  # noqa: E501
    "healthz": ({},                       "200  -   200  200  200  200  200  200  200"),
    "login": ({},                         "200  -   200  200  200  200  200  200  200"),
    "logout": ({},                        "405  -   405  405  405  405  405  405  405"),
    # Two-factor sign-in: staff accounts only (the sessions here are verified;
    # tests/peernetworks/test_mfa.py covers unverified ones).
    "mfa:verify": ({},                    "L    -   403  403  403  403  >home >home >home"),
    "mfa:setup": ({},                     "L    -   403  403  403  403  200  200  200"),
    "mfa:backup-codes": ({},              "L    -   403  403  403  403  200  200  200"),

    # Public registration (ONB-1): the details and done pages send you back to the notice.
    "register": ({"hub_slug": "hub_slug"}, "200 -   200  200  200  200  200  200  200"),
    "register-details": ({"hub_slug": "hub_slug"}, ">register - >register >register >register >register >register >register >register"),  # noqa: E501
    "register-done": ({"hub_slug": "hub_slug"}, ">register - >register >register >register >register >register >register >register"),  # noqa: E501

    # Staff pages on participants (personal data: hub staff of the hub only).
    "participants:participant-list": ({}, "L -  403  403  403  403  200  200  200"),
    "participants:participant-detail": ({"pk": "participant"}, "L - 403 403 403 403 200 404 404"),
    "participants:participant-discretion": ({"pk": "participant"}, "405 - 405 405 405 405 405 405 405"),  # noqa: E501
    "participants:participant-viability": ({"pk": "participant"}, "405 - 405 405 405 405 405 405 405"),  # noqa: E501
    "participants:participant-cross-lep": ({"pk": "participant"}, "405 - 405 405 405 405 405 405 405"),  # noqa: E501

    # Cohort builder and schedule (hub staff; the national coordinator reads the list only).
    "cohorts:cohort-list": ({},                                "L - 403 403 403 403 200 200 200"),
    "cohorts:cohort-create": ({},                              "L - 403 403 403 403 200 200 403"),
    "cohorts:cohort-detail": ({"pk": "cohort"},                "L - 403 403 403 403 200 404 403"),
    "cohorts:cohort-advice": ({"pk": "cohort"},                "L - 403 403 403 403 200 404 403"),
    "cohorts:cohort-edit": ({"pk": "cohort"},                  "L - 403 403 403 403 200 404 403"),
    "cohorts:cohort-allocate": ({"pk": "cohort"},              "405 - 405 405 405 405 405 405 405"),  # noqa: E501
    "cohorts:schedule-generate": ({"pk": "cohort"},            "L - 403 403 403 403 200 404 403"),
    "cohorts:schedule-confirm": ({"pk": "cohort"},             "405 - 405 405 405 405 405 405 405"),  # noqa: E501
    "cohorts:session-add": ({"cohort_pk": "cohort"},           "L - 403 403 403 403 200 404 403"),
    "cohorts:observation-book": ({"pk": "cohort"},             "405 - 405 405 405 405 405 405 405"),  # noqa: E501
    "cohorts:cohort-calendar": ({"pk": "cohort"},              "L - 404 404 200 404 200 404 200"),
    "cohorts:membership-remove": ({"pk": "membership"},        "405 - 405 405 405 405 405 405 405"),  # noqa: E501
    "cohorts:membership-move": ({"pk": "membership"},          "405 - 405 405 405 405 405 405 405"),  # noqa: E501
    "cohorts:session-edit": ({"pk": "session"},                "L - 403 403 403 403 200 404 403"),
    "cohorts:session-cancel": ({"pk": "session"},              "405 - 405 405 405 405 405 405 405"),  # noqa: E501
    "cohorts:observation-complete": ({"pk": "observation"},    "L - 403 403 403 403 200 404 403"),
    "cohorts:participant-calendar": ({"token": "token_calendar"}, "404 200 404 404 404 404 404 404 404"),  # noqa: E501

    # Facilitator portal: the cohorts a facilitator leads; hub staff their hub's.
    "facilitator:home": ({},                                   "L - 403 403 200 200 200 200 403"),
    "facilitator:cohort-detail": ({"pk": "cohort"},            "L - 403 403 200 404 200 404 403"),
    "facilitator:participant-disengaged": ({"cohort_pk": "cohort", "pk": "participant"}, "L - 403 403 200 404 200 404 403"),  # noqa: E501
    "facilitator:participant-refer": ({"cohort_pk": "cohort", "pk": "participant"}, "L - 403 403 200 404 200 404 403"),  # noqa: E501
    "facilitator:participant-signpost": ({"cohort_pk": "cohort", "pk": "participant"}, "L - 403 403 200 404 200 404 403"),  # noqa: E501
    "facilitator:session-detail": ({"pk": "session"},          "L - 403 403 200 404 200 404 403"),
    "facilitator:session-attendance": ({"pk": "session"},      "405 - 405 405 405 405 405 405 405"),  # noqa: E501
    "facilitator:session-notes": ({"pk": "session"},           "405 - 405 405 405 405 405 405 405"),  # noqa: E501
    "facilitator:session-report-back": ({"pk": "session"},     "405 - 405 405 405 405 405 405 405"),  # noqa: E501
    "facilitator:follow-up-close": ({"pk": "follow_up"},       "L - 403 403 200 404 200 404 403"),
    # a peer group's page for its members and organiser (fac is a member, hubA organises).
    "facilitator:peer-group": ({"pk": "peer_group"},           "L - 403 403 200 404 200 404 403"),
    "facilitator:disengagement-review": ({"pk": "disengagement"}, "L - 403 403 403 403 200 404 404"),  # noqa: E501
    "facilitator:referral-acknowledge": ({"pk": "support_referral"}, "405 - 405 405 405 405 405 405 405"),  # noqa: E501

    # Provider portal: only the participants assigned to the provider.
    "one_to_one:provider-home": ({},                           "L - 200 200 403 403 403 403 403"),
    "one_to_one:provider-participant": ({"pk": "participant"}, "L - 200 404 403 403 403 403 403"),
    "one_to_one:provider-log": ({"pk": "participant"},         "405 - 405 405 405 405 405 405 405"),  # noqa: E501
    "one_to_one:provider-action-plan": ({"pk": "participant"}, "405 - 405 405 405 405 405 405 405"),  # noqa: E501
    "one_to_one:provider-referral": ({"pk": "participant"},    "405 - 405 405 405 405 405 405 405"),  # noqa: E501
    "one_to_one:provider-declaration": ({"pk": "participant"}, "405 - 405 405 405 405 405 405 405"),  # noqa: E501
    "one_to_one:provider-decline": ({"pk": "participant"},     "405 - 405 405 405 405 405 405 405"),  # noqa: E501
    # One-to-one staff pages (participant-level progress: never the national coordinator's).
    "one_to_one:progress": ({},                                "L - 403 403 403 403 200 200 200"),
    "one_to_one:cohort-progress": ({"pk": "cohort"},           "L - 403 403 403 403 200 404 404"),
    "one_to_one:short-of-minimum": ({},                        "L - 403 403 403 403 200 200 200"),
    "one_to_one:participant-detail": ({"pk": "participant"},   "L - 403 403 403 403 200 404 404"),
    "one_to_one:participant-assign": ({"pk": "participant"},   "405 - 405 405 405 405 405 405 405"),  # noqa: E501
    "one_to_one:existing-provision-record": ({"pk": "participant"}, "405 - 405 405 405 405 405 405 405"),  # noqa: E501

    # Participants' personal pages: the link is the key.
    "my:home": ({"token": "token_home"},                       "404 200 404 404 404 404 404 404 404"),  # noqa: E501
    "my:feedback-form": ({"token": "token_feedback"},          "404 200 404 404 404 404 404 404 404"),  # noqa: E501
    "my:survey-form": ({"kind": "survey_kind", "token": "token_survey"}, "404 200 404 404 404 404 404 404 404"),  # noqa: E501

    # Feedback and surveys for staff (participants' words: hub staff only).
    "feedback:overview": ({},                                  "L - 403 403 403 403 200 200 403"),
    "feedback:cohort-detail": ({"pk": "cohort"},               "L - 403 403 403 403 200 404 403"),
    "feedback:comment-list": ({},                              "L - 403 403 403 403 200 200 403"),

    # KPI returns, dashboards and exports (aggregates: the national coordinator reads them all).
    "reporting:return-list": ({},                              "L - 403 403 403 403 200 200 200"),
    "reporting:return-compile": ({},                           "405 - 405 405 405 405 405 405 405"),  # noqa: E501
    "reporting:return-detail": ({"pk": "kpi_return"},          "L - 403 403 403 403 200 404 200"),
    "reporting:return-recompile": ({"pk": "kpi_return"},       "405 - 405 405 405 405 405 405 405"),  # noqa: E501
    "reporting:return-submit": ({"pk": "kpi_return"},          "405 - 405 405 405 405 405 405 405"),  # noqa: E501
    "reporting:return-reopen": ({"pk": "kpi_return"},          "405 - 405 405 405 405 405 405 405"),  # noqa: E501
    "reporting:return-narrative": ({"pk": "kpi_return"},       "405 - 405 405 405 405 405 405 405"),  # noqa: E501
    "reporting:return-export": ({"pk": "kpi_return", "fmt": "csv"}, "L - 403 403 403 403 200 404 200"),  # noqa: E501
    "reporting:dashboard": ({},                                "L - 403 403 403 403 200 200 200"),
    "reporting:export-list": ({},                              "L - 403 403 403 403 200 200 200"),
    "reporting:evaluator-export": ({"fmt": "csv"},             "L - 403 403 403 403 200 200 403"),
    # The audit trail (GDPR-5): no personal values; each hub's staff their own.
    "audit-event-list": ({},                                   "L - 403 403 403 403 200 200 200"),

    # Quality management: the hub's own log, practitioners and peer groups.
    "quality:item-list": ({},                                  "L - 403 403 403 403 200 200 403"),
    "quality:item-create": ({},                                "L - 403 403 403 403 200 200 403"),
    "quality:item-detail": ({"pk": "quality_item"},            "L - 403 403 403 403 200 404 403"),
    "quality:item-assign": ({"pk": "quality_item"},            "405 - 405 405 405 405 405 405 405"),  # noqa: E501
    "quality:action-add": ({"pk": "quality_item"},             "405 - 405 405 405 405 405 405 405"),  # noqa: E501
    "quality:item-resolve": ({"pk": "quality_item"},           "405 - 405 405 405 405 405 405 405"),  # noqa: E501
    "quality:item-reopen": ({"pk": "quality_item"},            "405 - 405 405 405 405 405 405 405"),  # noqa: E501
    "quality:action-done": ({"pk": "quality_action"},          "405 - 405 405 405 405 405 405 405"),  # noqa: E501
    "quality:practitioner-list": ({},                          "L - 403 403 403 403 200 200 403"),
    "quality:practitioner-detail": ({"pk": "practitioner"},    "L - 403 403 403 403 200 404 403"),
    "quality:profile-edit": ({"pk": "practitioner"},           "L - 403 403 403 403 200 404 403"),
    "quality:checklist-edit": ({"pk": "practitioner"},         "L - 403 403 403 403 200 404 403"),
    "quality:peer-group-list": ({},                            "L - 403 403 403 403 200 200 403"),
    "quality:peer-group-create": ({},                          "L - 403 403 403 403 200 200 403"),
    "quality:peer-group-detail": ({"pk": "peer_group"},        "L - 403 403 403 403 200 404 403"),
    "quality:peer-group-members": ({"pk": "peer_group"},       "405 - 405 405 405 405 405 405 405"),  # noqa: E501
    "quality:peer-group-meeting": ({"pk": "peer_group"},       "405 - 405 405 405 405 405 405 405"),  # noqa: E501
    "quality:evaluation": ({},                                 "L - 403 403 403 403 200 200 403"),
    "quality:alumni-list": ({},                                "L - 403 403 403 403 200 200 403"),
    "quality:alumni-cohort": ({"pk": "cohort"},                "L - 403 403 403 403 200 404 403"),
    "quality:alumni-invite": ({"pk": "cohort"},                "405 - 405 405 405 405 405 405 405"),  # noqa: E501
    "quality:continuing-session-add": ({"pk": "cohort"},       "405 - 405 405 405 405 405 405 405"),  # noqa: E501
    "quality:alumni-page": ({"token": "token_alumni"},         "404 200 404 404 404 404 404 404 404"),  # noqa: E501

    # The admin site's own pages.
    "admin:index": ({},                                        "AL - AL AL AL AL 200 200 200"),
    "admin:login": ({},                                        "200 - 200 200 200 200 >admin:index >admin:index >admin:index"),  # noqa: E501
    "admin:logout": ({},                                       ">admin:index - >admin:index >admin:index >admin:index >admin:index 405 405 405"),  # noqa: E501
    "admin:password_change": ({},                              "AL - AL AL AL AL 200 200 200"),
    "admin:password_change_done": ({},                         "AL - AL AL AL AL 200 200 200"),
    "admin:autocomplete": ({},                                 "AL - AL AL AL AL 403 403 403"),
    "admin:jsi18n": ({},                                       "AL - AL AL AL AL 200 200 200"),
    "admin:view_on_site": ({"content_type_id": "participant_content_type", "object_id": "participant"}, "AL - AL AL AL AL 404 404 404"),  # noqa: E501
    "admin:app_list": ({"app_label": "app_label"},             "AL - AL AL AL AL 200 200 200"),
    "admin:auth_user_password_change": ({"id": "user"},        "AL - AL AL AL AL 200 404 403"),
    # Starting the next programme year: the national coordinator (and system administrators).
    "admin:peernetworks_programmeyear_start_next": ({"pk": "year"}, "AL - AL AL AL AL 403 403 200"),  # noqa: E501
    "<unnamed> admin/(?P<url>.*)$": ({"url": "no_such_admin_page"}, "AL - AL AL AL AL 404 404 404"),  # noqa: E501
}

# POST-only views: what hub B's staff get when they POST against hub A's object, and a
# plausible form (valid, were the object theirs) so that a missing check would change data.
POST_ONLY: dict[str, tuple[int, dict]] = {
    "participants:participant-discretion": (404, {"decision": "approved", "reason": "x"}),
    "participants:participant-viability": (404, {"viable": "yes"}),
    "participants:participant-cross-lep": (404, {"agreed": "on", "note": "x"}),
    "cohorts:cohort-allocate": (404, {"participants": "{participant}"}),
    "cohorts:schedule-confirm": (404, {}),
    "cohorts:observation-book": (404, {"action": "random", "method": "live"}),
    "cohorts:membership-remove": (404, {}),
    "cohorts:membership-move": (404, {"to_cohort": "{cohort}", "reason": "other", "note": "x"}),
    "cohorts:session-cancel": (404, {}),
    "facilitator:session-attendance": (404, {"mark_all_present": "on"}),
    "facilitator:session-notes": (404, {"process_issues": "x"}),
    "facilitator:session-report-back": (404, {}),
    "facilitator:referral-acknowledge": (404, {}),
    # The provider portal refuses every other role before looking anything up.
    "one_to_one:provider-log": (403, {"log-date": "2021-10-05", "log-hours": "1"}),
    "one_to_one:provider-action-plan": (403, {"plan-date": "2021-10-05", "plan-goal": "x"}),
    "one_to_one:provider-referral": (403, {"referral-service": "other", "referral-note": "x"}),
    "one_to_one:provider-declaration": (403, {}),
    "one_to_one:provider-decline": (403, {"decline-declined_on": "2021-10-05"}),
    "one_to_one:participant-assign": (404, {"assign-provider": "{provider}"}),
    "one_to_one:existing-provision-record": (404, {"existing-date": "2021-10-05", "existing-hours": "1"}),  # noqa: E501
    "reporting:return-recompile": (404, {}),
    "reporting:return-submit": (404, {}),
    "reporting:return-reopen": (404, {"reason": "x"}),
    "reporting:return-narrative": (404, {"narrative": "x"}),
    "quality:item-assign": (404, {"owner": "{staff}", "due_on": "2021-11-01"}),
    "quality:action-add": (404, {"kind": "action_plan", "description": "x", "owner": "{staff}", "due_on": "2021-11-01"}),  # noqa: E501
    "quality:item-resolve": (404, {"outcome": "x"}),
    "quality:item-reopen": (404, {"reason": "x"}),
    "quality:action-done": (404, {}),
    "quality:peer-group-members": (404, {"members": "{facilitator}"}),
    "quality:peer-group-meeting": (404, {"held_on": "2021-11-01", "attendees": "{facilitator}", "themes": "x"}),  # noqa: E501
    "quality:alumni-invite": (404, {}),
    "quality:continuing-session-add": (404, {"held_on": "2021-12-01", "topics": "x"}),
    # No object: hub B's staff compile hub B's own return (tests/reporting covers it).
    "reporting:return-compile": (0, {}),
    "logout": (0, {}),
    "admin:logout": (0, {}),
}

# The admin: every registered model, the object (of hub A) its object URLs open, and one row
# per admin view. Non-staff users (facilitators, providers) are sent to the admin login.
R = {
    # hub staff edit their hub's rows; the national coordinator reads them (not personal data)
    "hub_edit": {
        "changelist": "AL - AL AL AL AL 200 200 200",
        "add":        "AL - AL AL AL AL 200 200 403",
        "change":     "AL - AL AL AL AL 200 404 200",
        "history":    "AL - AL AL AL AL 200 404 200",
        "delete":     "AL - AL AL AL AL 403 403 403",
        "redirect":   "AL - AL AL AL AL >{change} >{change} >{change}",
    },
    # personal data hub staff edit: nothing of it for the national coordinator
    "personal_edit": {
        "changelist": "AL - AL AL AL AL 200 200 403",
        "add":        "AL - AL AL AL AL 200 200 403",
        "change":     "AL - AL AL AL AL 200 404 403",
        "history":    "AL - AL AL AL AL 200 404 404",
        "delete":     "AL - AL AL AL AL 403 403 403",
        "redirect":   "AL - AL AL AL AL >{change} >{change} >{change}",
    },
    # personal data written only through the product's services: read-only in the admin
    "personal_read": {
        "changelist": "AL - AL AL AL AL 200 200 403",
        "add":        "AL - AL AL AL AL 403 403 403",
        "change":     "AL - AL AL AL AL 200 404 403",
        "history":    "AL - AL AL AL AL 200 404 404",
        "delete":     "AL - AL AL AL AL 403 403 403",
        "redirect":   "AL - AL AL AL AL >{change} >{change} >{change}",
    },
    # aggregates hub staff read (and act on through actions); the national coordinator reads
    "hub_read": {
        "changelist": "AL - AL AL AL AL 200 200 200",
        "add":        "AL - AL AL AL AL 403 403 403",
        "change":     "AL - AL AL AL AL 200 404 200",
        "history":    "AL - AL AL AL AL 200 404 200",
        "delete":     "AL - AL AL AL AL 403 403 403",
        "redirect":   "AL - AL AL AL AL >{change} >{change} >{change}",
    },
    # KPI returns: compiled by the job, never added by hand; hub staff submit their own
    "kpi_return": {
        "changelist": "AL - AL AL AL AL 200 200 200",
        "add":        "AL - AL AL AL AL 403 403 403",
        "change":     "AL - AL AL AL AL 200 404 200",
        "history":    "AL - AL AL AL AL 200 404 200",
        "delete":     "AL - AL AL AL AL 403 403 403",
        "redirect":   "AL - AL AL AL AL >{change} >{change} >{change}",
    },
    # national settings every staff user reads and the national coordinator edits
    "national": {
        "changelist": "AL - AL AL AL AL 200 200 200",
        "add":        "AL - AL AL AL AL 403 403 200",
        "change":     "AL - AL AL AL AL 200 200 200",
        "history":    "AL - AL AL AL AL 200 200 200",
        "delete":     "AL - AL AL AL AL 403 403 200",
        "redirect":   "AL - AL AL AL AL >{change} >{change} >{change}",
    },
    # the clusters: hub staff read their own hub's cluster
    "cluster": {
        "changelist": "AL - AL AL AL AL 200 200 200",
        "add":        "AL - AL AL AL AL 403 403 200",
        "change":     "AL - AL AL AL AL 200 404 200",
        "history":    "AL - AL AL AL AL 200 404 200",
        "delete":     "AL - AL AL AL AL 403 403 200",
        "redirect":   "AL - AL AL AL AL >{change} >{change} >{change}",
    },
    # the directory of other business support: hub staff keep their hub's
    # entries, the national coordinator the national ones (and reads every hub's); nobody
    # deletes an entry (referrals keep it: it is deactivated instead)
    "directory": {
        "changelist": "AL - AL AL AL AL 200 200 200",
        "add":        "AL - AL AL AL AL 200 200 200",
        "change":     "AL - AL AL AL AL 200 404 200",
        "history":    "AL - AL AL AL AL 200 404 200",
        "delete":     "AL - AL AL AL AL 403 403 403",
        "redirect":   "AL - AL AL AL AL >{change} >{change} >{change}",
    },
    # the hubs: hub staff keep their own contact details; the national coordinator the rest
    "hub": {
        "changelist": "AL - AL AL AL AL 200 200 200",
        "add":        "AL - AL AL AL AL 403 403 200",
        "change":     "AL - AL AL AL AL 200 404 200",
        "history":    "AL - AL AL AL AL 200 404 200",
        "delete":     "AL - AL AL AL AL 403 403 200",
        "redirect":   "AL - AL AL AL AL >{change} >{change} >{change}",
    },
    # topics: any staff user adds one, the national coordinator edits, nobody deletes
    "topic": {
        "changelist": "AL - AL AL AL AL 200 200 200",
        "add":        "AL - AL AL AL AL 200 200 200",
        "change":     "AL - AL AL AL AL 200 200 200",
        "history":    "AL - AL AL AL AL 200 200 200",
        "delete":     "AL - AL AL AL AL 403 403 403",
        "redirect":   "AL - AL AL AL AL >{change} >{change} >{change}",
    },
    # Django's own permission system (no role has the permissions): system administrators only
    # two-factor devices: the national coordinator (and system administrators) see and delete
    # them to reset someone's two-factor sign-in; nobody adds or edits one here
    "mfa_device": {
        "changelist": "AL - AL AL AL AL 403 403 200",
        "add":        "AL - AL AL AL AL 403 403 403",
        "change":     "AL - AL AL AL AL 403 403 200",
        "history":    "AL - AL AL AL AL 403 403 200",
        "delete":     "AL - AL AL AL AL 403 403 200",
        "redirect":   "AL - AL AL AL AL >{change} >{change} >{change}",
    },
    "superuser": {
        "changelist": "AL - AL AL AL AL 403 403 403",
        "add":        "AL - AL AL AL AL 403 403 403",
        "change":     "AL - AL AL AL AL 403 403 403",
        "history":    "AL - AL AL AL AL 403 403 403",
        "delete":     "AL - AL AL AL AL 403 403 403",
        "redirect":   "AL - AL AL AL AL >{change} >{change} >{change}",
    },
}
# fmt: on

ADMIN_MODELS: dict[str, tuple[str, str]] = {
    # model label: (object kind, profile)
    "auth.group": ("group", "superuser"),
    "peernetworks.programmeyear": ("year", "national"),
    "peernetworks.cluster": ("cluster", "cluster"),
    "peernetworks.growthhub": ("hub", "hub"),
    "peernetworks.hubyear": ("hub_year", "hub"),
    "peernetworks.user": ("user", "hub_edit"),
    "feedback.surveyquestion": ("survey_question", "national"),
    "participants.creativesiccode": ("sic_code", "national"),
    "feedback.sessionfeedback": ("feedback", "personal_read"),
    "feedback.surveyresponse": ("survey", "personal_read"),
    "participants.business": ("business", "personal_edit"),
    "participants.participant": ("participant", "personal_edit"),
    "participants.eligibilityassessment": ("assessment", "personal_read"),
    "participants.discretiondecision": ("discretion", "personal_read"),
    "cohorts.cohort": ("cohort", "hub_edit"),
    "cohorts.cohortmembership": ("membership", "personal_read"),
    "quality.qualityitem": ("quality_item", "personal_edit"),
    "quality.practitionerprofile": ("practitioner_profile", "hub_edit"),
    "quality.facilitatorpeergroup": ("peer_group", "hub_edit"),
    "quality.peergroupmeeting": ("peer_group_meeting", "hub_edit"),
    "quality.alumniconsent": ("alumni_consent", "personal_read"),
    "quality.continuingsession": ("continuing_session", "personal_edit"),
    "programme_sessions.attendance": ("attendance", "personal_read"),
    "programme_sessions.absencefollowup": ("follow_up", "personal_read"),
    "programme_sessions.sessionnote": ("note", "personal_read"),
    "programme_sessions.actioncard": ("action_card", "personal_read"),
    "programme_sessions.disengagementreport": ("disengagement", "personal_read"),
    "programme_sessions.supportreferral": ("support_referral", "personal_read"),
    "programme_sessions.topic": ("topic", "topic"),
    "programme_sessions.session": ("session", "hub_edit"),
    "programme_sessions.observation": ("observation", "hub_edit"),
    "one_to_one.onetoonesession": ("one_to_one", "personal_edit"),
    "one_to_one.providerassignment": ("assignment", "personal_edit"),
    "one_to_one.actionplan": ("action_plan", "personal_edit"),
    "one_to_one.referral": ("onward_referral", "personal_edit"),
    "one_to_one.providerdeclaration": ("declaration", "personal_edit"),
    "one_to_one.supportdeclined": ("declined", "personal_edit"),
    "one_to_one.supportservice": ("support_service", "directory"),
    "reporting.kpireturn": ("kpi_return", "kpi_return"),
    "reporting.exportlog": ("export", "hub_read"),
    "peernetworks.auditevent": ("audit_event", "hub_read"),
    # django-axes' lockout records (usernames and IP addresses): system administrators only
    "axes.accessattempt": ("axes_attempt", "superuser"),
    "axes.accessfailurelog": ("axes_failure", "superuser"),
    "axes.accesslog": ("axes_log", "superuser"),
    # the task outbox: operations data, system administrators only
    "peernetworks.pendingtask": ("pending_task", "superuser"),
    # Two-factor devices: hub A's staff member's authenticator and backup codes.
    "otp_totp.totpdevice": ("totp_device", "mfa_device"),
    "otp_static.staticdevice": ("static_device", "mfa_device"),
}

# Matrix cells that show a defect of the application (a leak or a server error): they fail
# until the application is fixed, and then `strict` makes them fail again so the mark goes.
# (Fixed: admin relational form fields once offered every hub's objects; ScopedAdmin now
# scopes their choices, and test_admin_forms_offer_only_the_users_hub keeps it so.)
KNOWN_DEFECTS: dict[tuple[str, str], str] = {}  # none open: ScopedAdmin scopes form choices
# The same defect seen from the form itself (test_admin_forms_offer_only_the_users_hub).
KNOWN_FORM_DEFECTS = {
    label: KNOWN_DEFECTS[f"admin:{label.replace('.', '_')}_add", "hubB"]
    for label in ADMIN_MODELS
    if (f"admin:{label.replace('.', '_')}_add", "hubB") in KNOWN_DEFECTS
}


# An admin add page is requested with every relational field prefilled (GET) with hub A's
# object of that model: the form must not show another hub's objects.
PREFILL = "?"


def admin_entries() -> dict[str, tuple[dict[str, str], str]]:
    """The admin's model URLs, from ADMIN_MODELS: the five named views and the unnamed
    redirect from `<object_id>/` to the change page."""
    entries = {}
    for label, (kind, profile) in ADMIN_MODELS.items():
        app_label, model_name = label.split(".")
        base = f"admin:{app_label}_{model_name}"
        rows = R[profile]
        entries[f"{base}_changelist"] = ({}, rows["changelist"])
        entries[f"{base}_add"] = ({PREFILL: label}, rows["add"])
        for view in ("change", "history", "delete"):
            entries[f"{base}_{view}"] = ({"object_id": kind}, rows[view])
        redirect = f"<unnamed> admin/{app_label}/{model_name}/<path:object_id>/"
        entries[redirect] = (
            {"object_id": kind},
            rows["redirect"].replace("{change}", f"admin:{app_label}_{model_name}_change"),
        )
    return entries


ENTRIES = {**MATRIX, **admin_entries()}


def expected(key: str) -> dict[str, str]:
    tokens = ENTRIES[key][1].split()
    assert len(tokens) == len(ROLES), f"{key}: {len(tokens)} outcomes for {len(ROLES)} roles"
    return dict(zip(ROLES, tokens, strict=True))


# ---------------------------------------------------------------------------------------------
# The URL patterns, from the resolver.
# ---------------------------------------------------------------------------------------------


def url_patterns() -> dict[str, str]:
    """Every URL pattern: key (the URL name with its namespaces, or "<unnamed> route") ->
    the full route."""
    found: dict[str, str] = {}

    def walk(patterns, prefix: str, namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = namespace
                if pattern.namespace:
                    ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
                continue
            route = prefix + str(pattern.pattern)
            if pattern.name:
                key = f"{namespace}:{pattern.name}" if namespace else pattern.name
            else:
                key = f"<unnamed> {route}"
            found.setdefault(key, route)

    walk(get_resolver().url_patterns, "", "")
    return found


def test_every_url_has_an_entry():
    patterns = set(url_patterns())
    missing = sorted(patterns - set(ENTRIES))
    stale = sorted(set(ENTRIES) - patterns)
    assert not missing, f"URLs without an entry in the authorization matrix: {missing}"
    assert not stale, f"Entries for URLs that no longer exist: {stale}"


def test_the_admin_urls_are_all_in_the_resolver():
    def names(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from names(pattern.url_patterns)
            elif pattern.name:
                yield f"admin:{pattern.name}"

    assert set(names(admin.site.get_urls())) <= set(url_patterns())


def test_every_registered_admin_model_has_a_profile():
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert registered == set(ADMIN_MODELS)


def test_every_post_only_view_has_a_post_expectation():
    assert {key for key in ENTRIES if expected(key)["hubA"] == "405"} == set(POST_ONLY)


# ---------------------------------------------------------------------------------------------
# The world, built once for the module inside a transaction rolled back at the end.
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once; each test then runs inside a savepoint it rolls back (`rolled_back`), so a
    page that writes (an export's log line, a session) leaves nothing for the next test. The
    clock stands in January 2022, inside the world's running programme year, so every page
    (registration included) is open as on a working day of that year."""
    with (
        time_machine.travel(datetime(2022, 1, 20, 10, tzinfo=ZoneInfo("Europe/London"))),
        django_db_blocker.unblock(),
    ):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            built = build_world()
            built.sessions = {}
            for role, user in built.users().items():
                client = Client()
                client.force_login(user)
                built.sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
            built.shared["participant_content_type"] = ContentType.objects.get_for_model(
                built.a.objects["participant"]
            ).pk
            built.shared["app_label"] = "participants"
            built.shared["no_such_admin_page"] = "no-such-page/"
            built.shared["csv"] = "csv"
            # force_login (tests/conftest.py) gave each staff account an authenticator.
            built.shared["totp_device"] = TOTPDevice.objects.get(user=built.a.staff)
            built.shared["static_device"] = StaticDevice.objects.create(user=built.a.staff)
            yield built
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@contextmanager
def rolled_back():
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


# A token made for another page: what someone who does not hold the participant's link has.
FORGED = {
    "token_home": "token_feedback",
    "token_feedback": "token_home",
    "token_survey": "token_home",
    "token_calendar": "token_home",
    "token_alumni": "token_home",
}


def value(world, kind: str, role: str):
    if kind in FORGED and role != "part":
        kind = FORGED[kind]
    obj = world.a.objects[kind] if kind in world.a.objects else world.shared[kind]
    return getattr(obj, "pk", obj)


def prefill(world, label: str) -> str:
    model = apps.get_model(label)
    by_model = world.a_by_model()
    query = {
        field.name: by_model[field.related_model].pk
        for field in model._meta.get_fields()
        if field.concrete
        and (field.many_to_one or field.many_to_many or field.one_to_one)
        and getattr(field.related_model, "HUB_SCOPE", None) is not None
        and field.related_model in by_model
    }
    return urlencode(query)


def url_for(world, key: str, role: str) -> str:
    if PREFILL in ENTRIES[key][0]:
        return reverse(key) + "?" + prefill(world, ENTRIES[key][0][PREFILL])
    params = {name: value(world, kind, role) for name, kind in ENTRIES[key][0].items()}
    if not key.startswith("<unnamed> "):
        return reverse(key, kwargs=params)
    route = key.removeprefix("<unnamed> ")
    for name, filled in params.items():
        route = re.sub(rf"<(?:\w+:)?{name}>|\(\?P<{name}>[^)]*\)", str(filled), route)
    return "/" + route.removeprefix("^").removesuffix("$")


def client_for(world, role: str) -> Client:
    client = Client()
    if role in world.sessions:
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
    return client


# Who may see which participants (SPEC §1).
def may_see(world, role: str) -> set[int]:
    a = world.a
    return {
        "anon": set(),
        "part": {a.objects["participant"].pk},
        "prov": a.assigned,
        "prov2": a.assigned_other,
        "fac": a.members,
        "fac2": a.other_members,
        "hubA": set(a.people),
        "hubB": set(world.b.people),
        "nat": set(),
    }[role]


def leaks(world, role: str, response) -> list[str]:
    """What the page shows that the role may not see: participants' names, emails, business
    names and words; for one hub's staff, the other hub's cohorts, groups and team."""
    if getattr(response, "streaming", False):
        body = b"".join(response.streaming_content)
    else:
        body = response.content
    text = body.decode("utf-8", errors="replace").lower()
    allowed = may_see(world, role)
    found = [
        marker
        for pk, person in world.people().items()
        if pk not in allowed
        for marker in person.markers
        if marker.lower() in text
    ]
    other_hub = {"hubA": world.b, "hubB": world.a}.get(role)
    if other_hub is not None:
        found += [marker for marker in other_hub.private if marker.lower() in text]
    return found


def check(world, key: str, role: str, outcome: str, response) -> None:
    status = response.status_code
    location = response.get("Location", "")
    where = f"{key} as {role}: {status} {location}"
    if outcome in ("L", "AL"):
        login = reverse("admin:login") if outcome == "AL" else reverse(settings.LOGIN_URL)
        assert status == 302 and urlparse(location).path == login, where
    elif outcome.startswith(">"):
        assert status == 302, where
        assert resolve(urlparse(location).path).view_name == outcome[1:], where
    else:
        assert status == int(outcome), where
    if status == 200:
        shown = leaks(world, role, response)
        assert not shown, f"{where} shows what {role} may not see: {shown}"


def cells():
    for key in sorted(ENTRIES):
        for role, outcome in expected(key).items():
            if outcome == "-":
                continue
            marks = []
            if (key, role) in KNOWN_DEFECTS:
                marks.append(pytest.mark.xfail(strict=True, reason=KNOWN_DEFECTS[key, role]))
            yield pytest.param(key, role, outcome, id=f"{key}-{role}", marks=marks)


@pytest.mark.parametrize(("key", "role", "outcome"), cells())
def test_matrix(world, key, role, outcome):
    url = url_for(world, key, role)
    with rolled_back():
        response = client_for(world, role).get(url)
        check(world, key, role, outcome, response)


# ---------------------------------------------------------------------------------------------
# Hub B's staff POSTing against hub A's objects: refused, and nothing changes.
# ---------------------------------------------------------------------------------------------

PROJECT_APPS = (
    "peernetworks",
    "participants",
    "cohorts",
    "programme_sessions",
    "one_to_one",
    "quality",
    "reporting",
    "auth",
    "admin",
)


def fingerprint() -> str:
    digest = hashlib.sha256()
    tables = set(connection.introspection.table_names())
    for label in PROJECT_APPS:
        for model in apps.get_app_config(label).get_models():
            if model._meta.db_table not in tables:
                continue  # a model whose migration is still being written
            rows = model.objects.order_by("pk").values_list()
            digest.update(f"{model._meta.label}:{list(rows)!r}".encode())
    return digest.hexdigest()


def hub_a_object_urls():
    """Entries whose parameters name hub A's objects (not a token, slug or national row)."""
    national = {"year", "group", "topic", "sic_code", "survey_question", "app_label"}
    national |= {"axes_attempt", "axes_failure", "axes_log", "csv", "pending_task"}
    for key in sorted(ENTRIES):
        if PREFILL in ENTRIES[key][0] or key.endswith("_history") or key.startswith("<unnamed>"):
            continue  # an add page has no object; history and the redirect take no POST
        kinds = set(ENTRIES[key][0].values())
        if not kinds or kinds & (set(FORGED) | {"hub_slug", "no_such_admin_page"} | national):
            continue
        if expected(key)["hubB"] not in ("403", "404", "405"):
            continue
        yield key


@pytest.mark.parametrize("key", list(hub_a_object_urls()))
def test_hub_b_staff_cannot_post_to_hub_a_objects(world, key):
    url = url_for(world, key, "hubB")
    status, data = POST_ONLY.get(key, (None, {}))
    filled = {
        name: text.format(
            participant=world.a.objects["participant"].pk,
            cohort=world.a.objects["cohort"].pk,
            provider=world.a.provider.pk,
            staff=world.a.staff.pk,
            facilitator=world.a.facilitator.pk,
        )
        for name, text in data.items()
    }
    with rolled_back():
        before = fingerprint()
        response = client_for(world, "hubB").post(url, filled)
        assert fingerprint() == before, f"POST {key} as hub B's staff changed the database"
    if status:
        assert response.status_code == status, f"POST {key}: {response.status_code}"
    else:
        assert response.status_code in (403, 404), f"POST {key}: {response.status_code}"


# ---------------------------------------------------------------------------------------------
# The leak check sees what it looks for, and the admin's autocomplete leaks nothing.
# ---------------------------------------------------------------------------------------------


def shown(world, role: str, url: str) -> str:
    with rolled_back():
        response = client_for(world, role).get(url)
        assert response.status_code == 200, url
        return response.content.decode().lower()


def test_the_leak_check_sees_what_it_looks_for(world):
    """Positive controls: pages that should show a participant do show the markers searched
    for, so an absent marker elsewhere means the page does not show that person."""
    a = world.a.objects
    p1, p2 = (world.people()[pk] for pk in sorted(world.a.members))
    first, last, email, business = range(4)
    controls = [
        (
            "hubA",
            "participants:participant-detail",
            [a["participant"].pk],
            p1,
            (first, last, business),
        ),  # noqa: E501
        ("hubA", "admin:participants_participant_change", [a["participant"].pk], p1, (email,)),
        ("fac", "facilitator:cohort-detail", [a["cohort"].pk], p2, (first, last)),
        ("prov", "one_to_one:provider-participant", [a["participant"].pk], p1, (first, last)),
        ("hubA", "feedback:comment-list", [], p2, (-1,)),  # the feedback's words
        ("part", "my:home", [a["token_home"]], p1, (first,)),
    ]
    for role, name, args, person, which in controls:
        text = shown(world, role, reverse(name, args=args))
        for index in which:
            assert person.markers[index].lower() in text, (name, person.markers[index])


def autocomplete_fields():
    for model, model_admin in admin.site._registry.items():
        for field in model_admin.autocomplete_fields:
            yield pytest.param(
                model._meta.app_label,
                model._meta.model_name,
                field,
                id=f"{model._meta.label_lower}.{field}",
            )


@pytest.mark.parametrize(("app_label", "model_name", "field"), list(autocomplete_fields()))
@pytest.mark.parametrize("role", ["hubB", "nat"])
def test_admin_autocomplete_shows_no_other_hubs_people(world, role, app_label, model_name, field):
    query = {"app_label": app_label, "model_name": model_name, "field_name": field}
    for term in ("", "ysolde", "quarrington"):
        with rolled_back():
            response = client_for(world, role).get(
                reverse("admin:autocomplete"), {**query, "term": term}
            )
            assert response.status_code in (200, 403), response.status_code
            if response.status_code == 200:
                found = leaks(world, role, response)
                results = json.loads(response.content)["results"]
                assert not found, f"{role} finds {found} in {results}"


# ---------------------------------------------------------------------------------------------
# The admin's forms offer only the user's own hub's objects (a POST with another hub's pk must
# not validate).
# ---------------------------------------------------------------------------------------------


def admin_models_hub_staff_may_write():
    for label in sorted(ADMIN_MODELS):
        marks = []
        if label in KNOWN_FORM_DEFECTS:
            marks.append(pytest.mark.xfail(strict=True, reason=KNOWN_FORM_DEFECTS[label]))
        yield pytest.param(label, id=label, marks=marks)


@pytest.mark.parametrize("label", list(admin_models_hub_staff_may_write()))
def test_admin_forms_offer_only_the_users_hub(world, label):
    model = apps.get_model(label)
    model_admin = admin.site._registry[model]
    request = RequestFactory().get("/")
    request.user = world.b.staff
    if not (model_admin.has_add_permission(request) or model_admin.has_change_permission(request)):
        return
    forms = [model_admin.get_form(request, None, change=False)]
    forms += [
        inline.get_formset(request, None).form
        for inline in model_admin.get_inline_instances(request, None)
    ]
    a = world.a
    theirs = list(world.a_by_model().values())
    theirs += [a.staff, a.facilitator, a.facilitator_other, a.provider, a.provider_other]
    theirs += list(a.objects["participant"].__class__.objects.filter(pk__in=a.people))
    offered = [
        f"{form.__name__}.{name}: {obj}"
        for form in forms
        for name, field in form.base_fields.items()
        if isinstance(field, ModelChoiceField)
        and getattr(field.queryset.model, "HUB_SCOPE", None) is not None
        for obj in theirs
        if isinstance(obj, field.queryset.model) and field.queryset.filter(pk=obj.pk).exists()
    ]
    assert not offered, f"hub B's staff may choose hub A's objects: {offered}"
