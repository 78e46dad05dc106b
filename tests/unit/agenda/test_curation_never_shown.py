"""What attendees read is for them: the shipped agenda keeps the curator's notes (sources,
what the grid leaves out, attendee reports) in `curation_note`, which nothing shows."""

from __future__ import annotations

import csv
import re

from bot.agenda.readers import read_agenda
from tests.support.paths import AGENDA

CURATION = re.compile(
    r"reported|reportedly|attendee|agenda grid|agenda page|not listed|"
    r"as delivered|recap",
    re.IGNORECASE,
)


def shipped() -> list[dict]:
    with open(AGENDA, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_the_curation_notes_are_in_their_own_column(settings):
    rows = shipped()
    noted = [r for r in rows if r["curation_note"]]
    assert len(noted) >= 5
    assert any("Reported full almost at once" in r["curation_note"] for r in noted)
    assert not [r["id"] for r in rows if CURATION.search(r["description"])]
    agenda = read_agenda(AGENDA, settings.tz)
    assert agenda.ok and agenda.warnings == []  # a known column: no "unknown column" warning


def test_show_never_displays_a_curation_note(local):
    for row in (r for r in shipped() if r["curation_note"]):
        [reply] = local.command("U_READER", f"show {row['id']}")
        shown = reply.render()
        assert row["title"] in shown or row["title_en"] in shown
        assert row["curation_note"] not in shown
        assert not CURATION.search(shown), (row["id"], shown)


def test_the_links_attendees_get_are_still_shown(local):
    [reply] = local.command("U_READER", "show d2-1520-a202")
    assert "https://www.youtube.com/watch?v=8OFTB57G9IU" in reply.render()
