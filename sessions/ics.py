"""SES-5: a cohort's series as an iCalendar file (RFC 5545), written by the `icalendar`
package, which escapes every text value (backslash, comma, semicolon, CR and LF) and folds
lines at 75 octets: names and links typed by people never break the file's structure."""

from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event, vText


def _text(value: str) -> str:
    """One kind of line break (a lone CR is one too), which the package then escapes."""
    return value.replace("\r\n", "\n").replace("\r", "\n")


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def series_calendar(*, cohort, sessions, now: datetime, domain: str = "peernetworks") -> str:
    calendar = Calendar()
    calendar.add("prodid", "-//Peer Networks Admin//Schedule//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # An extension property has no declared type: vText makes it text, escaped like the others.
    calendar.add("x-wr-calname", vText(_text(f"Peer Networks: {cohort.name}")))
    for session in sessions:
        event = Event()
        event.add("uid", f"session-{session.pk}@{domain}")
        event.add("dtstamp", _utc(now))
        event.add("dtstart", _utc(session.starts_at))
        event.add("dtend", _utc(session.starts_at + timedelta(hours=float(session.duration_hours))))
        event.add("summary", _text(f"Peer Networks: {cohort.name}, session {session.number}"))
        where = session.joining_link or cohort.joining_link or cohort.venue
        if where:
            event.add("location", _text(where))
        event.add("status", "CANCELLED" if session.status == "cancelled" else "CONFIRMED")
        calendar.add_component(event)
    return calendar.to_ical().decode()
