"""`/summit` and its subcommands: `router` parses and dispatches, one module per group."""

from bot.listeners.commands.router import register, run_command

__all__ = ["register", "run_command"]
