"""The 2023 Day-2 recap an attendee wrote, reproduced by living the day through the real app
on the rehearsal clock: the keynote, the EC2 talk with the Graviton figures, lunch, a talk in the
Expo hall instead of the storage talk (a DM with a photo, moved to "somewhere else"), the
RDS migration talk, and the Neptune/Elastic talk instead of the microservices talk. The
Markdown file uploaded into the DM and the Slack draft are compared with golden files."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest

from bot.devtools.blockkit import message_problems
from bot.views import ids
from tests.support.markup import parsed_texts
from tests.support.slack_user import dm, elements, photo, select

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
REGISTERED = ("d2-0930-key", "d2-1110-hb", "d2-1310-hb", "d2-1420-hb", "d2-1520-a202")
STORAGE, RDS, MICROSERVICES, NEPTUNE = "d2-1310-hb", "d2-1420-hb", "d2-1520-a202", "d2-1520-a203"

DAY = {
    "ko": {
        "keynote": "기조연설: 생성형 AI와 클라우드의 다음 10년. 고객 사례 세 가지 🚀",
        "ec2": "Graviton3 전환 사례: API 지연 −44%, 인스턴스 비용 −15%\n- 7세대 인스턴스 & 스팟",
        "expo": "엑스포 부스에서 AWS 클라우드 기초 강연 들음: EC2, RDS, VPC, 리전",
        "lunch": "@점심 도시락 먹고 부스를 돌며 에코백·스티커 수집 🎒",
        "rds": "RDS 마이그레이션: DMS로 최소 중단, 스키마 변환은 SCT, 파라미터 그룹부터 점검",
        "neptune": "Neptune 그래프로 추천, Elastic으로 검색. 마이크로서비스 세션은 앞부분만 들음",
    },
    "en": {
        "keynote": "Keynote: generative AI and the next ten years of cloud. "
                   "Three customer stories 🚀",
        "ec2": "Graviton3 migration: API latency −44%, instance cost −15%\n"
               "- 7th-gen instances & Spot",
        "expo": "AWS cloud basics talk at an Expo booth: EC2, RDS, VPC, Regions",
        "lunch": "@Lunch boxed lunch, then the booths: tote bags and stickers 🎒",
        "rds": "RDS migration: DMS for minimal downtime, SCT for schemas, check parameter groups",
        "neptune": "Neptune graphs for recommendations, Elastic for search. "
                   "Caught only the start of the microservices talk",
    },
}


def at(settings, hh: int, mm: int) -> datetime:
    return datetime(2023, 5, 4, hh, mm, tzinfo=settings.tz)


def one(replies):
    assert len(replies) == 1, [r.render() for r in replies]
    return replies[0]


def check_golden(name: str, got: str) -> None:
    path = GOLDEN / name
    if os.environ.get("SUMMIT_REGEN_GOLDEN"):
        path.write_text(got, encoding="utf-8")
    assert got == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_day_two_lived_through_the_app_gives_the_attendees_recap(local, slack, clock, settings,
                                                                  runtime, lang):  # fmt: skip
    texts, user, store = DAY[lang], "U1", runtime.summit.store
    clock.set(at(settings, 8, 30))
    one(local.command(user, f"lang {lang}"))
    for sid in REGISTERED:
        local.command(user, f"register {sid}")
    assert {r["session_id"] for r in store.user_registrations(user)} == set(REGISTERED)

    clock.set(at(settings, 10, 0))  # placed by the clock: the keynote is running
    one(local.command(user, f"note {texts['keynote']}"))
    clock.set(at(settings, 11, 30))
    one(local.command(user, f"note {texts['ec2']}"))

    clock.set(at(settings, 12, 10))  # lunch: an off-agenda moment by its label
    one(local.command(user, f"note {texts['lunch']}"))

    # 13:30, in the Expo hall: a DM with a photo. The clock puts it on the storage talk the
    # attendee registered for; they move it to "somewhere else: Expo".
    clock.set(at(settings, 13, 30))
    reply = dm(local, slack, user, texts["expo"], files=[photo("F0EXPO1")])
    assert "📷" in reply.render() and "expo-talk.jpg" in reply.render()
    move = next(e for e in elements(reply) if e["action_id"].startswith(ids.NOTE_MOVE + ":"))
    picker = one(local.click(user, move["action_id"], move["value"]))
    menu = next(e for e in elements(picker) if e["action_id"] == ids.NOTE_ELSEWHERE)
    expo = next(o["value"] for o in menu["options"] if o["value"].endswith(":expo"))
    moved = one(select(local, slack, user, ids.NOTE_ELSEWHERE, expo))
    assert ("📍 *엑스포*" if lang == "ko" else "📍 *Expo*") in moved.text + str(moved.blocks)

    clock.set(at(settings, 14, 35))
    one(local.command(user, f"note {texts['rds']}"))
    clock.set(at(settings, 15, 40))
    one(local.command(user, f"note {NEPTUNE} {texts['neptune']}"))

    rows = store.user_notes(user)
    assert [r["session_id"] for r in rows] == ["d2-0930-key", "d2-1110-hb", None, None, RDS,
                                               NEPTUNE]  # fmt: skip
    assert rows[2]["label"] == ("점심" if lang == "ko" else "Lunch")
    assert rows[3]["label"] == ("엑스포" if lang == "ko" else "Expo")
    assert "F0EXPO1" in rows[3]["files"] and rows[3]["source"] == "dm"

    clock.set(at(settings, 19, 0))
    draft = local.command(user, "recap day2", expect=1, settle=0.3)
    for payload in draft:
        message = {"text": payload.text, "blocks": payload.blocks}
        assert message_problems(message) == []
        # the photo is a link (to Slack's own permalink); nothing pings anyone
        assert not any("<!" in x or "<@" in x for x in parsed_texts(message))
    shown = "\n".join(p.render() for p in draft)
    [upload] = slack.wait_for(lambda m: m.kind == "file" and m.user == user)
    markdown = upload.content.decode("utf-8")
    assert "−44%" in markdown and "−15%" in markdown
    check_golden(f"recap_day2_lived.{lang}.md", markdown)
    check_golden(f"recap_day2_lived.{lang}.slack.txt", shown + "\n")
    assert slack.rejected == []
