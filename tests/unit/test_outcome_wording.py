"""Every member of every outcome enum has its wording, in every language the bot speaks;
listener modules never import each other's handlers."""

import ast
from pathlib import Path

import pytest

from bot import admin, registrations
from bot.i18n import LANGS, _key, catalogue
from bot.views.outcomes import WORDING

OUTCOME_ENUMS = [registrations.RegisterStatus, registrations.UnregisterStatus,
                 registrations.SwitchStatus, registrations.InterestStatus,
                 admin.CapacityStatus]  # fmt: skip


def test_every_outcome_enum_has_a_wording_map():
    assert set(WORDING) == set(OUTCOME_ENUMS)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("enum", OUTCOME_ENUMS, ids=lambda e: e.__name__)
def test_every_member_has_wording(enum, lang):
    wording = WORDING[enum]
    translated = {_key(m.id): m.string for m in catalogue(lang) if m.id}
    for member in enum:
        key = wording[member]  # KeyError names the member without wording
        text = translated.get(key)
        assert text and all(text if isinstance(text, tuple) else [text]), (member, key, lang)


LISTENERS = Path(__file__).resolve().parents[2] / "bot" / "listeners"
HANDLER_PACKAGES = ("bot.listeners.commands", "bot.listeners.actions")


@pytest.mark.parametrize("path", sorted(LISTENERS.glob("*/*.py")), ids=lambda p: p.name)
def test_handlers_never_import_other_handlers(path):
    if path.name in ("router.py", "__init__.py"):
        return  # the router and the package list the modules they dispatch to
    package = f"bot.listeners.{path.parent.name}"
    imported = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module in HANDLER_PACKAGES:
            imported.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module)
    crossing = {m for m in imported
                if m.startswith(HANDLER_PACKAGES) and m != f"{package}.base"}  # fmt: skip
    assert not crossing, crossing
