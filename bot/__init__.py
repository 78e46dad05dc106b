"""summit-bot: a Slack conference assistant (agenda, registrations, reminders, notes, recaps)."""
