"""`/summit ics`: the user's agenda as an iCalendar (RFC 5545) file, built with `icalendar`.

One VEVENT per session with a UID that stays the same across exports (`<session-id>@summit-bot`),
so importing a newer file updates events instead of duplicating them; times carry the event's
zone (TZID plus a VTIMEZONE), which Google Calendar and Outlook both need to place them right.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event, Timezone

from bot.i18n import t
from bot.registrations import MyItem

PRODID = "-//summit-bot//My Summit//EN"
UID_DOMAIN = "summit-bot"
FILENAME = "my-summit.ics"


def uid_for(session_id: str) -> str:
    return f"{session_id}@{UID_DOMAIN}"


def agenda_ics(items: list[MyItem], lang: str, tz_name: str, stamp: datetime) -> bytes:
    """A calendar of the user's seats (CONFIRMED) and waitlist places (TENTATIVE, marked in
    the title); cancelled sessions are left out. `stamp` is DTSTAMP, when the file was made."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", t(lang, "ics_calendar_name"))
    cal.add("x-wr-timezone", tz_name)
    sessions = [i for i in items if i.session.registrable]
    if sessions:
        # Only the rules around the conference: the whole zone history would bloat the file.
        first = min(i.session.start for i in sessions).date() - timedelta(days=1)
        last = max(i.session.end for i in sessions).date() + timedelta(days=1)
        cal.add_component(Timezone.from_tzid(tz_name, first_date=first, last_date=last))
    for item in sessions:
        cal.add_component(_event(item, lang, stamp))
    return cal.to_ical()


def _event(item: MyItem, lang: str, stamp: datetime) -> Event:
    session = item.session
    waitlisted = item.status == "waitlisted"
    prefix = t(lang, "ics_waitlisted", place=item.place or "?") if waitlisted else ""
    event = Event()
    event.add("uid", uid_for(session.id))
    event.add("dtstamp", stamp.astimezone(UTC))
    event.add("dtstart", session.start)
    event.add("dtend", session.end)
    event.add("summary", prefix + session.title_for(lang))
    if session.room:
        event.add("location", session.room)
    event.add("status", "TENTATIVE" if waitlisted else "CONFIRMED")
    event.add("description", _description(session, lang))
    return event


def _description(session, lang: str) -> str:
    title = session.title_for(lang)
    other = session.title_en if title == session.title else session.title
    lines = [other] if other else []
    if session.speakers:
        lines.append(f"{t(lang, 'label_speakers')}: {', '.join(session.speakers)}")
    if session.track:
        lines.append(f"{t(lang, 'label_track')}: {session.track}")
    if session.level:
        lines.append(f"{t(lang, 'label_level')}: {session.level}")
    lines.append(f"{t(lang, 'label_id')}: {session.id}")
    if session.description:
        lines += ["", session.description]
    return "\n".join(lines)
