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
    from bot.server import HttpServer, build_runtime, wsgi_app

    runtime = build_runtime(settings)
    log = logging.getLogger("summit-bot")
    try:
        identity = runtime.summit.client.auth_test()
        runtime.summit.health["slack"] = "ok"
        log.info("connected to Slack as %s in %s", identity.get("user"), identity.get("team"))
    except Exception as exc:  # serving still answers /healthz and tells the operator
        runtime.summit.health["slack"] = f"error: {exc}"
        log.error("auth.test failed: %s", exc)
    runtime.check_channels()
    runtime.scheduler.start()
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    http = HttpServer(wsgi_app(runtime, with_slack=not settings.socket_mode), settings.port)
    http.start()
    socket_handler = None
    if settings.socket_mode:
        from slack_bolt.adapter.socket_mode import SocketModeHandler

        socket_handler = SocketModeHandler(runtime.app, settings.app_token)
        socket_handler.connect()
        log.info("Socket Mode connected; /healthz on port %d", http.port)
    else:
        log.info("listening on port %d (POST /slack/events, GET /healthz)", http.port)
    stop.wait()
    log.info("stopping")
    if socket_handler:
        socket_handler.close()
    http.stop()
    runtime.stop()
    return 0


def cmd_console(settings: Settings, args) -> int:
    from bot.console import run_console

    return run_console(settings, user_id=args.user)


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
    from bot import notices
    from bot.agenda_file import read_agenda
    from bot.clock import Clock
    from bot.store import Store

    agenda = read_agenda(args.file, settings.tz)
    for line in agenda.warnings + agenda.problems:
        print(line, file=sys.stderr)
    if not agenda.ok:
        print(f"{args.file}: not loaded ({len(agenda.problems)} problems)", file=sys.stderr)
        return 1
    store = Store(settings.db_path)
    store.migrate()
    preview = store.apply_agenda(agenda.rows, cancel_missing=True, dry_run=True)
    risky = preview.cancelled or preview.moved
    # The conference clock (SUMMIT_CLOCK in a rehearsal) dates the notices it queues.
    now = Clock(settings.tz, settings.clock_start, settings.clock_speed).now()
    diff = (
        preview
        if risky and not args.yes
        else notices.apply_agenda(store, agenda.rows, cancel_missing=True, now=now)
    )
    print(f"added {len(diff.added)}, changed {len(diff.changed)}, cancelled {len(diff.cancelled)}")
    for label, ids in (("moved", diff.moved), ("cancelled", diff.cancelled)):
        if ids:
            print(f"{label}: {', '.join(ids)}")
    if risky and args.yes:
        print("DMs to the registrants of moved and cancelled sessions are queued; the running "
              "bot sends them")  # fmt: skip
    if risky and not args.yes:
        print("nothing changed: sessions would be cancelled or moved; run again with --yes",
              file=sys.stderr)  # fmt: skip
        return 1
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
