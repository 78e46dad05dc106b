"""Any slash-command text (any Unicode but lone surrogates, up to Slack's 4,000 characters),
from any channel or user name, through the served app's signed path: a 200 ack, then a reply
on the response_url that is never the generic error."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.i18n import t
from bot.listeners.commands.router import BY_WORD
from tests.support.slash import post, replies_to, slash

ANY_CHAR = st.characters(blacklist_categories=("Cs",))  # the form is UTF-8: no lone surrogates
ANY_TEXT = st.text(ANY_CHAR, max_size=4000)
# A known subcommand (or its alias) and anything after it, so handlers see odd arguments too.
COMMANDS = st.tuples(st.sampled_from(sorted(BY_WORD)), st.sampled_from([" ", "\u3000", "\n"]),
                     st.text(ANY_CHAR, max_size=300)).map("".join)  # fmt: skip
NAMES = st.text(ANY_CHAR, max_size=80)
ERRORS = {t("en", "error"), t("ko", "error")}


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(text=st.one_of(ANY_TEXT, COMMANDS), channel=NAMES, user=NAMES)
def test_any_text_gets_an_ack_and_a_real_reply(served, slack, text, channel, user):
    url = slack.new_response_url(user="U_ANY")
    body = slash("U_ANY", text, url, channel_name=channel, user_name=user)
    status, _ = post(served, body)
    assert status == 200
    replies = replies_to(slack, url)
    assert replies, f"no reply to {text[:60]!r}"
    for reply in replies:
        assert reply.text not in ERRORS and not any(e in reply.render() for e in ERRORS)
