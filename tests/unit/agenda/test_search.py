"""Search rules (bot/agenda/search.py) on the shipped agenda: aliases, 초성, short words,
substrings, "did you mean", and that no text makes search raise."""

from __future__ import annotations

import csv
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.agenda.search import (
    DEFAULT_ALIASES,
    EMPTY,
    AliasError,
    Aliases,
    SearchText,
    Vocabulary,
    read_aliases,
    select,
    shipped_aliases,
)
from bot.listeners.commands import run_command
from bot.slack_text import render_text
from bot.views.sessions import SeatView, schedule_message

# Every product and technology name the shipped agenda mentions; each needs a Korean spelling.
PRODUCTS = [
    "Graviton", "EC2", "Nitro", "EKS", "Kubernetes", "SageMaker", "Redshift", "Kendra",
    "OpenTelemetry", "CodeCatalyst", "CodeWhisperer", "DynamoDB", "RDS", "QuickSight",
    "MediaPackage", "IoT FleetWise", "Ground Station", "Control Tower", "Amazon Connect",
    "Direct Connect", "WorkSpaces", "S3", "IAM", "Marketplace", "Neptune", "Elastic",
    "OpenShift", "ROSA", "Red Hat", "Kafka", "Confluent", "MongoDB", "Atlas", "Datadog",
    "Snowflake", "Databricks", "NetApp", "HashiCorp", "KINX", "CloudHub", "Sendbird", "JANDI",
    "Oracle", "Surffy", "Iruda", "IPTV", "lakehouse", "serverless", "microservices",
    "observability", "MLOps", "DevOps", "NoSQL", "SaaS", "IoT", "AI", "ML",
]  # fmt: skip


@pytest.fixture
def agenda(summit):
    return summit.agenda()


def ids(sessions) -> set[str]:
    return {s.id for s in sessions}


@dataclass
class Doc:
    """Anything with a `searchable` searches like a session."""

    searchable: SearchText


def doc(*fields: str) -> Doc:
    return Doc(SearchText.of(fields))


# -- aliases ---------------------------------------------------------------------------


def test_korean_spelling_finds_the_graviton_talks(agenda):
    found = ids(agenda.search(["그래비톤"]))
    assert {"d2-1720-g101", "d2-1630-a203"} <= found
    assert found == ids(agenda.search(["Graviton"]))


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("쿠버네티스", {"d1-1630-a201", "d2-1110-g104", "d2-1310-a203"}),
        ("세이지메이커", {"d2-1310-g104", "d2-1720-g104"}),
        ("넵튠", {"d2-1520-a203"}),
        ("일래스틱", {"d2-1520-a203"}),
        ("엘라스틱", {"d2-1520-a203"}),
        ("이케이에스", {"d2-1110-g104", "d2-1310-a203"}),
        ("k8s", {"d1-1630-a201", "d2-1110-g104", "d2-1310-a203"}),
        ("세이지메이커로", {"d2-1310-g104", "d2-1720-g104"}),  # a particle after the name
    ],
)
def test_alias_finds_the_product(agenda, word, expected):
    assert ids(agenda.search([word])) == expected


def test_every_product_has_a_korean_spelling():
    terms = set(_table())
    missing = [p for p in PRODUCTS if p.casefold() not in terms]
    assert not missing
    assert all(any(not a.isascii() for a in group) for group in _table().values())


def test_every_term_in_the_table_is_in_the_agenda(agenda):
    texts = [s.searchable.text for s in agenda.active]
    absent = [term for term in _table() if not any(term in text for text in texts)]
    assert not absent


def test_every_alias_finds_what_its_term_finds(agenda):
    for term, group in _table().items():
        by_term = ids(agenda.search([term]))  # the whole phrase
        assert by_term, term
        for alias in group:
            assert by_term <= ids(agenda.search([alias])), (alias, term)


def test_the_name_finds_talks_that_write_it_in_korean():
    korean, latin = doc("AWS 그래비톤으로 비용 절감"), doc("Graviton3 in practice")
    assert select([korean, latin], ["Graviton"]) == [korean, latin]
    assert select([korean, latin], ["그라비톤"]) == [korean, latin]


def _table() -> dict[str, list[str]]:
    """The shipped table as term → aliases, casefolded."""
    table: dict[str, list[str]] = {}
    with DEFAULT_ALIASES.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            table.setdefault(row["term"].casefold(), []).append(row["alias"].casefold())
    return table


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("name,value\nx,y\n", ":1: the header must name the columns alias,term"),
        ("alias,term\n그래비톤,Graviton\n,Lambda\n", ":3: both alias and term are needed"),
        ("alias,term\n세이지 메이커,SageMaker\n", ":2: alias '세이지 메이커' must be one word"),
    ],
)
def test_an_unusable_alias_row_is_named(tmp_path, body, problem):
    path = tmp_path / "aliases.csv"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(AliasError, match=problem):
        read_aliases(path)


def test_an_organiser_table_extends_search(tmp_path):
    path = tmp_path / "aliases.csv"
    path.write_text("alias,term\n람다,Lambda\n", encoding="utf-8")
    aliases = read_aliases(path)
    talk = doc("Serverless with AWS Lambda")
    assert select([talk], ["람다"], aliases) == [talk]
    assert select([talk], ["람다"], Aliases({})) == []


# -- 초성 ---------------------------------------------------------------------------------


def test_initial_consonants_find_microservices(agenda):
    assert ids(agenda.search(["ㅁㅇㅋㄹㅅㅂㅅ"])) == {"d1-1310-g104", "d2-1520-a202"}
    assert ids(agenda.search(["ㄷㅈㅇㅍㅌ"])) == {"d2-1520-a202"}  # 디자인 패턴: space ignored


