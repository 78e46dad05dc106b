"""The `summit-bot` command line (CONTRACT.md "Command line")."""

from __future__ import annotations

import argparse
import csv
import logging
import os
import signal
import sys
import threading
from datetime import UTC, datetime

from bot.settings import Settings, SettingsError

EXIT_USAGE = 2


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
    logging.basicConfig(
        level=os.environ.get("SUMMIT_LOG_LEVEL", "WARNING" if quiet else "INFO").upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    return args.func(settings, args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
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
    agenda_sub = agenda.add_subparsers(title="agenda commands", metavar="ACTION")
    check = agenda_sub.add_parser("check", help="validate an agenda file (CSV or pretalx JSON)")
    check.add_argument("file")
    check.set_defaults(func=cmd_agenda_check)
    load = agenda_sub.add_parser("load", help="load an agenda file into the database")
    load.add_argument("file")
    load.add_argument("--yes", action="store_true",
                      help="allow cancelling or moving sessions")  # fmt: skip
    load.set_defaults(func=cmd_agenda_load)

    backup = sub.add_parser("backup", help="copy the live database consistently to FILE")
    backup.add_argument("file")
    backup.set_defaults(func=cmd_backup)

    export = sub.add_parser("export", help="export data as CSV to stdout")
    export_sub = export.add_subparsers(title="export", metavar="WHAT")
    regs = export_sub.add_parser("registrations", help="session_id,user_id,status,registered_at")
    regs.add_argument("--session", help="only this session id")
    regs.set_defaults(func=cmd_export_registrations)
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


def cmd_agenda_check(settings: Settings, args) -> int:
    from bot.agenda_file import read_agenda

    agenda = read_agenda(args.file, settings.tz)
    for line in agenda.warnings + agenda.problems:
        print(line, file=sys.stderr)
    if not agenda.ok:
        return 1
    print(f"{args.file}: {len(agenda.rows)} sessions, no problems")
    return 0


def cmd_agenda_load(settings: Settings, args) -> int:
    from bot.admin import load_agenda_file
    from bot.clock import Clock
    from bot.store import Store

    store = Store(settings.db_path)
    store.migrate()
    now = Clock(settings.tz, settings.clock_start, settings.clock_speed).now()
    load = load_agenda_file(store, args.file, settings.tz, confirm=args.yes, now=now)
    for line in load.warnings + load.problems:
        print(line, file=sys.stderr)
    if load.problems:
        print(f"{args.file}: not loaded ({len(load.problems)} problems)", file=sys.stderr)
        return 1
    diff = load.diff
    print(f"added {len(diff.added)}, changed {len(diff.changed)}, cancelled {len(diff.cancelled)}")
    for label, ids in (("moved", diff.moved), ("cancelled", diff.cancelled)):
        if ids:
            print(f"{label}: {', '.join(ids)}")
    if load.applied and (diff.moved or diff.cancelled):
        print("DMs to the registrants of moved and cancelled sessions are queued; the running "
              "bot sends them")  # fmt: skip
    if load.needs_confirmation:
        print("nothing changed: sessions would be cancelled or moved; run again with --yes",
              file=sys.stderr)  # fmt: skip
        return 1
    if diff.promoted:
        # Their DMs wait in the outbox like the notices: the running bot sends them.
        from bot.agenda import AgendaCache
        from bot.notices import promotion_notices
        from bot.outgoing import queue

        def lang_for(user_id: str) -> str:  # no Slack here to ask for a locale
            return (store.user(user_id) or {}).get("lang") or settings.lang

        agenda = AgendaCache(store, settings.tz).current()
        queue(store, promotion_notices(agenda, diff.promoted, lang_for))
        print(f"promoted from waitlists: {len(diff.promoted)} (DMs queued)")
    return 0


def cmd_export_registrations(settings: Settings, args) -> int:
    from bot.store import Store

    store = Store(settings.db_path)
    store.migrate()
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["session_id", "user_id", "status", "registered_at"])
    session = args.session.lower() if args.session else None
    for row in store.export_registrations(session):
        when = datetime.fromtimestamp(row["registered_at"], UTC).isoformat(timespec="seconds")
        writer.writerow([row["session_id"], row["user_id"], row["status"], when])
    return 0


def cmd_backup(settings: Settings, args) -> int:
    from pathlib import Path

    from bot.store import Store

    if not Path(settings.db_path).exists():
        print(f"summit-bot backup: no database at {settings.db_path} (SUMMIT_DB)", file=sys.stderr)
        return 1
    size = Store(settings.db_path).backup(args.file)
    print(f"backed up {settings.db_path} to {args.file} ({size:,} bytes)")
    return 0
