"""The schema, as sqlite-utils `Migrations`: applied in order, each once per database
(recorded by name in `_sqlite_migrations`), so a database from any earlier version migrates.
A change to the schema is a new function at the end; the ones here never change."""

from __future__ import annotations

from sqlite_utils import Database, Migrations

migrations = Migrations("summit-bot")


@migrations()
def m001_core(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE sessions (
            id TEXT PRIMARY KEY,
            day TEXT NOT NULL,
            start_ts INTEGER NOT NULL,
            end_ts INTEGER NOT NULL,
            title TEXT NOT NULL,
            title_en TEXT NOT NULL DEFAULT '',
            track TEXT NOT NULL DEFAULT '',
            room TEXT NOT NULL DEFAULT '',
            level TEXT NOT NULL DEFAULT '',
            speakers TEXT NOT NULL DEFAULT '',
            tags TEXT NOT NULL DEFAULT '',
            kind TEXT NOT NULL DEFAULT 'breakout',
            description TEXT NOT NULL DEFAULT '',
            capacity INTEGER,
            capacity_override INTEGER,
            status TEXT NOT NULL DEFAULT 'active',
            updated_at REAL NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX sessions_day ON sessions(day, start_ts)")
    db.execute(
        """
        CREATE TABLE users (
            id TEXT PRIMARY KEY,
            lang TEXT,
            reminder_minutes INTEGER,
            reminders_off INTEGER NOT NULL DEFAULT 0,
            locale TEXT,
            display_name TEXT,
            created_at REAL NOT NULL
        )
        """
    )
    db.execute(
        """
        CREATE TABLE registrations (
            session_id TEXT NOT NULL REFERENCES sessions(id),
            user_id TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('registered', 'waitlisted')),
            registered_at REAL NOT NULL,
            PRIMARY KEY (session_id, user_id)
        )
        """
    )
    db.execute("CREATE INDEX registrations_user ON registrations(user_id)")
    db.execute("CREATE INDEX registrations_status ON registrations(session_id, status)")
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db.execute("INSERT INTO meta (key, value) VALUES ('agenda_version', '0')")


@migrations()
def m002_delivery(db: Database) -> None:
    """The outbox every outgoing message goes through, the sender's lease, and what capacity
    thresholds each session has crossed.

    Two clocks meet here, so each column says which it uses: `due_at`, `deadline_at`,
    `sent_at` and `crossed_at` are conference-clock unix seconds (a rehearsal decides what is
    due); `retry_at`, `claimed_at`, `created_at` and `expires_at` are wall-clock unix seconds
    (`time.time()`), because pacing, backoff and leases happen in real time."""
    db.execute(
        """
        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY,
            dedupe_key TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            channel TEXT NOT NULL,
            user_id TEXT,
            session_id TEXT,
            facts TEXT NOT NULL DEFAULT '{}',
            due_at REAL NOT NULL,
            deadline_at REAL,
            status TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'dropped')),
            attempts INTEGER NOT NULL DEFAULT 0,
            retry_at REAL NOT NULL DEFAULT 0,
            claimed_by TEXT,
            claimed_at REAL,
            sent_at REAL,
            slack_ts TEXT,
            error TEXT,
            created_at REAL NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX outbox_queue ON outbox(status, deadline_at, due_at)")
    db.execute("CREATE INDEX outbox_subject ON outbox(session_id, user_id)")
    db.execute(
        "CREATE TABLE leases (name TEXT PRIMARY KEY, holder TEXT NOT NULL, "
        "expires_at REAL NOT NULL)"
    )
    db.execute(
        """
        CREATE TABLE capacity_marks (
            session_id TEXT NOT NULL,
            threshold INTEGER NOT NULL,
            armed INTEGER NOT NULL DEFAULT 1,
            times_crossed INTEGER NOT NULL DEFAULT 0,
            crossed_at REAL,
            PRIMARY KEY (session_id, threshold)
        )
        """
    )


@migrations()
def m010_notes(db: Database) -> None:
    """Attendees' notes on sessions, and notes waiting for their author to pick a session."""
    db.execute(
        """
        CREATE TABLE notes (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            user_id TEXT NOT NULL,
            session_id TEXT NOT NULL REFERENCES sessions(id),
            text TEXT NOT NULL,
            private INTEGER NOT NULL DEFAULT 0 CHECK (private IN (0, 1)),
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL,
            source TEXT NOT NULL CHECK (source IN ('command', 'shortcut'))
        )
        """
    )
    db.execute("CREATE INDEX notes_session ON notes(session_id, created_at)")
    db.execute("CREATE INDEX notes_user ON notes(user_id, created_at)")
    # A note whose session the bot could not tell from the clock waits here until its author
    # presses a session button: the text is too long to ride in a button value.
    db.execute(
        """
        CREATE TABLE note_drafts (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            user_id TEXT NOT NULL,
            text TEXT NOT NULL,
            private INTEGER NOT NULL DEFAULT 0 CHECK (private IN (0, 1)),
            source TEXT NOT NULL CHECK (source IN ('command', 'shortcut')),
            created_at REAL NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX note_drafts_user ON note_drafts(user_id, created_at)")


@migrations()
def m020_waitlist_interest(db: Database) -> None:
    # A star on a session ("Interested") holds no seat; it is who gets nudged when it fills.
    db.execute(
        """
        CREATE TABLE interests (
            session_id TEXT NOT NULL REFERENCES sessions(id),
            user_id TEXT NOT NULL,
            created_at REAL NOT NULL,
            PRIMARY KEY (session_id, user_id)
        )
        """
    )
    db.execute("CREATE INDEX interests_user ON interests(user_id)")
    # The waitlist is read in this order (FIFO) on every promotion and every "place" shown.
    db.execute(
        "CREATE INDEX registrations_queue ON registrations(session_id, status, registered_at)"
    )


@migrations()
def m030_home_opened(db: Database) -> None:
    # Home tabs are republished after changes only for people who have looked at theirs:
    # views.publish has a per-workspace rate limit, and most attendees never open the tab.
    db.execute("ALTER TABLE users ADD COLUMN home_opened_at REAL")


@migrations()
def m040_off_agenda_notes(db: Database) -> None:
    """Notes that belong to no session (an Expo talk, a booth, lunch: `label` says where),
    notes sent by DM (`source` 'dm'), and the Slack files sent with them (`files`: a JSON list
    of references, never the file itself). SQLite can't drop a NOT NULL or widen a CHECK in
    place, so both tables are rebuilt with their rows and indexes."""
    db.execute(
        """
        CREATE TABLE notes_new (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            user_id TEXT NOT NULL,
            session_id TEXT REFERENCES sessions(id),
            label TEXT,
            text TEXT NOT NULL,
            private INTEGER NOT NULL DEFAULT 0 CHECK (private IN (0, 1)),
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL,
            source TEXT NOT NULL CHECK (source IN ('command', 'shortcut', 'dm')),
            files TEXT NOT NULL DEFAULT '[]',
            CHECK ((session_id IS NULL) <> (label IS NULL))
        )
        """
    )
    db.execute(
        "INSERT INTO notes_new (id, user_id, session_id, text, private, created_at, updated_at, "
        "source) SELECT id, user_id, session_id, text, private, created_at, updated_at, source "
        "FROM notes"
    )
    db.execute("DROP TABLE notes")
    db.execute("ALTER TABLE notes_new RENAME TO notes")
    db.execute("CREATE INDEX notes_session ON notes(session_id, created_at)")
    db.execute("CREATE INDEX notes_user ON notes(user_id, created_at)")
    db.execute(
        """
        CREATE TABLE note_drafts_new (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            user_id TEXT NOT NULL,
            text TEXT NOT NULL,
            private INTEGER NOT NULL DEFAULT 0 CHECK (private IN (0, 1)),
            source TEXT NOT NULL CHECK (source IN ('command', 'shortcut', 'dm')),
            created_at REAL NOT NULL,
            files TEXT NOT NULL DEFAULT '[]'
        )
        """
    )
    db.execute(
        "INSERT INTO note_drafts_new (id, user_id, text, private, source, created_at) "
        "SELECT id, user_id, text, private, source, created_at FROM note_drafts"
    )
    db.execute("DROP TABLE note_drafts")
    db.execute("ALTER TABLE note_drafts_new RENAME TO note_drafts")
    db.execute("CREATE INDEX note_drafts_user ON note_drafts(user_id, created_at)")


@migrations()
def m045_delivery_at_scale(db: Database) -> None:
    """What makes reminder planning incremental, and events handled once.

    `reminder_marks`: the (session, user) pairs whose reminder may have changed, written by
    triggers on everything `REMINDER_WANTED` and the lead time read (a registration added,
    removed or moved off the waitlist, a user's lead time or reminders switch, a session
    moved or cancelled), so the tick re-plans those pairs instead of every registration.
    `event_receipts`: the event_ids of Events API deliveries already handled, so a
    redelivery (`X-Slack-Retry-Num`) does nothing twice."""
    db.execute(
        "CREATE TABLE reminder_marks (id INTEGER PRIMARY KEY, session_id TEXT NOT NULL, "
        "user_id TEXT NOT NULL)"
    )
    db.execute(
        "CREATE TRIGGER reminder_marks_registered AFTER INSERT ON registrations BEGIN "
        "INSERT INTO reminder_marks (session_id, user_id) VALUES (NEW.session_id, NEW.user_id);"
        " END"
    )
    db.execute(
        "CREATE TRIGGER reminder_marks_unregistered AFTER DELETE ON registrations BEGIN "
        "INSERT INTO reminder_marks (session_id, user_id) VALUES (OLD.session_id, OLD.user_id);"
        " END"
    )
    db.execute(
        "CREATE TRIGGER reminder_marks_promoted AFTER UPDATE OF status ON registrations "
        "WHEN OLD.status IS NOT NEW.status BEGIN "
        "INSERT INTO reminder_marks (session_id, user_id) VALUES (NEW.session_id, NEW.user_id);"
        " END"
    )
    db.execute(
        "CREATE TRIGGER reminder_marks_user AFTER UPDATE OF reminder_minutes, reminders_off "
        "ON users WHEN OLD.reminder_minutes IS NOT NEW.reminder_minutes "
        "OR OLD.reminders_off IS NOT NEW.reminders_off BEGIN "
        "INSERT INTO reminder_marks (session_id, user_id) "
        "SELECT session_id, user_id FROM registrations WHERE user_id = NEW.id; END"
    )
    db.execute(
        "CREATE TRIGGER reminder_marks_session AFTER UPDATE OF start_ts, status ON sessions "
        "WHEN OLD.start_ts IS NOT NEW.start_ts OR OLD.status IS NOT NEW.status BEGIN "
        "INSERT INTO reminder_marks (session_id, user_id) "
        "SELECT session_id, user_id FROM registrations WHERE session_id = NEW.id; END"
    )
    db.execute(
        "CREATE TABLE event_receipts (event_id TEXT PRIMARY KEY, received_at REAL NOT NULL)"
    )
    db.execute("CREATE INDEX event_receipts_age ON event_receipts(received_at)")


@migrations()
def m050_beyond(db: Database) -> None:
    """Calendar subscriptions, the record of seat changes behind the fill-up chart, session
    feedback, and the opt-outs of the after-session question and the morning plan."""
    # Only a digest of each feed token is kept: a copy of the database can't be used to read
    # anyone's calendar.
    db.execute(
        """
        CREATE TABLE calendar_tokens (
            user_id TEXT PRIMARY KEY,
            token_digest TEXT NOT NULL UNIQUE,
            created_at REAL NOT NULL
        )
        """
    )
    # Per person and session, what the feed last showed (`fingerprint`) and its SEQUENCE:
    # a different fingerprint raises the sequence. Rows outlive the registration, so a seat
    # given back or a cancelled session stays in the feed as cancelled.
    db.execute(
        """
        CREATE TABLE feed_sequences (
            user_id TEXT NOT NULL,
            session_id TEXT NOT NULL,
            sequence INTEGER NOT NULL DEFAULT 0,
            fingerprint TEXT NOT NULL,
            changed_at REAL NOT NULL,
            PRIMARY KEY (user_id, session_id)
        )
        """
    )
    db.execute(
        """
        CREATE TABLE seat_changes (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            session_id TEXT NOT NULL,
            user_id TEXT NOT NULL,
            delta INTEGER NOT NULL CHECK (delta IN (-1, 1)),
            at REAL NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX seat_changes_session ON seat_changes(session_id, at)")
    db.execute("CREATE INDEX seat_changes_user ON seat_changes(user_id)")
    db.execute(
        """
        CREATE TABLE feedback (
            session_id TEXT NOT NULL,
            user_id TEXT NOT NULL,
            rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
            comment TEXT,
            answered_at REAL NOT NULL,
            PRIMARY KEY (session_id, user_id)
        )
        """
    )
    db.execute("CREATE INDEX feedback_user ON feedback(user_id)")
    db.execute("ALTER TABLE users ADD COLUMN feedback_opt_out INTEGER NOT NULL DEFAULT 0")
    db.execute("ALTER TABLE users ADD COLUMN digest_opt_out INTEGER NOT NULL DEFAULT 0")
