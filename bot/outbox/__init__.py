"""Everything the bot sends on its own, through one outbox table.

`message` is the one message type; one module per kind (`reminder`, `capacity_alert`,
`interest_nudge`, `promotion`, `agenda_change`, `recap_offer`, `channel_recap`,
`announcement`) says its dedupe key, when it is due and how it is rendered; `planning` is
what the scheduler's tick runs; `kinds.render` is what the sender calls for each row.

Kept import-light on purpose: the store imports `message` and `promotion` to queue rows
inside its own transactions.
"""
