"""The `summit-bot` command line (docs/configuration.md "Command line")."""

from __future__ import annotations

import argparse
import csv
import logging
import os
import signal
import sqlite3
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path

from bot.settings import Settings, SettingsError

EXIT_USAGE = 2
log = logging.getLogger("summit-bot")


class CliError(Exception):
    """A failure the operator can fix: shown as one line, exit 1."""


class Parser(argparse.ArgumentParser):
    """argparse whose usage errors are one line (the usage itself is a `--help` away)."""

    def error(self, message: str):
        self.exit(EXIT_USAGE, f"{self.prog}: {message} (see {self.prog} --help)\n")


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    from dotenv import load_dotenv

    load_dotenv(os.environ.get("SUMMIT_ENV_FILE", ".env"), override=False)
    try:
        settings = Settings.from_env(os.environ)
    except SettingsError as exc:
        print(f"summit-bot: {exc}", file=sys.stderr)
        return EXIT_USAGE
    # The console's screen is the conversation: only problems are logged there.
    quiet = args.func in (cmd_console,)
    from bot import logs

    try:
        logs.configure(os.environ.get("SUMMIT_LOG_LEVEL", "WARNING" if quiet else "INFO"))
    except ValueError as exc:
        print(f"summit-bot: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return run_command(args.func, settings, args)


def run_command(func, settings: Settings, args) -> int:
    """Run one subcommand; whatever fails is one line on stderr and a non-zero exit."""
    name = "summit-bot " + func.__name__.removeprefix("cmd_").replace("_", " ")
    try:
        return func(settings, args)
    except CliError as exc:
        message = str(exc)
    except sqlite3.Error as exc:
        message = f"database {settings.db_path} (SUMMIT_DB): {exc}"
    except BrokenPipeError:
        # The reader (`| head`) left: nothing more to say, and nowhere to say it on stdout.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        message = f"{where}{exc.strerror or exc}"
    except Exception as exc:  # a bug: still one line; the traceback is a log level away
        log.debug("%s failed", name, exc_info=True)
        message = (f"unexpected {type(exc).__name__}: {exc} (SUMMIT_LOG_LEVEL=DEBUG shows "
                   "where)")  # fmt: skip
    print(f"{name}: {message}", file=sys.stderr)
    return 1


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="summit-bot",
        description="A Slack conference assistant: agenda, registrations, reminders, recaps.",
    )
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    serve = sub.add_parser("serve", help="run the Slack app and its scheduler")
    serve.set_defaults(func=cmd_serve)

    console = sub.add_parser("console", help="use the bot in a terminal, without Slack")
    console.add_argument("--user", default="U_CONSOLE", help="the Slack user id you act as")
    console.set_defaults(func=cmd_console)

    demo = sub.add_parser(
        "demo", help="a scripted Day 2 rehearsal against a local Slack stand-in",
        description="Run the real app on a temporary database against an in-process Slack "
        "stand-in, on a rehearsal clock through Day 2 of 2023 from 14:50 KST at 60x: "
        "attendees browse and register, the 12-design-patterns talk fills up (alerts, "
        "waitlist), reminders fire, notes are taken and the end-of-day recap posts. Prints a "
        "transcript and a summary of what was sent; exits 1 if anything the script expects "
        "does not happen. Needs no Slack account.",
    )  # fmt: skip
    demo.set_defaults(func=cmd_demo)

    agenda = sub.add_parser("agenda", help="check or load an agenda file")
    agenda_sub = agenda.add_subparsers(title="agenda commands", metavar="ACTION", dest="action",
                                       required=True)  # fmt: skip
    check = agenda_sub.add_parser("check", help="validate an agenda file (CSV, frab/pretalx "
                                  "JSON or XML, c3voc schedule 2 JSON, Sessionize JSON)")
    check.add_argument("file")
    check.set_defaults(func=cmd_agenda_check)
    load = agenda_sub.add_parser("load", help="load an agenda file into the database")
    load.add_argument("file")
    for command in (check, load):
        command.add_argument("--tz", type=_zone, metavar="ZONE",
                             help="the event's time zone when the file's and SUMMIT_TZ differ")
    load.add_argument("--yes", action="store_true",
                      help="allow cancelling or moving sessions")  # fmt: skip
    load.set_defaults(func=cmd_agenda_load)

    backup = sub.add_parser("backup", help="copy the live database consistently to FILE")
    backup.add_argument("file")
    backup.set_defaults(func=cmd_backup)

    export = sub.add_parser("export", help="export data as CSV to stdout")
    export_sub = export.add_subparsers(title="export", metavar="WHAT", dest="what", required=True)
    regs = export_sub.add_parser("registrations", help="session_id,user_id,status,registered_at")
    regs.add_argument("--session", help="only this session id")
    regs.set_defaults(func=cmd_export_registrations)
    feedback = export_sub.add_parser("feedback",
                                     help="session_id,user_id,rating,comment,answered_at")
    feedback.set_defaults(func=cmd_export_feedback)
    return parser


