"""The privacy canary on PostgreSQL: flagged data in no table, no message words in any log line.

The same console conversation as tests/privacy/test_privacy_canary.py (real CLI, screening,
verbose logs), with CADRE_DATABASE_URL set: the store is the database. Afterwards every row
of every table and every byte left in the data folder is scanned for the canaries, and
every log line for them and for the words the mentee wrote that screening let through
(those are stored, and still never logged). The anonymised text must be in the database,
so a store that kept nothing would fail too.
"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_cadre
from tests.privacy.test_privacy_canary import CANARIES, UNFLAGGED_WORDS, conversation
from tests.storage.postgres.test_postgres_store import raw_bytes


def test_flagged_text_never_reaches_a_table_and_no_words_reach_the_logs(
    project: Path, postgres_url: str
) -> None:
    result = run_cadre(
        project,
        "-v",
        "console",
        "--at",
        "2026-11-23T10:00",
        stdin="\n".join(conversation()) + "\n",
        env={"CADRE_DATABASE_URL": postgres_url},
        timeout_s=180,
    )
    assert result.returncode == 0, result.stderr
    assert "envoyée" in result.stdout
    logs = result.stderr
    assert "item submitted" in logs, "the log capture is real (verbose INFO lines)"
    stored = raw_bytes(postgres_url)
    assert b"[e-mail]" in stored and b"[personne]" in stored, "the accepted version is in the database"
    assert UNFLAGGED_WORDS.encode() in stored
    folder = project / "data"
    left = b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file()) if folder.exists() else b""
    for kind, canary in CANARIES.items():
        fragments = {canary, canary.replace(" ", "")}
        fragments |= {token for token in canary.split() if len(token) >= 6}
        for fragment in fragments:
            assert fragment.encode() not in stored, f"{kind} reached a table"
            assert fragment.encode() not in left, f"{kind} reached the data folder"
            assert fragment not in logs, f"{kind} reached the logs"
    for line in logs.splitlines():
        assert UNFLAGGED_WORDS not in line and "limite claire" not in line, "message words in a log line"
