"""Block Kit builders: pure functions from data to message payloads, no Slack calls."""
