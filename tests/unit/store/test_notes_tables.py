"""The notes tables: migration on top of the core schema, and ownership enforced in SQL."""

from bot.store import Store

SESSION = "d2-1520-a202"


def test_notes_migration_applies_after_the_core_schema(store):
    with store.connect() as db:
        applied = [r["name"] for r in db.query("SELECT name FROM _sqlite_migrations")]
        assert {"notes", "note_drafts"} <= set(db.table_names())
    assert applied.index("m001_core") < applied.index("m010_notes")
    store.migrate()  # idempotent


def test_notes_keep_their_order_and_only_their_author_changes_them(store):
    first = store.add_note("U1", SESSION, "one", private=False, source="command", now=10.0)
    second = store.add_note("U1", SESSION, "two", private=True, source="shortcut", now=20.0)
    store.add_note("U2", SESSION, "theirs", private=False, source="command", now=15.0)
    assert [n["text"] for n in store.user_notes("U1")] == ["one", "two"]
    assert store.user_note("U2", first) is None
    assert not store.update_note("U2", first, now=30.0, text="hijacked")
    assert not store.delete_note("U2", second)
    assert store.update_note("U1", first, now=30.0, text="one, edited", private=True)
    row = store.user_note("U1", first)
    assert (row["text"], row["private"], row["updated_at"]) == ("one, edited", 1, 30.0)
    shared = store.session_notes([SESSION], shared_only=True)
    assert [n["text"] for n in shared] == ["theirs"]
    assert store.note_counts([SESSION]) == {"U1": (2, 1), "U2": (1, 1)}
    assert store.delete_note("U1", second)
    assert [n["id"] for n in store.user_notes("U1")] == [first]


def test_a_draft_is_taken_once_and_only_by_its_author(store):
    draft = store.add_note_draft("U1", "later", private=True, source="command", now=100.0)
    assert store.take_note_draft("U2", draft) is None
    taken = store.take_note_draft("U1", draft)
    assert (taken["text"], taken["private"], taken["source"]) == ("later", 1, "command")
    assert store.take_note_draft("U1", draft) is None


def test_old_drafts_are_dropped_when_a_new_one_is_parked(store: Store):
    old = store.add_note_draft("U1", "stale", private=False, source="command", now=0.0)
    store.add_note_draft("U1", "fresh", private=False, source="command", now=90_000.0)
    assert store.take_note_draft("U1", old) is None


def test_display_names_and_languages_come_from_the_users_table(store):
    store.update_user("U1", display_name="Mina")
    store.update_user("U2", lang="en")
    assert store.display_names(["U1", "U2", "U3"]) == {"U1": "Mina"}
    assert store.user_langs(["U1", "U2", "U3"]) == {"U2": "en"}
