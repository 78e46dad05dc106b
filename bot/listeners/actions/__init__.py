"""Buttons, one module per group. A click in a message answers through its response_url; a
click on the Home tab has none, so the answer goes to the user's DM with the bot
(`replies.answer`), and the Home is republished after a change."""

from slack_bolt import App

from bot.listeners.actions import admin, feedback, forget, home, schedule, seats

GROUPS = (seats, schedule, forget, home, admin, feedback)


def register(app: App) -> None:
    for group in GROUPS:
        group.register(app)
