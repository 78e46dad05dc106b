"""`admin capacity|reload|announce|stats` (관리 용량|새로고침|공지|통계), for SUMMIT_ADMINS
only: anyone else gets a refusal before anything is parsed or changed."""

from __future__ import annotations

import logging

from bot import admin
from bot.admin import CapacityStatus
from bot.i18n import t
from bot.listeners.commands.base import Subcommand
from bot.listeners.common import Args, feedback_stats, is_number
from bot.listeners.replies import Reply, changed
from bot.outbox.announcement import announcement
from bot.services import Summit
from bot.views.admin import capacity_reply, reload_reply, stats_message
from bot.views.outcomes import unknown_session
from bot.views.text import SECTION_TEXT, escape, text_reply

log = logging.getLogger(__name__)

# The admin subcommands and their Korean words.
ADMIN_WORDS = {"capacity": "capacity", "용량": "capacity", "정원": "capacity",
               "reload": "reload", "새로고침": "reload",
               "announce": "announce", "공지": "announce",
               "stats": "stats", "통계": "stats"}  # fmt: skip


def admin_cmd(summit: Summit, user_id: str, args: Args, lang: str) -> dict | list[dict] | Reply:
    if not summit.is_admin(user_id):
        log.info("refused /summit admin from %s", user_id)
        return text_reply(t(lang, "admin_refused"))
    words = args.words
    sub = ADMIN_WORDS.get(words[0].lower() if words else "")
    now = summit.clock.now()
    if sub == "capacity":
        if len(words) != 3 or not is_number(words[2]) or int(words[2]) > admin.CAPACITY_MAX:
            return text_reply(t(lang, "admin_capacity_usage", high=admin.CAPACITY_MAX))
        outcome = admin.set_capacity(summit.store, summit.agenda(), words[1], int(words[2]), now)
        if outcome.status == CapacityStatus.UNKNOWN:
            return unknown_session(words[1], lang)
        return changed(summit, capacity_reply(outcome, lang), user_id, outcome.change.promoted)
    if sub == "reload":
        settings = summit.settings
        load = admin.load_agenda_file(summit.store, settings.agenda_path, settings.tz,
                                      confirm=True, now=now)  # fmt: skip
        promoted = load.diff.promoted if load.applied else []
        return changed(summit, reload_reply(load, lang), user_id, promoted)
    if sub == "announce":
        return announce(summit, user_id, args, lang)
    if sub == "stats":
        page = int(words[1]) - 1 if len(words) > 1 and is_number(words[1]) else 0
        seats = stats_message(admin.stats(summit.store, summit.agenda(), now), lang, page)
        return [seats, *feedback_stats(summit, lang)]
    return text_reply(t(lang, "admin_usage"))


def announce(summit: Summit, user_id: str, args: Args, lang: str) -> dict:
    parts = args.text.split(None, 1)
    text = parts[1].strip() if len(parts) > 1 else ""
    if not text:
        return text_reply(t(lang, "admin_announce_usage"))
    channel = summit.settings.alert_channel
    if not channel:
        return text_reply(t(lang, "admin_announce_no_channel"))
    limit = SECTION_TEXT - 100  # the heading shares the section
    if len(text) > limit:
        return text_reply(t(lang, "too_long", length=len(text), limit=limit))
    summit.store.enqueue([announcement(channel, text, user_id, summit.clock.now())])
    return text_reply(t(lang, "admin_announce_done", channel=escape(channel)))


SUBCOMMANDS = (Subcommand("admin", admin_cmd, aliases=("관리",)),)
