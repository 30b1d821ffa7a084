"""docs/privacy.md: after /arret (data kept), the coach can invite the person again, and
their new code brings them back as they were."""

from __future__ import annotations

from pathlib import Path

from bot.channels.console import CONSOLE_INVITED
from bot.domain import MenteeStatus
from bot.storage import TinyStore
from tests.conftest import run_cadre


def invite(project: Path, alias: str) -> tuple[int, str, str]:
    result = run_cadre(project, "invite", "--alias", alias)
    codes = [line.split(": ", 1)[1] for line in result.stdout.splitlines() if line.startswith("Code")]
    return result.returncode, result.stdout, codes[0] if codes else ""


async def test_a_withdrawn_mentee_can_be_invited_again_and_come_back(project: Path) -> None:
    status, _, code = invite(project, "C-8")
    assert status == 0
    joined = run_cadre(project, "console", "--invited", stdin=f"/start {code}\nJ'accepte\n/arret\n1\n")
    assert joined.returncode == 0 and "quitté" in joined.stdout, joined.stderr
    status, out, again = invite(project, "C-8")
    assert status == 0, out
    assert "avait quitté l'accompagnement" in out and again != code
    other_status, _, _ = invite(project, "C-8")
    assert other_status == 1  # one pending invitation at a time, as before
    wrong = run_cadre(project, "console", "--invited", stdin=f"/start {code}\n")
    # The old code brings no one back, and says so (not "send me a code", they just did).
    assert "n'est pas valable" in wrong.stdout and "Bon retour" not in wrong.stdout
    back = run_cadre(project, "console", "--invited", stdin=f"/start {again}\n")
    assert back.returncode == 0, back.stderr
    assert "Bon retour" in back.stdout and "Vous avez quitté" not in back.stdout
    with TinyStore(project / "data") as store:
        mentee = await store.get_mentee(CONSOLE_INVITED)
        assert mentee is not None and mentee.status is MenteeStatus.ACTIVE and mentee.alias == "C-8"
        assert [e.action for e in await store.audit_about("C-8")][-1] == "rejoined"
    assert invite(project, "C-8")[0] == 1  # enrolled again: the alias is taken


async def test_invite_at_rehearses_a_return_on_the_consoles_clock(project: Path) -> None:
    """`cadre console --at` dates the withdrawal; `cadre invite --at` dates the new code the
    same way, so a rehearsed year can show the person coming back (a code dated by the wall
    clock would be older than a withdrawal in the rehearsed future, and bring no one back)."""
    status, out, code = invite_at(project, "C-9", "2030-01-07T09:00")
    assert status == 0, out
    assert "lundi 21 janvier" in out  # valid 14 days from the --at, not from today
    left = run_cadre(
        project,
        "console",
        "--invited",
        "--at",
        "2030-01-07T10:00",
        stdin=f"/start {code}\nJ'accepte\n/arret\n1\n",
    )
    assert "quitté" in left.stdout, left.stderr
    status, out, again = invite_at(project, "C-9", "2030-01-08T09:00")
    assert status == 0, out
    back = run_cadre(project, "console", "--invited", "--at", "2030-01-08T10:00", stdin=f"/start {again}\n")
    assert "Bon retour" in back.stdout, back.stdout


def invite_at(project: Path, alias: str, at: str) -> tuple[int, str, str]:
    result = run_cadre(project, "invite", "--alias", alias, "--at", at)
    codes = [line.split(": ", 1)[1] for line in result.stdout.splitlines() if line.startswith("Code")]
    return result.returncode, result.stdout + result.stderr, codes[0] if codes else ""
