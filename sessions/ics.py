"""SES-5: a cohort's series as an iCalendar file (RFC 5545)."""

from datetime import UTC, datetime, timedelta


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def series_calendar(*, cohort, sessions, now: datetime, domain: str = "peernetworks") -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Peer Networks Admin//Schedule//EN",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_escape(cohort.name)}",
    ]
    for session in sessions:
        end = session.starts_at + timedelta(hours=float(session.duration_hours))
        where = session.joining_link or cohort.joining_link or cohort.venue
        lines += [
            "BEGIN:VEVENT",
            f"UID:session-{session.pk}@{domain}",
            f"DTSTAMP:{_utc(now)}",
            f"DTSTART:{_utc(session.starts_at)}",
            f"DTEND:{_utc(end)}",
            f"SUMMARY:{_escape(f'Peer Networks: {cohort.name}, session {session.number}')}",
            *([f"LOCATION:{_escape(where)}"] if where else []),
            f"STATUS:{'CANCELLED' if session.status == 'cancelled' else 'CONFIRMED'}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"
