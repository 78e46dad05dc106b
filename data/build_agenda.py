"""Build data/agenda.csv from the AWS Summit Seoul 2023 reference table.

The reference (`data/reference/aws-summit-seoul-2023.csv`, kept in the repository) holds
the 92 sessions of AWS's official one-page agenda ("강연 한눈에 보기", April 2023 version) plus
research notes. This script turns it into the bot's agenda format (see the "Agenda CSV" section
of the contract and data/README.md):

    id,date,start,end,title,title_en,track,room,level,speakers,capacity,tags,kind,description,
    curation_note

Everything that is not a mechanical copy of the reference is spelled out in the tables below:
room codes and estimated capacities, confirmed speakers, search tags, what attendees read
(`description`) and the curator's notes on sources (`curation_note`, never shown).
Stdlib only. Usage (from the repo root):

    python data/build_agenda.py [REFERENCE_CSV] [-o OUTPUT_CSV]
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_REFERENCE = REPO_ROOT / "data" / "reference" / "aws-summit-seoul-2023.csv"
DEFAULT_OUTPUT = REPO_ROOT / "data" / "agenda.csv"

COLUMNS = [
    "id", "date", "start", "end", "title", "title_en", "track", "room", "level",
    "speakers", "capacity", "tags", "kind", "description", "curation_note",
]  # fmt: skip

EXPECTED_ROWS = {"2023-05-03": 43, "2023-05-04": 49}
ID_RE = re.compile(r"^[a-z0-9-]{1,12}$")
# How notes about sources read; attendees are not told where the curator found things.
CURATION_WORDING = re.compile(
    r"reported|reportedly|attendee|agenda grid|agenda page|listed|not announced|as delivered",
    re.IGNORECASE,
)
MAX_TAGS = 8

# room_en in the reference -> (id code, Korean short name, English name, estimated capacity).
# Capacities are estimates by room size: in 2023 every room was first-come, no seat counts.
ROOMS: dict[str, tuple[str, str, str, int]] = {
    "Harmony Ballroom (InterContinental COEX)": ("hb", "하모니볼룸", "Harmony Ballroom", 600),
    "Auditorium": ("aud", "오디토리움", "Auditorium", 1000),
    "Grand Ballroom 101+102": ("g101", "그랜드볼룸 101+102", "Grand Ballroom 101+102", 500),
    "Grand Ballroom 103": ("g103", "그랜드볼룸 103", "Grand Ballroom 103", 250),
    "Grand Ballroom 104+105": ("g104", "그랜드볼룸 104+105", "Grand Ballroom 104+105", 500),
    "ASEM Ballroom 201+202": ("a201", "아셈볼룸 201+202", "ASEM Ballroom 201+202", 400),
    "ASEM Ballroom 201": ("a201", "아셈볼룸 201", "ASEM Ballroom 201", 200),
    "ASEM Ballroom 202": ("a202", "아셈볼룸 202", "ASEM Ballroom 202", 200),
    "ASEM Ballroom 203": ("a203", "아셈볼룸 203", "ASEM Ballroom 203", 150),
}

# The agenda grid is the April 2023 version; this title was delivered differently.
TITLE_OVERRIDES: dict[str, tuple[str, str]] = {
    "d2-1110-hb": (
        "가격은 저렴, 성능은 최대로! 확 달라진 Amazon EC2 알아보기",
        "Lower price, maximum performance! The all-new Amazon EC2",
    ),
}

# Only speakers the reference gives with a source and without a hedge ("Likely", "Possibly",
# "inferred", a blog author...). One entry per person; no ';' inside an entry.
CONFIRMED_SPEAKERS: dict[str, list[str]] = {
    "d2-1110-a201": [
        "경태훈 (Solutions Architect, AWS)",
        "마상범 (Solutions Architect, AWS)",
    ],
    "d2-1310-a202": [
        "이혁 (DynamoDB Solutions Architect, AWS)",
        "김정훈 (Database Engineer, 삼성전자 / Samsung Electronics)",
    ],
    "d2-1420-a201": [
        "김정훈 전무 (Regional SE Manager, 하시코프코리아 / HashiCorp Korea)",
    ],
    "d2-1520-g103": [
        "박진우 (Solutions Architect, AWS)",
        "김성일 (WWSO Solutions Architect, AWS)",
    ],
    "d2-1630-a203": [
        "이윤원 이사 (Head of Infrastructure Engineering, Sendbird)",
        "차상윤 실장 (Lead Product Manager, Sendbird)",
    ],
    "d2-1720-a202": [
        "김성민 (Solutions Architect, AWS)",
    ],
    "d2-1720-a203": [
        "이상현 / Kurt Lee (AWS Serverless Hero, CEO of Mirror)",
    ],
}
HEDGES = ("likely", "possibly", "inferred", "presented by", "per s")

# What attendees read under a session, in Korean and English alike (the bot shows the same
# text to both): only links to the talk's own material. Nothing about sources or the grid.
DESCRIPTIONS: dict[str, str] = {
    "d2-1310-hb": "영상 (Video): https://www.youtube.com/watch?v=4FZysarv7KY",
    "d2-1520-a202": (
        "발표 자료 (Slides): https://www.slideshare.net/awskorea/aws-summit-seoul-2023-12 · "
        "영상 (Video): https://www.youtube.com/watch?v=8OFTB57G9IU"
    ),
}

# The curator's notes from the reference: where a fact comes from, what the grid leaves out,
# what attendees reported. Kept with the session for whoever edits the agenda; never shown.
CURATION_NOTES: dict[str, str] = {
    "d1-0930-key": "Day 1 keynote. Room and speakers are not listed in the agenda grid.",
    "d2-0930-key": (
        "Day 2 keynote. Room not listed in the agenda grid. An attendee account reports "
        "interviews with the Amazon CTO and the AWS VP of serverless compute, and a panel "
        "including the CTO of Flitto and 송주영 (연구위원, LG U+)."
    ),
    "d2-1110-hb": (
        "Title as delivered. The April 2023 agenda grid listed it as "
        "'가격은 절반, 성능은 두 배 확 달라진 Amazon EC2 알아보기'. "
        "Attendee notes: covers Nitro, new instance types and a Samsung Electronics "
        "Graviton3 case."
    ),
    "d2-1310-hb": "Recording reportedly at the linked video.",
    "d2-1420-aud": (
        "The agenda grid only says '스폰서세션' (sponsor session): title and company not announced."
    ),
    "d2-1520-a202": "Reported full almost at once in 2023 (attendee recap).",
    "d2-1630-a203": (
        "Listed on AWS's agenda page as "
        "'글로벌 대화형 서비스 개발 플랫폼 Sendbird가 AWS와 함께한 빌드 여정'. "
        "Attendee notes report savings from moving to Graviton (their figures differ)."
    ),
}

# Search keywords derived from each title (English and Korean). `partner` and `community`
# are added from session_type; the sponsor placeholder gets its own.
TAGS: dict[str, str] = {
    # Day 1 (industry tracks)
    "d1-0930-key": "keynote",
    "d1-1110-hb": "Kakao;카카오;chat;채팅;cloud native;클라우드 네이티브;global",
    "d1-1110-aud": "observability;관측성;monitoring;모니터링;global",
    "d1-1110-g101": "KB;AI;voice;음성;callbot;콜봇;hybrid cloud;하이브리드",
    "d1-1110-g103": "advertising;광고;DOOH;옥외광고;media;미디어",
    "d1-1110-g104": "GS Retail;GS리테일;retail;리테일;modernization;현대화",
    "d1-1110-a201": "HPC;Samsung;삼성전자;cloud bursting;클라우드 버스팅",
    "d1-1110-a203": "policy;정책;public sector;공공;panel;대담",
    "d1-1310-hb": "database;데이터베이스;Samsung;삼성전자;Coupang;쿠팡;traffic;트래픽",
    "d1-1310-aud": "digital collectibles;디지털 콜렉터블;fandom;팬덤;artist;아티스트;IP",
    "d1-1310-g101": "organization;조직;culture;문화;agile;애자일;hybrid cloud;하이브리드",
    "d1-1310-g103": "music;음원;streaming;스트리밍;all-in",
    "d1-1310-g104": (
        "microservices;마이크로서비스;e-commerce;이커머스;managed services;Marketplace;마켓플레이스"
    ),
    "d1-1310-a201": "Redshift;serverless;서버리스;analytics;데이터 분석;LG Innotek;LG이노텍",
    "d1-1310-a203": "regional;지역;industry ecosystem;산업 생태계;public sector;공공",
    "d1-1420-hb": "Shinhan Bank;신한은행;finance;금융;developer platform;개발 플랫폼",
    "d1-1420-aud": "Amazon Connect;contact center;컨택센터;콜센터;migration;마이그레이션",
    "d1-1420-g101": "SK Shieldus;SK쉴더스;security;보안;perimeter security;경계보안",
    "d1-1420-g103": "monitoring;모니터링;cost;비용 절감;quality;품질",
    "d1-1420-g104": "JANDI;잔디;collaboration;협업;digital transformation;디지털 트랜스포메이션",
    "d1-1420-a201": "SK;migration;마이그레이션;modernization;현대화",
    "d1-1420-a203": "modernization;현대화;security;보안;application",
    "d1-1520-hb": "startup;스타트업;operations;운영;reliability;안정성",
    "d1-1520-aud": "super app;슈퍼앱;innovation;혁신;platform",
    "d1-1520-g101": "Toss;토스증권;MTS;trading;증권;fintech;핀테크",
    "d1-1520-g103": "LG U+;LG유플러스;IPTV;migration;마이그레이션;zero downtime;무중단",
    "d1-1520-g104": "Kyobo;교보문고;digital transformation;디지털 혁신;retail",
    "d1-1520-a201": "HL Mando;만도;IoT FleetWise;IoT;connected mobility;모빌리티;automotive",
    "d1-1520-a203": "Ground Station;satellite;인공위성;AI;인공지능;aerospace;우주",
    "d1-1630-hb": "personalization;초개인화;marketing;마케팅;retail;리테일",
    "d1-1630-aud": "observability;관측성;monitoring;모니터링",
    "d1-1630-g101": "Kyobo;교보정보통신;migration;마이그레이션;finance;금융",
    "d1-1630-g103": "SKT;SK텔레콤;AI;data;데이터;telecom;통신",
    "d1-1630-g104": (
        "Greencar;그린카;car sharing;카쉐어링;business continuity;비즈니스 연속성;mobility"
    ),
    "d1-1630-a201": "ROSA;OpenShift;Red Hat;Kubernetes;operations;운영",
    "d1-1630-a203": "Surffy;traffic management;트래픽;public sector",
    "d1-1720-hb": "SOCAR;쏘카;IoT;data;데이터 분석;analytics;vehicles;차량",
    "d1-1720-aud": "AI;ML;생성형 AI;generative AI;Iruda;이루다;Scatter Lab;스캐터랩",
    "d1-1720-g101": "MLOps;ML;AI;credit scoring;신용평가;PeopleFund;피플펀드;fintech",
    "d1-1720-g103": "KT;5G;private 5G;이음5G;특화망;telecom;통신",
    "d1-1720-g104": "Encar;엔카;migration;마이그레이션;digital transformation;DT",
    "d1-1720-a201": "GS E&R;renewable energy;재생에너지;wind;풍력;forecasting;예측",
    "d1-1720-a203": "data;데이터;healthcare;의료;education;교육;public sector",
    # Day 2 (technical tracks)
    "d2-0930-key": "keynote",
    "d2-1110-hb": "EC2;Graviton;Nitro;instances;인스턴스;compute;컴퓨팅",
    "d2-1110-aud": "data architecture;데이터 아키텍처;modern data;analytics;데이터 분석",
    "d2-1110-g101": "storage;스토리지;S3;performance;성능",
    "d2-1110-g103": "Oracle;오라클;open source;오픈소스;database;데이터베이스;migration",
    "d2-1110-g104": "EKS;Kubernetes;쿠버네티스;containers;컨테이너;stability;안정성",
    "d2-1110-a201": "Kendra;search;검색;AI;ML;enterprise search",
    "d2-1110-a202": "OpenTelemetry;observability;관측성;monitoring;모니터링;tracing",
    "d2-1110-a203": "serverless;서버리스;SaaS;data warehouse;데이터 웨어하우스;startup;스타트업",
    "d2-1310-hb": "storage;스토리지;S3;cost optimization;비용 최적화;cost",
    "d2-1310-aud": "CodeCatalyst;CodeWhisperer;developer;개발자;DevOps;AI",
    "d2-1310-g101": "VDI;virtual desktop;가상 데스크톱;WorkSpaces;end-user computing",
    "d2-1310-g103": "data governance;데이터 거버넌스;data sharing;데이터 공유;governance",
    "d2-1310-g104": "SageMaker;ML;AI;머신러닝;기계학습",
    "d2-1310-a201": "ML;AI;기계학습;머신러닝;call center;콜센터;contact center",
    "d2-1310-a202": (
        "DynamoDB;NoSQL;database;데이터베이스;cost optimization;비용 최적화;Samsung;삼성전자"
    ),
    "d2-1310-a203": (
        "EKS;Kubernetes;chaos engineering;카오스 엔지니어링;data transfer cost;비용 절감"
    ),
    "d2-1420-hb": "RDS;database;데이터베이스;migration;마이그레이션",
    "d2-1420-aud": "sponsor;스폰서",
    "d2-1420-g101": "Control Tower;컨트롤 타워;multi-account;멀티 계정;governance;거버넌스",
    "d2-1420-g103": "Confluent;Kafka;streaming;스트리밍;real-time;실시간",
    "d2-1420-g104": "security;보안;cybersecurity;사이버보안;digital innovation",
    "d2-1420-a201": "HashiCorp;하시코프;deployment;배포;security;보안;operations",
    "d2-1420-a202": "NetApp;storage;스토리지;cost optimization;비용 절감",
    "d2-1420-a203": "content security;콘텐츠 보안;encryption;암호화;MediaPackage;media",
    "d2-1520-hb": "networking;네트워킹;network;네트워크",
    "d2-1520-aud": "AI;ML;AI/ML;machine learning;머신러닝;인공지능",
    "d2-1520-g101": "DR;disaster recovery;재해 복구;multi-region;멀티리전;automation;자동화;cost",
    "d2-1520-g103": "serverless;서버리스;analytics;데이터 분석;data",
    "d2-1520-g104": "supply chain;공급망;Amazon;logistics;물류",
    "d2-1520-a201": "IAM;security;보안;multi-account;멀티 계정;hybrid;하이브리드;identity",
    "d2-1520-a202": (
        "microservices;마이크로서비스;architecture;아키텍처;design patterns;cloud native"
    ),
    "d2-1520-a203": "Neptune;Elastic;recommendation;추천;search;검색;graph",
    "d2-1630-hb": "MongoDB;Atlas;database;데이터베이스;developer",
    "d2-1630-aud": "Datadog;observability;모니터링;serverless;서버리스",
    "d2-1630-g101": "Snowflake;data platform;데이터 플랫폼;data warehouse",
    "d2-1630-g103": "Databricks;lakehouse;레이크하우스;AI;analytics;데이터 분석",
    "d2-1630-g104": "security;보안;cloud security;클라우드 보안",
    "d2-1630-a201": "SaaS;monitoring;모니터링;observability",
    "d2-1630-a202": "KINX;Direct Connect;network;네트워크;hybrid",
    "d2-1630-a203": "Sendbird;샌드버드;chat;채팅;API;Graviton",
    "d2-1720-hb": "ransomware;랜섬웨어;security;보안;threat;위협",
    "d2-1720-aud": "AWS Marketplace;Marketplace;마켓플레이스;subscription;구독",
    "d2-1720-g101": "Graviton;EC2;optimization;최적화;planning;계획문제",
    "d2-1720-g103": "QuickSight;BI;dashboard;대시보드;analytics;데이터 분석;시각화",
    "d2-1720-g104": "SageMaker;no-code;노코드;low-code;로우코드;ML;기계학습;AI",
    "d2-1720-a201": "hybrid cloud;하이브리드 클라우드;hybrid;on-premises;온프레미스",
    "d2-1720-a202": "CDC;data lake;데이터 레이크;real-time;실시간;transactional;streaming",
    "d2-1720-a203": "AI;ML;생성형 AI;embedding;임베딩;serverless;추천",
}


def session_id(row: dict[str, str]) -> str:
    day = row["day"].lower()  # "D1" -> "d1"
    hhmm = row["start"].replace(":", "")
    code = "key" if row["session_type"] == "keynote" else ROOMS[row["room_en"]][0]
    return f"{day}-{hhmm}-{code}"


def kind_of(row: dict[str, str]) -> str:
    session_type = row["session_type"]
    if session_type == "keynote":
        return "keynote"
    if session_type.startswith("sponsor"):
        return "sponsor"
    return "breakout"


def tags_for(sid: str, row: dict[str, str]) -> list[str]:
    tags = TAGS[sid].split(";")
    session_type = row["session_type"]
    if "partner/sponsor" in session_type:
        tags.append("partner")
    if "community" in session_type:
        tags.append("community")
    return tags


def speakers_for(sid: str, row: dict[str, str]) -> list[str]:
    names = CONFIRMED_SPEAKERS.get(sid, [])
    if names:
        source = row["speaker_source"].lower()
        text = row["speakers"].lower()
        if not source or any(h in source or h in text for h in HEDGES):
            raise ValueError(f"{sid}: speakers are not confirmed in the reference")
    return names


def convert(row: dict[str, str]) -> dict[str, str]:
    sid = session_id(row)
    kind = kind_of(row)
    title, title_en = TITLE_OVERRIDES.get(sid, (row["title_ko"], row["title_en_unofficial"]))
    if kind == "keynote":
        room, capacity = "", ""
    else:
        _, room_ko, room_en, seats = ROOMS[row["room_en"]]
        room, capacity = f"{room_ko} ({room_en})", str(seats)
    level = row["level"] if row["level"] not in ("not listed", "n/a") else ""
    return {
        "id": sid,
        "date": row["date"],
        "start": row["start"],
        "end": row["end"],
        "title": title,
        "title_en": title_en,
        "track": f"{row['track_ko']} ({row['track_en']})",
        "room": room,
        "level": level,
        "speakers": ";".join(speakers_for(sid, row)),
        "capacity": capacity,
        "tags": ";".join(tags_for(sid, row)),
        "kind": kind,
        "description": DESCRIPTIONS.get(sid, ""),
        "curation_note": CURATION_NOTES.get(sid, ""),
    }


def check(out: list[dict[str, str]]) -> list[str]:
    """Return every problem found in the converted rows (empty when all is well)."""
    problems = []
    ids = [r["id"] for r in out]
    if len(set(ids)) != len(ids):
        problems.append("duplicate ids")
    for date, expected in EXPECTED_ROWS.items():
        got = sum(r["date"] == date for r in out)
        if got != expected:
            problems.append(f"{date}: {got} sessions, expected {expected}")
    for r in out:
        sid = r["id"]
        if not ID_RE.match(sid):
            problems.append(f"{sid}: bad id")
        if not r["start"] < r["end"]:
            problems.append(f"{sid}: end is not after start")
        tags = r["tags"].split(";")
        if len(tags) > MAX_TAGS:
            problems.append(f"{sid}: {len(tags)} tags")
        if len({t.lower() for t in tags}) != len(tags):
            problems.append(f"{sid}: repeated tag")
        if any("," in t or not t.strip() for t in tags):
            problems.append(f"{sid}: empty tag or ',' in a tag")
    for r in out:
        if CURATION_WORDING.search(r["description"]):
            problems.append(f"{r['id']}: curation wording in description (curation_note's)")
    for table in (TAGS, CONFIRMED_SPEAKERS, DESCRIPTIONS, CURATION_NOTES, TITLE_OVERRIDES):
        for key in set(table) - set(ids):
            problems.append(f"{key}: in a table but not in the reference")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "reference", nargs="?", type=Path, default=DEFAULT_REFERENCE,
        help=f"reference CSV (default: {DEFAULT_REFERENCE})",
    )  # fmt: skip
    parser.add_argument(
        "-o", "--output", type=Path, default=DEFAULT_OUTPUT,
        help=f"agenda CSV to write (default: {DEFAULT_OUTPUT})",
    )  # fmt: skip
    args = parser.parse_args(argv)

    with args.reference.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    rows.sort(key=lambda r: (r["date"], r["start"], int(r["grid_col"])))
    out = [convert(r) for r in rows]

    problems = check(out)
    if problems:
        for p in problems:
            print(f"build_agenda: {p}", file=sys.stderr)
        return 1

    args.output.parent.mkdir(parents=True, exist_ok=True)
    with args.output.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(out)
    per_day = ", ".join(f"{d}: {sum(r['date'] == d for r in out)}" for d in EXPECTED_ROWS)
    print(f"wrote {len(out)} sessions ({per_day}) to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