def cmd_serve(settings: Settings, args) -> int:
    missing = settings.missing_for_serve()
    if missing:
        print(
            f"summit-bot serve: {' and '.join(missing)} not set. Put it in .env (see "
            ".env.example), or try the bot without Slack: summit-bot console",
            file=sys.stderr,
        )
        return EXIT_USAGE
    from slack_sdk.errors import SlackApiError

    from bot.server import start_serving

    stop = threading.Event()
    previous = {sig: signal.signal(sig, lambda *_: stop.set())
                for sig in (signal.SIGINT, signal.SIGTERM)}  # fmt: skip
    try:
        try:
            served = start_serving(settings)
        except OSError as exc:
            print(f"summit-bot serve: cannot listen on port {settings.port}: {exc}",
                  file=sys.stderr)  # fmt: skip
            return 1
        except SlackApiError as exc:
            print(
                f"summit-bot serve: Socket Mode could not connect ({exc.response.get('error')}). "
                "Check SLACK_APP_TOKEN: an app-level token (xapp-…) with connections:write, "
                "and Socket Mode turned on for the app.",
                file=sys.stderr,
            )
            return 1
        stop.wait()
        logging.getLogger("summit-bot").info("stopping")
        served.stop()
        return 0
    finally:
        # Called in-process (tests), serve must not leave its handlers behind.
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def cmd_console(settings: Settings, args) -> int:
    from bot.devtools.console import run_console

    return run_console(settings, user_id=args.user)


def cmd_demo(settings: Settings, args) -> int:
    from bot.devtools.demo import run_demo

    if "SUMMIT_LOG_LEVEL" not in os.environ:
        # The transcript is the output; startup INFO lines would only interleave with it.
        logging.getLogger().setLevel(logging.WARNING)
    return run_demo(settings)


def _zone(name: str):
    from bot.agenda.readers.common import zone_named

    zone = zone_named(name)
    if zone is None:
        raise argparse.ArgumentTypeError(f"unknown time zone {name!r}")
    return zone


def cmd_agenda_check(settings: Settings, args) -> int:
    from bot.agenda.loading import zone_conflict
    from bot.agenda.readers import read_agenda

    agenda = read_agenda(args.file, settings.tz, args.tz)
    conflict = zone_conflict(agenda, settings.tz_name, settings.tz_set, args.tz)
    if agenda.ok and conflict:
        agenda.problems.append(f"{args.file}:1: {conflict}")
    for line in agenda.warnings + agenda.problems:
        print(line, file=sys.stderr)
    if not agenda.ok:
        return 1
    source = ("--tz" if args.tz else "the file" if agenda.file_zone else "SUMMIT_TZ")
    print(f"{args.file}: {agenda.format}, {len(agenda.rows)} sessions, no problems; "
          f"time zone {agenda.zone} (from {source})")
    return 0


def cmd_agenda_load(settings: Settings, args) -> int:
    from bot.admin import load_agenda_file
    from bot.clock import Clock

    fresh = not Path(settings.db_path).exists()
    store = open_store(settings, create=True)
    now = Clock(settings.tz, settings.clock_start, settings.clock_speed).now()
    try:
        load = load_agenda_file(store, args.file, settings.tz, confirm=args.yes, now=now,
                                override=args.tz, tz_set=settings.tz_set)  # fmt: skip
        return _load_agenda(store, settings, args, load)
    except BaseException:
        if fresh:  # the database this run created holds nothing: don't leave it behind
            for suffix in ("", "-wal", "-shm"):
                Path(settings.db_path + suffix).unlink(missing_ok=True)
        raise


