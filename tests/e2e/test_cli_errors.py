"""Bad `summit-bot` invocations, one row each: the exit status, the one line on stderr that
says what is wrong, no traceback, and nothing left behind in the working directory."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from tests.support.factories import write_agenda
from tests.support.paths import AGENDA

# (argv, SUMMIT_DB, extra environment, exit status, what stderr says). In argv and SUMMIT_DB,
# {dir} is a scratch directory and {db} a live database with the shipped agenda loaded.
CASES = [
    (["backup", "{dir}"], "{db}", {}, 1, "is a directory: give the backup's file name"),
    (["backup", "{dir}/no/such/x.db"], "{db}", {}, 1, "no directory {dir}/no/such"),
    (["backup", "{db}"], "{db}", {}, 1, "is the live database itself"),
    (["backup", "{dir}/b.db"], "{dir}/missing.db", {}, 1, "no database at {dir}/missing.db"),
    (["export", "registrations", "--session", "nope"], "{db}", {}, 1, "no session 'nope'"),
    (["export", "registrations"], "{dir}/missing.db", {}, 1, "no database at"),
    (["export", "registrations"], "{dir}/garbage.db", {}, 1, "file is not a database"),
    (["export", "registrations"], "{dir}", {}, 1, "SUMMIT_DB={dir} is a directory"),
    (["agenda", "load", str(AGENDA)], "{dir}", {}, 1, "is a directory, not a database"),
    (["agenda", "load", str(AGENDA)], "{dir}/no/such/x.db", {}, 1, "no directory {dir}/no"),
    (["agenda", "load", "{dir}/missing.csv"], "{dir}/new.db", {}, 1,
     "missing.csv:0: cannot read: No such file or directory — nothing loaded"),
    (["agenda", "load", "{dir}"], "{db}", {}, 1, "cannot read: Is a directory"),
    (["agenda", "load", "{dir}/latin1.csv"], "{db}", {}, 1, "latin1.csv:2: not UTF-8 text"),
    (["agenda", "load", "{dir}/fewer.csv"], "{db}", {}, 1,
     "not loaded: sessions would be cancelled or moved; run again with --yes"),
    (["agenda", "check", "{dir}/missing.csv"], "{db}", {}, 1, "cannot read"),
    (["agenda", "check", "{dir}/latin1.csv"], "{db}", {}, 1, "not UTF-8 text"),
    (["agenda"], "{db}", {}, 2, "summit-bot agenda: the following arguments are required"),
    (["agenda", "load"], "{db}", {}, 2, "required: file (see summit-bot agenda load --help)"),
    (["export"], "{db}", {}, 2, "summit-bot export: the following arguments are required"),
    (["export", "registrations", "--bogus"], "{db}", {}, 2, "unrecognized arguments: --bogus"),
    (["bogus"], "{db}", {}, 2, "invalid choice: 'bogus'"),
    (["backup", "{dir}/b.db"], "{db}", {"SUMMIT_TZ": "Mars/Base"}, 2, "unknown time zone"),
    (["backup", "{dir}/b.db"], "{db}", {"SUMMIT_LOG_LEVEL": "loud"}, 2,
     "SUMMIT_LOG_LEVEL: expected DEBUG, INFO, WARNING or ERROR, got 'loud'"),
]


def tree(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


@pytest.mark.parametrize(("argv", "db", "env", "status", "says"), CASES,
                         ids=[" ".join(c[0])[:60] for c in CASES])  # fmt: skip
def test_a_bad_invocation_is_one_clear_line(store, tmp_path, monkeypatch, capsys,
                                            argv, db, env, status, says):  # fmt: skip
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    (scratch / "garbage.db").write_text("not a database")
    (scratch / "latin1.csv").write_bytes("id,title\nx,Caf\xe9\n".encode("latin-1"))
    write_agenda(scratch / "fewer.csv", drop={"d1-1110-hb"})

    def fill(text: str) -> str:
        return text.replace("{dir}", str(scratch)).replace("{db}", store.path)

    monkeypatch.setenv("SUMMIT_DB", fill(db))
    monkeypatch.setenv("SUMMIT_ENV_FILE", str(tmp_path / "none.env"))
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(scratch)
    before = tree(scratch)
    try:
        code = main([fill(a) for a in argv])
    except SystemExit as exc:  # argparse's usage errors
        code = exc.code
    out, err = capsys.readouterr()
    assert code == status
    assert fill(says) in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert tree(scratch) == before, "left something behind"
    assert not Path(f"{scratch}.partial").exists()  # `backup DIR` once left DIR.partial
    if argv[-1:] == ["{dir}/fewer.csv"]:
        assert out.startswith("nothing changed. With --yes this would add 0, change 0, cancel 1")
        assert "would cancel: d1-1110-hb" in out
    elif argv[0] in ("export", "backup"):
        assert out == ""
