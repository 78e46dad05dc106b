"""Where the shipped data is, and the credentials the test stand-in accepts."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
AGENDA = ROOT / "data" / "agenda.csv"
SECRET = "test-signing-secret"
TOKEN = "xoxb-test-token"
