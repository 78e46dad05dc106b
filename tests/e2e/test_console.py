"""`summit-bot console`: the real app in a terminal, replies rendered as text."""

import io

from bot.devtools.console import run_console


def test_console_runs_commands_as_users(settings):
    script = "\n".join(
        [
            ":time 2023-05-04 15:00",
            "/summit schedule 디자인 패턴",
            "/summit register d2-1520-a202",
            ":user U2",
            "/summit my",
            "/summit nonsense",
            "hello",
            ":time not-a-time",
            ":quit",
            "/summit help",  # after :quit: never run
        ]
    )
    out = io.StringIO()
    assert run_console(settings, user_id="U1", stdin=io.StringIO(script), stdout=out) == 0
    shown = out.getvalue()
    assert "conference clock: 2023-05-04 15:00" in shown
    assert "Cloud-native microservice architecture through 12 design patterns" in shown
    assert "You're registered for" in shown
    assert "now acting as U2" in shown
    assert "You haven't registered for anything yet" in shown
    assert "I don't know the command `nonsense`" in shown
    assert "type /summit" in shown
    assert "usage: :time" in shown
    assert shown.count("How to use `/summit`") == 1  # the unknown command's usage only
