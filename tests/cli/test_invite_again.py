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

