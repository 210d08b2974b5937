"""Load test, step 2: hub staff browsing, facilitators saving attendance and
participants giving feedback, against gunicorn on the national demo (run.sh starts it all).

    LOAD_DATA=benchmarks/load/out/users.json locust -f benchmarks/load/locustfile.py \
        --host http://127.0.0.1:8100 --headless -u 30 -r 5 -t 90s --csv benchmarks/load/out/load

Every simulated user is already signed in (prepare.py wrote their sessions) or holds a
participant's personal link. Each response is checked for what the page must show, so a page
that answers 200 with an error on it still counts as a failure. Feedback is posted only for
distinct attended (participant, session) pairs without feedback (SUR-1 allows one each), so
every POST is a genuine first submission.

At the end it prints the figures and PASS or FAIL against the thresholds: at least
15 requests per second, no failures, p95 under 300 ms for pages (every GET, and the attendance
POST) and under 200 ms for feedback POSTs; the exit code is 1 on FAIL. LOAD_SUMMARY names a
JSON file for the figures.
"""

import json
import os
import random
import threading
from html.parser import HTMLParser
from pathlib import Path

from locust import HttpUser, between, events, task

DATA = json.loads(Path(os.environ.get("LOAD_DATA", "benchmarks/load/out/users.json")).read_text())
MIN_RPS = 15
P95_LIMITS = {"pages": 300, "feedback posts": 200}
FEEDBACK_POST = "participant: feedback (POST)"

_links = list(DATA["feedback"])
_links_lock = threading.Lock()
_times: dict[str, list[float]] = {group: [] for group in P95_LIMITS}


def group_of(name: str) -> str:
    return "feedback posts" if name == FEEDBACK_POST else "pages"


@events.request.add_listener
def _record(request_type, name, response_time, exception, **kwargs):
    _times[group_of(name)].append(response_time)


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


@events.quitting.add_listener
def _verdict(environment, **kwargs):
    total = environment.stats.total
    rps = total.total_rps
    groups = {
        group: {
            "requests": len(times),
            "p50_ms": round(percentile(times, 0.50)),
            "p95_ms": round(percentile(times, 0.95)),
            "limit_p95_ms": P95_LIMITS[group],
        }
        for group, times in _times.items()
    }
    checks = {
        f"requests per second {rps:.1f} >= {MIN_RPS}": rps >= MIN_RPS,
        f"failures {total.num_failures} == 0": total.num_failures == 0,
        **{
            f"{group} p95 {g['p95_ms']} ms < {g['limit_p95_ms']} ms": (
                g["requests"] > 0 and g["p95_ms"] < g["limit_p95_ms"]
            )
            for group, g in groups.items()
        },
    }
    passed = all(checks.values())
    summary = {
        "requests": total.num_requests,
        "failures": total.num_failures,
        "rps": round(rps, 1),
        "groups": groups,
        "by_name": {
            name: {
                "requests": entry.num_requests,
                "failures": entry.num_failures,
                "p50_ms": entry.get_response_time_percentile(0.5),
                "p95_ms": entry.get_response_time_percentile(0.95),
            }
            for (name, _method), entry in sorted(environment.stats.entries.items())
        },
        "checks": checks,
        "passed": passed,
    }
    if os.environ.get("LOAD_SUMMARY"):
        Path(os.environ["LOAD_SUMMARY"]).write_text(json.dumps(summary, indent=2))
    print("\nLoad test verdict:")
    for group, g in groups.items():
        print(f"  {group}: {g['requests']} requests, p50 {g['p50_ms']} ms, p95 {g['p95_ms']} ms")
    for check, ok in checks.items():
        print(f"  [{'ok' if ok else 'FAIL'}] {check}")
    print("PASS" if passed else "FAIL")
    environment.process_exit_code = 0 if passed else 1


class FormFields(HTMLParser):
    """The fields a browser would post from the form whose action ends with `action_suffix`."""

    def __init__(self, action_suffix: str):
        super().__init__()
        self.suffix, self.inside, self.select = action_suffix, False, None
        self.fields: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = (a.get("action") or "").endswith(self.suffix)
        elif not self.inside:
            return
        elif tag == "input" and a.get("name"):
            if a.get("type") in ("checkbox", "radio"):
                if "checked" in a:
                    self.fields[a["name"]] = a.get("value") or "on"
            else:
                self.fields[a["name"]] = a.get("value") or ""
        elif tag == "select":
            self.select = a.get("name")
            self.fields.setdefault(self.select, "")
        elif tag == "option" and self.select and "selected" in a:
            self.fields[self.select] = a.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None


