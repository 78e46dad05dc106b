"""The harness: the Slack stand-in, LocalSlack, the console, the demo and the Block Kit limit
checks. Tests, benches and the `console`/`demo` commands use it; the app never imports it."""
