"""Named leases (the sender's): who holds one and until when, in wall-clock seconds."""

from __future__ import annotations

from bot.store.connection import Connections


class LeaseTables(Connections):
    """The `leases` table."""

    def acquire_lease(self, name: str, holder: str, ttl: float, wall_now: float,
                      take_over: str | None = None) -> bool:  # fmt: skip
        """Take or renew the lease `name` for `ttl` seconds (wall clock). It is ours if it
        is free, expired, already ours, or held by `take_over` (a holder known to be dead)."""
        with self.transaction() as db:
            row = db.execute(
                "SELECT holder, expires_at FROM leases WHERE name = ?", [name]
            ).fetchone()
            if row is not None and row[0] not in (holder, take_over) and row[1] > wall_now:
                return False
            db.execute(
                "INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?) "
                "ON CONFLICT(name) DO UPDATE SET holder = excluded.holder, "
                "expires_at = excluded.expires_at",
                [name, holder, wall_now + ttl],
            )
            return True

    def lease(self, name: str) -> dict | None:
        with self.connect() as db:
            rows = list(db.query("SELECT * FROM leases WHERE name = ?", [name]))
        return rows[0] if rows else None

    def release_lease(self, name: str, holder: str) -> None:
        with self.transaction() as db:
            db.execute("DELETE FROM leases WHERE name = ? AND holder = ?", [name, holder])