def _load_agenda(store, settings: Settings, args, load) -> int:
    for line in load.warnings:
        print(line, file=sys.stderr)
    if load.problems:
        for line in load.problems[:-1]:
            print(line, file=sys.stderr)
        count = len(load.problems)
        raise CliError(f"{load.problems[-1]} — nothing loaded"
                       + (f" ({count} problems)" if count > 1 else ""))  # fmt: skip
    diff = load.diff
    if load.needs_confirmation:
        # stdout is what happened: nothing. What --yes would do is the preview.
        print(f"nothing changed. With --yes this would add {len(diff.added)}, change "
              f"{len(diff.changed)}, cancel {len(diff.cancelled)} and move "
              f"{len(diff.moved)} session(s), and queue DMs to their registrants:")  # fmt: skip
        for label, ids in (("would move", diff.moved), ("would cancel", diff.cancelled)):
            if ids:
                print(f"{label}: {', '.join(ids)}")
        raise CliError("not loaded: sessions would be cancelled or moved; run again with --yes "
                       "to apply")  # fmt: skip
    print(f"added {len(diff.added)}, changed {len(diff.changed)}, cancelled {len(diff.cancelled)}")
    for label, ids in (("moved", diff.moved), ("cancelled", diff.cancelled)):
        if ids:
            print(f"{label}: {', '.join(ids)}")
    if diff.moved or diff.cancelled:
        print("DMs to the registrants of moved and cancelled sessions are queued; the running "
              "bot sends them")  # fmt: skip
    if diff.promoted:
        # Their DMs were queued with the seats, like the notices: the running bot sends them.
        print(f"promoted from waitlists: {len(diff.promoted)} (DMs queued)")
    return 0


def cmd_export_registrations(settings: Settings, args) -> int:
    store = open_store(settings, create=False)
    session = args.session.lower() if args.session else None
    if session and session not in {row["id"] for row in store.sessions()}:
        raise CliError(f"no session {args.session!r} in the agenda")
    rows = store.export_registrations(session)
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["session_id", "user_id", "status", "registered_at"])
    for row in rows:
        when = datetime.fromtimestamp(row["registered_at"], UTC).isoformat(timespec="seconds")
        writer.writerow([row["session_id"], row["user_id"], row["status"], when])
    return 0


def cmd_export_feedback(settings: Settings, args) -> int:
    store = open_store(settings, create=False)
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["session_id", "user_id", "rating", "comment", "answered_at"])
    for row in store.all_feedback():
        when = datetime.fromtimestamp(row["answered_at"], UTC).isoformat(timespec="seconds")
        writer.writerow([row["session_id"], row["user_id"], row["rating"], row["comment"] or "",
                         when])  # fmt: skip
    return 0


def cmd_backup(settings: Settings, args) -> int:
    store = open_store(settings, create=False)
    target = Path(args.file)
    if target.is_dir():
        raise CliError(f"{target} is a directory: give the backup's file name, e.g. "
                       f"{target / 'summit-backup.db'}")  # fmt: skip
    if not target.parent.is_dir():
        raise CliError(f"{target}: no directory {target.parent}")
    if target.exists() and target.resolve() == Path(settings.db_path).resolve():
        raise CliError(f"{target} is the live database itself: back up to another file")
    # Store.backup writes `<target>.partial` and renames it: a failed copy must not stay.
    partial = target.with_name(target.name + ".partial")
    try:
        size = store.backup(target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    print(f"backed up {settings.db_path} to {target} ({size:,} bytes)")
    return 0


def open_store(settings: Settings, *, create: bool):
    """The store at SUMMIT_DB, migrated. Only `agenda load` may create it: a command that
    reads must not leave an empty database (and its directories) behind a typo."""
    from bot.store import Store

    path = Path(settings.db_path)
    if path.is_dir():
        raise CliError(f"SUMMIT_DB={path} is a directory, not a database file")
    if not path.exists():
        if not create:
            raise CliError(f"no database at {path} (SUMMIT_DB)")
        if not path.parent.is_dir():
            raise CliError(f"SUMMIT_DB={path}: no directory {path.parent}")
    store = Store(path)
    store.migrate()
    return store
