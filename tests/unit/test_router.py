"""The /summit router's table: every subcommand has a Korean word, words are folded the way
people type them, and near misses find what they meant."""

import pytest

from bot.listeners.commands.router import BY_WORD, SUBCOMMANDS, command_word, suggestion

CONTRACT_ALIASES = {"일정": "schedule", "보기": "show", "등록": "register", "취소": "unregister",
                    "내일정": "my", "알림": "remind", "메모": "note", "후기": "recap",
                    "달력": "ics", "언어": "lang", "도움말": "help", "잊기": "forget",
                    "삭제": "forget", "관리": "admin"}  # fmt: skip


def hangul(word: str) -> bool:
    return any("\uac00" <= c <= "\ud7a3" for c in word)


@pytest.mark.parametrize("command", SUBCOMMANDS, ids=lambda c: c.name)
def test_every_subcommand_has_a_korean_alias(command):
    assert any(hangul(word) for word in command.aliases)


@pytest.mark.parametrize(("alias", "name"), CONTRACT_ALIASES.items())
def test_the_aliases_people_are_told_about(alias, name):
    assert BY_WORD[alias].name == name


@pytest.mark.parametrize(("typed", "word"),
                         [("SCHEDULE", "schedule"), ("ｓｃｈｅｄｕｌｅ", "schedule"),
                          ("일정", "일정")])
def test_command_words_are_folded(typed, word):
    assert command_word(typed) == word


@pytest.mark.parametrize(("typed", "meant"),
                         [("schedlue", "schedule"), ("regsiter", "register"), ("일졍", "일정"),
                          ("등룩", "등록"), ("remidn", "remind"), ("forgt", "forget")])
def test_near_misses(typed, meant):
    assert suggestion(typed) == meant


@pytest.mark.parametrize("typed", ["xyzzy", "hello", "안녕하세요", "payload"])
def test_far_misses_suggest_nothing(typed):
    assert suggestion(typed) is None
