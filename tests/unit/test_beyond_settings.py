"""SUMMIT_PUBLIC_URL and SUMMIT_DIGEST_TIME as the environment gives them."""

from datetime import time

import pytest

from bot.settings import Settings, SettingsError


def test_public_url_and_digest_time_defaults_and_values():
    default = Settings.from_env({})
    assert (default.public_url, default.digest_time) == (None, time(8, 30))
    given = Settings.from_env({"SUMMIT_PUBLIC_URL": "https://bot.example/summit/",
                               "SUMMIT_DIGEST_TIME": "07:45"})  # fmt: skip
    assert (given.public_url, given.digest_time) == ("https://bot.example/summit", time(7, 45))


@pytest.mark.parametrize(("name", "value", "says"), [
    ("SUMMIT_DIGEST_TIME", "25:00", "SUMMIT_DIGEST_TIME: expected HH:MM"),
    ("SUMMIT_DIGEST_TIME", "8.30", "SUMMIT_DIGEST_TIME: expected HH:MM"),
    ("SUMMIT_PUBLIC_URL", "ftp://bot.example", "SUMMIT_PUBLIC_URL: expected an http(s)://"),
    ("SUMMIT_PUBLIC_URL", "bot.example", "SUMMIT_PUBLIC_URL: expected an http(s)://"),
])  # fmt: skip
def test_bad_values_name_the_variable(name, value, says):
    with pytest.raises(SettingsError, match=says.replace("(", r"\(").replace(")", r"\)")):
        Settings.from_env({name: value})
