"""The app never imports the harness: loading the product leaves bot.devtools unloaded."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest


@pytest.mark.parametrize("module", ["bot.app", "bot.server", "bot.cli", "schedules"])
def test_product_imports_no_devtools(module):
    probe = (
        f"import json, sys, {module}\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('bot.devtools'))))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True)  # fmt: skip
    assert json.loads(done.stdout) == []
