"""The deadlines calendar as iCalendar (RFC 5545), written by hand: one VEVENT per deadline, all-day dates,
text escaped, lines folded at 75 octets, CRLF line ends."""

from datetime import UTC, date, datetime, timedelta

CRLF = "\r\n"
PRODID = "-//Mostovi//Deadlines calendar//EN"


def escape_text(value: str) -> str:
    """TEXT value escaping (RFC 5545 §3.3.11)."""
    return (
        str(value)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Split a content line into chunks of at most 75 octets, continuation lines starting with a space;
    never inside a UTF-8 character (RFC 5545 §3.1)."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts, current, size, limit = [], [], 0, 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, 74  # the leading space counts
        current.append(char)
        size += width
    parts.append("".join(current))
    return (CRLF + " ").join(parts)


def _date(value: date) -> str:
    return value.strftime("%Y%m%d")


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def event_lines(event, *, stamp: datetime, base_url: str = "") -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{event.uid}",
        f"DTSTAMP:{_stamp(stamp)}",
        f"DTSTART;VALUE=DATE:{_date(event.on)}",
    ]
    if event.ends_on and event.ends_on > event.on:
        # DTEND of an all-day event is exclusive.
        lines.append(f"DTEND;VALUE=DATE:{_date(event.ends_on + timedelta(days=1))}")
    lines.append(f"SUMMARY:{escape_text(event.title)}")
    if event.url:
        url = event.url if event.url.startswith("http") else base_url.rstrip("/") + event.url
        lines.append(f"URL:{url}")
    lines.append("TRANSP:TRANSPARENT")
    lines.append("END:VEVENT")
    return lines


def calendar_ics(events, *, name: str, stamp: datetime, base_url: str = "") -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        lines += event_lines(event, stamp=stamp, base_url=base_url)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)
