"""Who people are, as far as the recap needs: display names fetched once and cached."""

from __future__ import annotations

from bot.services import Summit


def remember_display_name(summit: Summit, user_id: str) -> None:
    """Cache the user's display name (one users.info, which also gives their locale) so the
    channel recap can credit notes by name as plain text: a mention would ping them. A failure
    leaves the cache empty and the recap falls back to a neutral word; it never blocks the
    note."""
    user = summit.store.user(user_id)
    if (user and user.get("display_name")) or summit.client is None:
        return
    summit.remember_profile(user_id)
