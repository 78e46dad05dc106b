"""Who people are, as far as the recap needs: display names fetched once and cached."""

from __future__ import annotations

import logging

from bot.services import Summit

log = logging.getLogger(__name__)


def remember_display_name(summit: Summit, user_id: str) -> None:
    """Cache the user's display name (users.info, once) so the channel recap can credit notes
    by name as plain text: a mention would ping them. A failure leaves the cache empty and the
    recap falls back to a neutral word; it never blocks the note."""
    user = summit.store.user(user_id)
    if (user and user.get("display_name")) or summit.client is None:
        return
    try:
        info = summit.client.users_info(user=user_id)["user"]
    except Exception as exc:  # the note is saved either way; the name is a nicety
        log.warning("users.info for %s failed: %s", user_id, exc)
        return
    profile = info.get("profile") or {}
    name = (profile.get("display_name") or profile.get("real_name") or info.get("real_name")
            or info.get("name"))  # fmt: skip
    if name:
        summit.store.update_user(user_id, display_name=name)
