"""Bolt listeners, registered explicitly by `register(app)`."""

from slack_bolt import App

from bot.listeners import actions, beyond, commands, events, notes


def register(app: App) -> None:
    commands.register(app)
    actions.register(app)
    notes.register(app)
    events.register(app)
    beyond.register(app)
