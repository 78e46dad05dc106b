"""Assertion helpers shared by tests."""

import re

# Anything in angle brackets Slack would act on, except the bot's own date tokens.
SLACK_MARKUP = re.compile(r"<(?!!date\^)[^>]*>")


def parsed_texts(node) -> list[str]:
    """Every text Slack parses for mentions and links: mrkdwn objects and the fallback
    `text` (plain_text is shown as is and pings no one)."""
    if isinstance(node, list):
        return [t for item in node for t in parsed_texts(item)]
    if not isinstance(node, dict):
        return []
    text = node.get("text")
    found = [text] if node.get("type") in (None, "mrkdwn") and isinstance(text, str) else []
    return found + [t for value in node.values() for t in parsed_texts(value)]


def pings(payload) -> bool:
    """Would Slack turn anything in this payload into a mention or a link?"""
    return any(SLACK_MARKUP.search(text) for text in parsed_texts(payload))
