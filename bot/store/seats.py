"""Seats and waitlist places (`registrations`): taking, giving back and switching seats,
atomically, with the promotions they cause queued in the same transaction; and the reads of
who holds what."""

from __future__ import annotations

from collections.abc import Iterable

from bot.store.connection import Connections
from bot.store.records import Release, SeatResult, SessionStats, SwitchResult
from bot.store.rules import (
    PLACE_SQL,
    active_capacity,
    announce_promotions,
    ensure_user,
    insert_registration,
    marks,
    record_seat_change,
    seat_for_newcomer,
    seat_status,
    settle,
    settle_and_announce,
    taken,
    waitlist_place,
)


class SeatTables(Connections):
    """The `registrations` table: seats and the waitlist."""

    def take_seat(self, session_id: str, user_id: str, now: float) -> SeatResult:
        """Register `user_id` for `session_id`, or put them at the end of its waitlist when it
        is full; atomic across threads and processes."""
        with self.transaction() as db:
            session = active_capacity(db, session_id)
            if session is None:
                return SeatResult("missing")
            capacity = session[0]
            # Seats freed without a promotion (a capacity raised in the file) go to the queue
            # before anyone new: the waitlist is first come, first served. The user's own
            # promotion is told by the reply; the others get their DMs.
            promoted = settle(db, session_id, now)
            others = tuple(p for p in promoted if p.user_id != user_id)
            announce_promotions(db, others)
            mine = seat_status(db, session_id, user_id)
            held = taken(db, session_id)
            if mine == "registered":
                status = "registered" if len(others) < len(promoted) else "already"
                return SeatResult(status, held, capacity, promoted=others)
            if mine == "waitlisted":
                return SeatResult("already_waitlisted", held, capacity,
                                  waitlist_place(db, session_id, user_id), others)  # fmt: skip
            ensure_user(db, user_id, now)
            if seat_for_newcomer(db, session_id):
                insert_registration(db, session_id, user_id, "registered", now)
                return SeatResult("registered", held + 1, capacity, promoted=others)
            # `now` was read before this transaction got the lock; joining the line no earlier
            # than its current end keeps (registered_at, rowid) in arrival order, so a place
            # once told only ever improves.
            last = db.execute(
                "SELECT MAX(registered_at) FROM registrations "
                "WHERE session_id = ? AND status = 'waitlisted'",
                [session_id],
            ).fetchone()[0]
            joined = now if last is None else max(now, last)
            insert_registration(db, session_id, user_id, "waitlisted", joined)
            return SeatResult("waitlisted", held, capacity, waitlist_place(db, session_id, user_id),
                              others)  # fmt: skip

    def give_back_seat(self, session_id: str, user_id: str, now: float) -> Release:
        """Remove a registration or waitlist place; a freed seat goes to the first in line in
        the same transaction, so two releases can never promote one person twice."""
        with self.transaction() as db:
            row = db.execute(
                "DELETE FROM registrations WHERE session_id = ? AND user_id = ? RETURNING status",
                [session_id, user_id],
            ).fetchone()
            if row is None:
                return Release(None)
            if row[0] == "registered":
                record_seat_change(db, session_id, user_id, -1, now)
            promoted = settle_and_announce(db, session_id, now) if row[0] == "registered" else []
            return Release(row[0], tuple(promoted))

    def switch_seats(self, user_id: str, take_id: str, drop_ids: Iterable[str],
                     now: float) -> SwitchResult:  # fmt: skip
        """Give back the seats in `drop_ids` and take one in `take_id`, all or nothing: when
        `take_id` has no free seat nothing changes (status `full`)."""
        with self.transaction() as db:
            session = active_capacity(db, take_id)
            if session is None:
                return SwitchResult("missing")
            promoted = settle_and_announce(db, take_id, now)
            if seat_status(db, take_id, user_id) == "registered":
                return SwitchResult("already", promoted=tuple(promoted))
            if not seat_for_newcomer(db, take_id):
                return SwitchResult("full", promoted=tuple(promoted))
            dropped = []
            for sid in dict.fromkeys(drop_ids):
                row = db.execute(
                    "DELETE FROM registrations WHERE session_id = ? AND user_id = ? "
                    "AND status = 'registered' RETURNING session_id",
                    [sid, user_id],
                ).fetchone()
                if row:
                    dropped.append(sid)
                    record_seat_change(db, sid, user_id, -1, now)
                    promoted.extend(settle_and_announce(db, sid, now))
            ensure_user(db, user_id, now)
            insert_registration(db, take_id, user_id, "registered", now)
            return SwitchResult("switched", tuple(dropped), tuple(promoted))

    def has_free_seat(self, session_id: str) -> bool:
        """Whether a newcomer would get a seat now (`rules.seat_open`); advisory, since
        `take_seat` decides again atomically."""
        with self.connect() as db:
            return seat_for_newcomer(db, session_id)

    def user_registrations(self, user_id: str) -> list[dict]:
        """The user's registrations and waitlist places (`place`, 1-based; None when
        registered), oldest first."""
        with self.connect() as db:
            return list(
                db.query(
                    "SELECT r.session_id, r.status, r.registered_at, CASE r.status "
                    f"WHEN 'waitlisted' THEN ({PLACE_SQL}) END AS place "
                    "FROM registrations r WHERE r.user_id = ? ORDER BY r.registered_at",
                    [user_id],
                )
            )

    def registration_status(self, session_id: str, user_id: str) -> str | None:
        with self.connect() as db:
            row = db.execute(
                "SELECT status FROM registrations WHERE session_id = ? AND user_id = ?",
                [session_id, user_id],
            ).fetchone()
        return row[0] if row else None

    def seats_taken(self, session_ids: Iterable[str] | None = None) -> dict[str, int]:
        """Registered (not waitlisted) counts per session."""
        return self._counts("registered", session_ids)

    def waiting(self, session_ids: Iterable[str] | None = None) -> dict[str, int]:
        """Waitlist lengths per session."""
        return self._counts("waitlisted", session_ids)

    def _counts(self, status: str, session_ids: Iterable[str] | None) -> dict[str, int]:
        sql = "SELECT session_id, COUNT(*) FROM registrations WHERE status = ?"
        params: list[str] = [status]
        if session_ids is not None:
            ids = list(session_ids)
            if not ids:
                return {}
            sql += f" AND session_id IN ({marks(len(ids))})"
            params += ids
        with self.connect() as db:
            return dict(db.execute(sql + " GROUP BY session_id", params).fetchall())

    def session_stats(self, since: float) -> dict[str, SessionStats]:
        """Per session: registered, waitlisted, interested, and seats taken since `since`."""
        stats: dict[str, dict[str, int]] = {}
        with self.connect() as db:
            for sid, status, count, recent in db.execute(
                "SELECT session_id, status, COUNT(*), SUM(registered_at >= ?) "
                "FROM registrations GROUP BY session_id, status",
                [since],
            ):
                stats.setdefault(sid, {})[status] = count
                if status == "registered":
                    stats[sid]["recent"] = recent
            for sid, count in db.execute(
                "SELECT session_id, COUNT(*) FROM interests GROUP BY session_id"
            ):
                stats.setdefault(sid, {})["interested"] = count
        return {sid: SessionStats(**values) for sid, values in stats.items()}

    def export_registrations(self, session_id: str | None = None) -> list[dict]:
        sql = "SELECT session_id, user_id, status, registered_at FROM registrations"
        params: list[str] = []
        if session_id:
            sql += " WHERE session_id = ?"
            params = [session_id]
        with self.connect() as db:
            return list(db.query(sql + " ORDER BY session_id, registered_at, user_id", params))

    def session_registrations(self, session_ids: Iterable[str]) -> list[dict]:
        """Registered (not waitlisted) seats on these sessions, oldest first."""
        ids = list(session_ids)
        if not ids:
            return []
        with self.connect() as db:
            return list(
                db.query(
                    "SELECT session_id, user_id, registered_at FROM registrations "
                    f"WHERE status = 'registered' AND session_id IN ({marks(len(ids))}) "
                    "ORDER BY registered_at, user_id",
                    ids,
                )
            )