def form_fields(html: str, action_suffix: str) -> dict[str, str]:
    parser = FormFields(action_suffix)
    parser.feed(html)
    return parser.fields


def get(client, url: str, name: str, must_show: str):
    with client.get(url, name=name, catch_response=True, allow_redirects=False) as response:
        if response.status_code != 200:
            response.failure(f"{response.status_code} for {url}")
        elif must_show not in response.text:
            response.failure(f"{must_show!r} missing from {url}")
        return response


def post(client, url: str, data: dict, name: str, redirect_to: str):
    headers = {"Referer": client.base_url + url}
    with client.post(
        url, data=data, name=name, headers=headers, catch_response=True, allow_redirects=False
    ) as response:
        if response.status_code != 302 or not response.headers.get("Location", "").startswith(
            redirect_to
        ):
            response.failure(f"{response.status_code} for POST {url}, not a redirect")
        return response


class SignedIn(HttpUser):
    abstract = True
    accounts: list = []

    def on_start(self):
        self.account = random.choice(self.accounts)
        self.client.cookies.set(DATA["session_cookie"], self.account["cookie"])


class HubStaff(SignedIn):
    """Hub staff browsing their hub's participants, cohorts and KPI returns."""

    weight = 3
    wait_time = between(1, 3)  # reading a list, then opening the next page
    accounts = DATA["staff"]

    @task(3)
    def participant_list(self):
        get(self.client, "/participants/", "staff: participant list", "Participants")

    @task(4)
    def participant_detail(self):
        pk = random.choice(self.account["participants"])
        get(self.client, f"/participants/{pk}/", "staff: participant detail", "Eligibility")

    @task(2)
    def cohort_list(self):
        get(self.client, "/cohorts/", "staff: cohort list", "Cohorts")

    @task(3)
    def cohort_detail(self):
        pk = random.choice(self.account["cohorts"])
        get(self.client, f"/cohorts/{pk}/", "staff: cohort detail", "Sessions")

    @task(2)
    def return_list(self):
        get(self.client, "/reporting/", "staff: KPI return list", "return")

    @task(2)
    def return_detail(self):
        pk = random.choice(self.account["returns"])
        get(self.client, f"/reporting/returns/{pk}/", "staff: KPI return detail", "return")


class Facilitator(SignedIn):
    """A facilitator opens one of their sessions and saves its register (SES-7)."""

    weight = 1
    wait_time = between(2, 5)  # ticking the register on a phone
    accounts = DATA["facilitators"]

    @task(1)
    def portal_home(self):
        get(self.client, "/facilitator/", "facilitator: portal home", "cohort")

    @task(3)
    def save_attendance(self):
        pk = random.choice(self.account["sessions"])
        page = f"/facilitator/sessions/{pk}/"
        response = get(self.client, page, "facilitator: session page", "Attendance")
        fields = form_fields(response.text, f"/facilitator/sessions/{pk}/attendance/")
        if "csrfmiddlewaretoken" not in fields:
            return  # already reported: the page had no register
        post(
            self.client,
            f"{page}attendance/",
            fields,
            "facilitator: save attendance (POST)",
            redirect_to=page,
        )
        get(self.client, page, "facilitator: session page", "Attendance saved")


class Participant(HttpUser):
    """A participant opens their page from the link, then gives feedback on a session once."""

    weight = 2
    wait_time = between(3, 6)  # reading the form and choosing the scores

    @task
    def give_feedback(self):
        with _links_lock:
            link = _links.pop() if _links else None
        if link is None:
            return  # every prepared link used: nothing more to submit
        get(self.client, link["home"], "participant: home", "Your sessions")
        form = get(self.client, link["feedback"], "participant: feedback form", "satisfied")
        fields = form_fields(form.text, "")
        fields.update(
            satisfaction=random.choice("45"),
            relevance=random.choice("345"),
            facilitation=random.choice("45"),
            what_worked="Hearing how the others handled the same problem.",
            what_to_improve="",
        )
        post(self.client, link["feedback"], fields, FEEDBACK_POST, redirect_to=link["feedback"])
        get(self.client, link["feedback"], "participant: thanks", "Thank you for your feedback")