def test_initial_consonants_do_not_cross_latin_words():
    assert select([doc("마이크로 AWS 서비스")], ["ㅁㅇㅋㄹㅅㅂㅅ"]) == []
    assert select([doc("마이크로 서비스")], ["ㅁㅇㅋㄹㅅㅂㅅ"]) != []


# -- short Latin words and substrings --------------------------------------------------


@pytest.mark.parametrize(
    ("word", "text", "found"),
    [
        ("AI", "AI", True),
        ("AI", "AI/ML services", True),
        ("AI", "KB의 통합 음성 AI서비스", True),
        ("AI", "GenerativeAI 이루다", True),
        ("AI", "containers", False),
        ("AI", "email", False),
        ("AI", "Airline", False),
        ("ML", "MLOps", True),
        ("ml", "html", False),
        ("EC2", "Amazon EC2 알아보기", True),
        ("EC", "EC2", True),
        ("DB", "DynamoDB", True),
        ("IoT", "IoT FleetWise", True),
        ("5G", "이음 5G 특화망", True),
        ("ops", "DevOps", True),
    ],
)
def test_short_words_match_at_word_boundaries(word, text, found):
    assert bool(select([doc(text)], [word], Aliases({}))) is found


def test_ai_does_not_find_the_eks_talk_through_containers(agenda):
    found = ids(agenda.search(["AI"]))
    assert "d2-1110-g104" not in found  # tags: containers
    assert {"d1-1720-aud", "d2-1520-aud", "d1-1110-g101"} <= found  # GenerativeAI, AI/ML, AI서비스


def test_long_words_and_korean_stay_substrings(agenda):
    assert ids(agenda.search(["패턴"])) == {"d2-1520-a202"}
    assert select([doc("디자인패턴")], ["패턴"]) != []
    assert select([doc("containers")], ["tain"]) != []
    assert ids(agenda.search(["EKS", "카오스"])) == {"d2-1310-a203"}


def test_a_many_spelling_word_narrows_any_pool_of_the_snapshot(agenda):
    day2 = [s for s in agenda.active if s.day.day == 4]
    cold = ids(agenda.search(["쿠버네티스"], day2))
    assert cold == ids(agenda.search(["쿠버네티스"], day2)) == {"d2-1110-g104", "d2-1310-a203"}
    assert ids(agenda.search(["쿠버네티스"])) == cold | {"d1-1630-a201"}
    assert agenda.search(["쿠버네티스"], []) == []


def test_no_words_keep_every_session(agenda):
    assert agenda.search([]) == agenda.active
    assert agenda.search(["", "  "]) == agenda.active
    assert select([Doc(EMPTY)], ["x"]) == []


# -- did you mean ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "first"),
    [
        (["kubernets"], "Kubernetes"),
        (["그래비턴"], "그래비톤"),
        (["세이지매이커"], "세이지메이커"),
        (["EKS", "kubernets"], "EKS Kubernetes"),
        (["observabilityandbeyond"], "To observability and beyond"),  # no close word: a title
        (["카카오글로벌채팅서비스"], "천만 사용자를 위한 카카오의 AWS Native 글로벌 채팅 서비스"),
    ],
)
def test_a_typo_gets_a_suggestion_that_finds_something(agenda, words, first):
    suggestions = agenda.suggest(words)
    assert suggestions[0] == first
    assert all(agenda.search(s.split()) for s in suggestions)


def test_spellings_of_one_name_are_suggested_once(agenda):
    assert agenda.suggest(["그래비턴"]) == ["그래비톤"]


def test_no_suggestion_when_every_word_finds_something_or_nothing_is_close(agenda):
    assert agenda.suggest(["Graviton", "카오스"]) == []
    assert agenda.suggest(["zzqqxxj"]) == []
    assert agenda.suggest([]) == []


def test_the_no_results_reply_says_did_you_mean(summit):
    reply = run_command(summit, "U1", "schedule kubernets")
    message = reply.messages()[0]
    assert "Did you mean: `Kubernetes`" in render_text(message["blocks"], message["text"])


@pytest.mark.parametrize(
    ("lang", "wording"), [("ko", "혹시 이걸 찾으셨나요?"), ("en", "Did you mean:")]
)
def test_suggestions_are_escaped_in_both_languages(clock, lang, wording):
    message = schedule_message([], title="x", lang=lang, now=clock.now(), seats=SeatView(),
                               suggestions=["<b>`A&B`", "그래비톤"])  # fmt: skip
    shown = render_text(message["blocks"], message["text"])
    assert f"{wording} `<b>A&B` · `그래비톤`" in shown
    assert "&lt;b&gt;A&amp;B" in str(message["blocks"])


def test_no_suggestions_no_line(clock):
    message = schedule_message([], title="x", lang="en", now=clock.now(), seats=SeatView())
    assert "Did you mean" not in render_text(message["blocks"], message["text"])


# -- robustness ------------------------------------------------------------------------

VOCABULARY = Vocabulary.of(["Amazon EKS, 중요한 건 꺾이지 않는 안정성"], ["EKS", "컨테이너"])


@settings(max_examples=200, deadline=None)
@given(fields=st.lists(st.text(), max_size=4), words=st.lists(st.text(), max_size=4))
def test_search_never_raises_on_any_text(fields, words):
    docs = [doc(*fields), Doc(EMPTY)]
    found = select(docs, words, shipped_aliases())
    assert all(d in docs for d in found)
    for suggestion in VOCABULARY.suggest(words, docs):
        assert select(docs, suggestion.split(), shipped_aliases())
