"""Flagged identifying data never reaches the disk or the logs (real CLI, screening, TinyDB).

Canary identifiers go through the console flow as a mentee would type them; afterwards
every byte of the data folder and every log line is scanned. The anonymised version the
mentee accepted must be there, so a store that kept nothing would fail too.
"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_cadre

CANARIES = {
    "email": "zorglub.canari@exemple-canari.fr",
    "phone": "06 47 58 21 93",
    "iban": "FR76 3000 6000 0112 3456 7890 189",
    "person": "Mme Zorglubette",
    "organization": "Canarisoft SAS",
}


# What the mentee types in the console, flagged canaries included, up to sending.
UNFLAGGED_WORDS = "Comment poser une limite claire sans perdre la relation ?"


def conversation() -> list[str]:
    context = (
        f"Ma collègue {CANARIES['person']} m'écrit depuis {CANARIES['email']} "
        f"pour se plaindre de l'équipe, elle a même laissé le {CANARIES['phone']}."
    )
    stake = (
        f"Le client {CANARIES['organization']} attend un remboursement sur "
        f"{CANARIES['iban']} et la relation se tend avec toute l'équipe."
    )
    lines = [
        "J'accepte",
        "/nouvelle",
        context,
        "Utiliser la proposition",
        stake,
        "Je réécris",
        "Garder un client important sans céder sur tout.",
        "Une réunion de cadrage, sans effet durable.",
        UNFLAGGED_WORDS,
        "1",
        "Envoyer",
    ]
    return lines


def test_flagged_text_never_reaches_disk_or_logs(project: Path) -> None:
    lines = conversation()
    result = run_cadre(
        project, "-v", "console", "--at", "2026-11-23T10:00", stdin="\n".join(lines) + "\n", timeout_s=180
    )
    assert result.returncode == 0, result.stderr
    assert "envoyée" in result.stdout
    # The mentee was shown what was found (on screen only).
    assert CANARIES["email"] in result.stdout and CANARIES["organization"] in result.stdout
    logs = result.stderr
    assert "item submitted" in logs, "the log capture is real (verbose INFO lines)"
    stored = b"".join(p.read_bytes() for p in (project / "data").rglob("*") if p.is_file())
    assert b"[e-mail]" in stored and b"[personne]" in stored
    for kind, canary in CANARIES.items():
        fragments = {canary, canary.replace(" ", "")}
        fragments |= {token for token in canary.split() if len(token) >= 6}
        for fragment in fragments:
            assert fragment.encode() not in stored, f"{kind} reached the disk"
            assert fragment not in logs, f"{kind} reached the logs"
