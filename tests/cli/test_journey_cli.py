"""`cadre programme`, `cadre report`, `cadre review` and the journey in export and erase,
run as a coach would on a real data folder (dates relative to today).

The first test runs the real subprocess; the long one calls the same entry point in this
process, so the language model is loaded once instead of once per command.
"""

from __future__ import annotations

import asyncio
import io
import json
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest

from bot.cli import main
from bot.domain import OutboxEntry, OutboxStatus
from bot.journey.compose import full_day
from bot.storage import TinyStore
from tests.cli.test_cli import WHOLE_QUESTION, cadre


async def outbox_of(data_dir: Path) -> tuple[list[str], OutboxEntry | None]:
    """The journey's outbox keys, and the entry of the report sent for validation."""
    async with TinyStore(data_dir) as store:
        entries = await store.list_outbox()
        keys = sorted(e.outbound.key for e in entries if e.outbound.key.startswith("journey:"))
        return keys, await store.get_outbox("journey:report:essai-r1:v1")


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def run(project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CADRE_CONFIG_DIR", str(project / "config"))
    monkeypatch.setenv("CADRE_DATA_DIR", str(project / "data"))
    monkeypatch.delenv("CADRE_DATA_KEY", raising=False)
    monkeypatch.delenv("CADRE_SMTP_HOST", raising=False)
    monkeypatch.chdir(project)

    def call(*args: str, stdin: str = "") -> Run:
        capsys.readouterr()
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        code = main(list(args))
        out, err = capsys.readouterr()
        return Run(code, out, err)

    return call


def programme_file(project: Path, *, alias: str = "essai", first: date | None = None) -> Path:
    today = date.today()
    first = first or today + timedelta(days=10)
    folder = project / "config" / "programmes"
    folder.mkdir(exist_ok=True)
    path = folder / f"{alias}.yaml"
    path.write_text(
        f"alias: {alias}\nstart: {today + timedelta(days=1)}\nend: {today + timedelta(days=360)}\n"
        'sponsor: sponsor-nord\nobjectives:\n  - "Mieux déléguer à son équipe"\n'
        f'sessions:\n  first: "{first} 14:00"\n  every: 5w\n',
        encoding="utf-8",
    )
    return path


def test_programme_check_names_the_file_and_line(project: Path) -> None:
    path = programme_file(project, first=date.today() - timedelta(days=3))
    result = cadre(project, "programme", "check")
    assert result.returncode == 1
    assert f"{path}:8: sessions.first: la séance du " in result.stderr
    assert "est déjà passée ; supprimez-la ou écrivez une date à venir" in result.stderr


def test_a_programme_is_loaded_shown_reported_on_and_erased(project: Path, run) -> None:  # type: ignore[no-untyped-def]
    programme_file(project)
    unknown = run("programme", "load")
    assert (
        unknown.returncode == 1
        and "aucune personne accompagnée n'a le pseudonyme « essai »" in unknown.stderr
    )
    assert run("console", stdin="\n".join(WHOLE_QUESTION) + "\n").returncode == 0
    assert run("programme", "check").stdout.strip().startswith("1 programme valide dans")
    assert run("programme", "load").stdout.strip() == "1 programme enregistré."
    shown = run("programme", "show", "--alias", "essai")
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    today = date.today()
    start, end = full_day(today + timedelta(days=1), "fr"), full_day(today + timedelta(days=360), "fr")
    # Dates written as the sessions below them are ("lundi 14 décembre 2026"), not 2026-12-14.
    assert lines[0] == f"Programme de essai · du {start} au {end} · commanditaire : sponsor-nord"
    assert "  - Mieux déléguer à son équipe" in lines
    assert any(line.endswith("séances :") for line in lines)
    assert "ordre du jour au mentor" in shown.stdout
    missing = run("programme", "show", "--alias", "inconnu")
    assert missing.returncode == 1 and missing.stdout.startswith("Aucun programme pour inconnu")

    early_note = run("programme", "note", "--alias", "essai", "--session", "1", stdin="Bonne séance")
    assert early_note.returncode == 1 and "n'a pas encore eu lieu" in early_note.stdout

    def draft(alias: str, text: str) -> Run:
        drafted: Run = run(
            "report", "draft", "--alias", alias, "--from", "2027-01-01", "--to", "2027-06-30", stdin=text
        )
        return drafted

    no_alias = draft("Z-9", "x")
    assert no_alias.returncode == 1 and "Z-9" in no_alias.stdout
    empty = draft("essai", " \n")
    assert empty.returncode == 1 and "Donnez le texte du rapport" in empty.stdout
    flagged = draft("essai", "Progrès avec jean.dupont@example.org")
    assert flagged.returncode == 1 and "données identifiantes (adresse e-mail" in flagged.stdout
    assert "jean.dupont" not in flagged.stdout
    drafted = draft("essai", "La délégation progresse.")
    assert drafted.returncode == 0 and drafted.stdout.startswith(
        "Rapport essai-r1 rédigé pour essai (version 1)."
    )
    early = run("report", "release", "--alias", "essai", "--id", "essai-r1")
    assert early.returncode == 1
    assert early.stdout.strip() == (
        "Refusé pour le rapport essai-r1 : "
        "il n'a pas encore été envoyé à la personne accompagnée pour validation."
    )
    sent = run("report", "send", "--alias", "essai", "--id", "essai-r1")
    assert sent.stdout.strip() == "Rapport essai-r1 envoyé à essai pour validation."
    again = run("report", "send", "--alias", "essai", "--id", "essai-r1")
    assert "il attend déjà la réponse de la personne accompagnée" in again.stdout

    review = run("review", "--alias", "essai")
    assert review.returncode == 0, review.stderr
    reviews = sorted(p.name for p in (project / "data" / "reviews").iterdir())
    assert len(reviews) == 6 and all(n.startswith("bilan-essai-") for n in reviews)
    assert "confié à l'envoi" not in review.stdout  # without --send: the files only
    # --send: both people are on the console here, which "receives" a file by writing it
    # where the review already is and printing where; nothing waits in the outbox.
    sent_review = run("review", "--alias", "essai", "--send")
    assert sent_review.returncode == 0, sent_review.stderr
    printed = sent_review.stdout
    assert "voici votre bilan" in printed and "[→ mentor] Bilan de l'accompagnement de essai" in printed
    shown = [
        line.strip(" []") for line in printed.splitlines() if line.strip().startswith("[") and ".p" in line
    ]
    assert sorted(Path(p).suffix for p in shown) == [".pdf", ".pdf", ".png", ".png"]
    assert all(
        Path(p).parent == project / "data" / "reviews" and Path(p).stat().st_mode & 0o077 == 0 for p in shown
    )
    assert Path(shown[0]).read_bytes().startswith(b"\x89PNG")
    assert printed.strip().endswith(
        "Bilan de essai confié à l'envoi : message sur console pour la personne accompagnée, "
        "message sur console pour le mentor."
    )
    keys, report_entry = asyncio.run(outbox_of(project / "data"))
    assert report_entry is not None and "La délégation progresse." in report_entry.outbound.text
    assert [c.label for c in report_entry.outbound.choices] == [
        "Je valide",
        "Demander une modification",
        "Je refuse",
    ]
    assert not [k for k in keys if k.startswith("journey:review:")]

    exported = run("export", "--alias", "essai")
    assert exported.returncode == 0, exported.stderr
    (export_json,) = (project / "data" / "exports").glob("*.json")
    journey = json.loads(export_json.read_text(encoding="utf-8"))["journey"]
    assert journey["programme"]["alias"] == "essai" and journey["reports"][0]["state"] == "sent"

    erased = run("erase", "--alias", "essai", "--yes")
    assert erased.returncode == 0, erased.stderr
    assert not list((project / "data" / "journey").glob("*.json"))
    assert not list((project / "data" / "reviews").iterdir())


def test_a_report_sent_from_the_command_line_is_read_on_the_console_first(project: Path, run) -> None:  # type: ignore[no-untyped-def]
    """`cadre report send`, then `cadre console`: the report is printed with its numbered
    choices before anything is typed, so the "1" that validates it answers a text shown;
    its entry leaves the outbox, and the trail names the mentee, not the operator."""
    programme_file(project)
    assert run("console", stdin="1\n").returncode == 0  # the charter accepted
    assert run("programme", "load").returncode == 0
    drafted = run(
        "report",
        "draft",
        "--alias",
        "essai",
        "--from",
        "2027-01-01",
        "--to",
        "2027-06-30",
        stdin="La délégation progresse.",
    )
    assert drafted.returncode == 0, drafted.stdout
    assert run("report", "send", "--alias", "essai", "--id", "essai-r1").returncode == 0
    console = run("console", stdin="1\n")
    assert console.returncode == 0, console.stderr
    shown = console.stdout.index("La délégation progresse.")
    assert console.stdout.index("  1. Je valide") > shown
    assert console.stdout.index("Merci : vous avez validé ce texte") > shown
    _keys, entry = asyncio.run(outbox_of(project / "data"))
    assert entry is not None and entry.status is OutboxStatus.SENT
    trail = run("audit").stdout.splitlines()
    (validated,) = [line for line in trail if " report_validated " in line]
    assert validated.split()[2:5] == ["essai", "report_validated", "essai"]
    # Without SMTP nothing reaches the sponsor: the coach is told to hand the files over.
    released = run("report", "release", "--alias", "essai", "--id", "essai-r1")
    assert released.returncode == 0, released.stdout
    assert released.stdout.startswith("Rapport essai-r1 : fichiers écrits, ")
    assert "Aucun e-mail n'est parti (CADRE_SMTP_HOST n'est pas défini)" in released.stdout
    assert "remettez vous-même ces fichiers au commanditaire" in released.stdout


def test_programme_problems_are_in_french_under_locale_fr(project: Path, run) -> None:  # type: ignore[no-untyped-def]
    """Every programme problem reads in the coach's language, as cadre.yaml's do: no English
    sentence with a French space before its semicolon."""
    folder = project / "config" / "programmes"
    folder.mkdir()
    today = date.today()
    (folder / "A-1.yaml").write_text(
        f"alias: A-1\nstart: {today + timedelta(days=1)}\nend: {today + timedelta(days=360)}\n"
        'sponsor: s\nsessions:\n  first: "19/01/2027 10h"\n  every: 3 semaines\n  duraton: 2h\n',
        encoding="utf-8",
    )
    (folder / "A-2.yaml").write_text(
        f"alias: A-2\nstart: {today + timedelta(days=1)}\nend: {today}\nsponsor: s\n"
        f'sessions:\n  - "{today - timedelta(days=3)} 10:00"\n  - "{today + timedelta(days=5)} 10:00"\n'
        f'  - "{today + timedelta(days=5)} 11:00"\n  - "pas une date"\n',
        encoding="utf-8",
    )
    (folder / "A-3.yaml").write_text(
        f"alias: A-3\nstart: {today + timedelta(days=1)}\nend: {today + timedelta(days=360)}\nsponsor: s\n"
        f'sessions:\n  first: "{today + timedelta(days=7)} 14:00"\n  every: 36h\n',
        encoding="utf-8",
    )
    (folder / "A-4.yaml").write_text(
        f"alias: A-5\nstart: {today + timedelta(days=1)}\nend: {today + timedelta(days=360)}\nsponsor: s\n"
        f'sessions:\n  first: "{today + timedelta(days=7)} 14:00"\n  every: 3w\n  except: [{today}]\n',
        encoding="utf-8",
    )
    result = run("programme", "check")
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert (
        "A-1.yaml:6: sessions.first: « 19/01/2027 10h » n'est pas une date et une heure ; " in result.stderr
    )
    assert "A-1.yaml:7: sessions.every: « 3 semaines » n'est pas une durée ; " in result.stderr
    assert "A-1.yaml:8: sessions.duraton: n'est pas un réglage connu ici" in result.stderr
    assert "A-2.yaml:9: sessions.4.at: « pas une date » n'est pas une date et une heure" in result.stderr
    assert "A-3.yaml:7: sessions.every: « 36h » n'est pas un nombre entier de jours ; " in result.stderr
    assert (
        "A-4.yaml:1: alias: le fichier s'appelle « A-4 » mais déclare « A-5 » ; renommez-le A-5.yaml"
        in result.stderr
    )
    assert "n'est pas une date du rythme ; écrivez l'une des dates du rythme" in result.stderr
    assert not [line for line in lines[1:] if " is " in line or " write " in line], result.stderr

    (folder / "A-1.yaml").unlink()
    (folder / "A-3.yaml").unlink()
    (folder / "A-4.yaml").unlink()
    (folder / "A-2.yaml").write_text(
        f"alias: A-2\nstart: {today + timedelta(days=1)}\nend: {today}\nsponsor: s\n"
        f'sessions:\n  - "{today - timedelta(days=3)} 10:00"\n  - "{today + timedelta(days=5)} 10:00"\n'
        f'  - "{today + timedelta(days=5)} 11:00"\n',
        encoding="utf-8",
    )
    result = run("programme", "load")
    assert result.returncode == 1
    assert (
        "alias: aucune personne accompagnée n'a le pseudonyme « A-2 » ; invitez-la d'abord" in result.stderr
    )
    assert "end: la fin prévue, le " in result.stderr and "tombe avant le début" in result.stderr
    assert "sessions.1: la séance du " in result.stderr and "est déjà passée ; supprimez-la" in result.stderr
    assert (
        "sessions.3: chevauche la séance du " in result.stderr and "(déclarée en sessions.2)" in result.stderr
    )
    assert not [line for line in result.stderr.splitlines()[1:] if " is " in line], result.stderr


def test_an_identifying_objective_names_the_kind_in_french(project: Path, run) -> None:  # type: ignore[no-untyped-def]
    path = programme_file(project)
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "Mieux déléguer à son équipe", "Écrire à jean.dupont@exemple.fr"
        ),
        encoding="utf-8",
    )
    result = run("programme", "check")
    assert result.returncode == 1
    assert (
        "objectives.1: contient des données identifiantes (adresse e-mail, caractères 9-31) ; "
        in result.stderr
    )


async def test_through_the_admin_socket_programme_problems_are_in_french_too(project: Path) -> None:
    from bot.app import load_setup
    from bot.cli.main import operator_handler
    from bot.runtime.clock import ManualClock
    from bot.storage import MemoryStore
    from tests.conftest import paris

    path = programme_file(project, first=date.today() + timedelta(days=10))
    path.write_text(
        path.read_text(encoding="utf-8").replace("every: 5w", "every: 5 semaines"), encoding="utf-8"
    )
    setup = load_setup(project / "config")
    handle = operator_handler(setup, MemoryStore(), project / "data", ManualClock(paris("2026-11-23T10:00")))
    code, output = await handle(["programme", "check"], "")
    assert code == 1
    assert output.startswith("1 problème :\n")
    assert "sessions.every: « 5 semaines » n'est pas une durée ; écrivez par exemple" in output


def test_a_sponsor_without_an_address_is_found_by_the_check(project: Path, run) -> None:  # type: ignore[no-untyped-def]
    """A typo in the sponsor's label was only met at the release, after the mentee validated."""
    settings = project / "config" / "cadre.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8") + "\njourney:\n  sponsors:\n    sponsor-nord: rh@example.org\n",
        encoding="utf-8",
    )
    path = programme_file(project)
    assert run("programme", "check").returncode == 0
    path.write_text(path.read_text(encoding="utf-8").replace("sponsor-nord", "sponsor-est"), encoding="utf-8")
    result = run("programme", "check")
    assert result.returncode == 1
    assert (
        f"{path}:4: sponsor: « sponsor-est » n'a pas d'adresse dans journey.sponsors de cadre.yaml ; "
        "écrivez l'un de ceux-ci : sponsor-nord, ou ajoutez « sponsor-est: <adresse> » sous journey.sponsors"
    ) in result.stderr


def test_a_misspelt_programme_key_is_answered_with_the_nearest_one(project: Path, run) -> None:  # type: ignore[no-untyped-def]
    path = programme_file(project)
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("objectives:", "objectifs:").replace("  every: 5w\n", "  every: 5w\n  duraton: 2h\n"),
        encoding="utf-8",
    )
    result = run("programme", "check")
    assert result.returncode == 1
    assert f"{path}:5: objectifs: n'est pas un réglage connu ici ; vouliez-vous écrire « objectives » ?" in (
        result.stderr
    )
    assert (
        f"{path}:10: sessions.duraton: n'est pas un réglage connu ici ; vouliez-vous écrire « duration » ?"
        in (result.stderr)
    )


def test_an_unclosed_quote_is_reported_on_its_own_line(project: Path, run) -> None:  # type: ignore[no-untyped-def]
    """PyYAML stops at the next quote, lines below: the coach is sent to the line they broke."""
    path = programme_file(project)
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            '"Mieux déléguer à son équipe"', '"Mieux déléguer à son équipe'
        ),
        encoding="utf-8",
    )
    result = run("programme", "check")
    assert result.returncode == 1
    assert f"{path}:6: un guillemet ouvert sur cette ligne n'y est pas refermé ; refermez-le" in result.stderr


def test_a_programmes_folder_that_does_not_exist_is_said(project: Path, run) -> None:  # type: ignore[no-untyped-def]
    """A typo in journey.directory read as "0 programme valide", exit 0."""
    programme_file(project)
    settings = project / "config" / "cadre.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8") + "\njourney:\n  directory: programes\n", encoding="utf-8"
    )
    for action in ("check", "load"):
        result = run("programme", action)
        assert result.returncode == 1
        assert result.stdout.startswith(
            f"Le dossier des programmes {project / 'config' / 'programes'} n'existe pas : aucun programme"
        )


def test_the_journey_commands_take_at_to_rehearse_the_year(project: Path, run) -> None:  # type: ignore[no-untyped-def]
    """A coach trying the year ahead: a note after a session to come, refused today, is
    written at a moment after it (the console and the digest already took --at)."""
    first = date.today() + timedelta(days=10)
    programme_file(project, first=first)
    assert run("console", stdin="1\n").returncode == 0  # the charter accepted
    assert run("programme", "load").returncode == 0
    today = run("programme", "note", "--alias", "essai", "--session", "1", stdin="Belle séance.")
    assert today.returncode == 1 and "n'a pas encore eu lieu" in today.stdout
    after = run(
        "programme",
        "note",
        "--alias",
        "essai",
        "--session",
        "1",
        "--at",
        f"{first}T17:00",
        stdin="Belle séance.",
    )
    assert after.returncode == 0, after.stdout
    assert "n'a pas encore eu lieu" not in after.stdout
    # the loaded session now past is history: the same file still checks and loads
    later = f"{first + timedelta(days=1)}T09:00"
    assert run("programme", "check", "--at", later).returncode == 0
    # while a session of the file that is past at --at and was never loaded is reported
    programme_file(project, first=first - timedelta(days=1))
    late = run("programme", "check", "--at", later)
    assert (
        late.returncode == 1
        and "sessions.first: la séance du " in late.stderr
        and "est déjà passée" in late.stderr
    )


def test_a_session_to_come_is_moved_mid_year(project: Path, run) -> None:  # type: ignore[no-untyped-def]
    """The coach edits the file after session 1 to move session 2: the sessions already
    held stay as they were loaded, the file loads, and the move is kept."""
    first = date.today() + timedelta(days=10)
    path = programme_file(project, first=first)
    assert run("console", stdin="1\n").returncode == 0  # the charter accepted
    assert run("programme", "load").returncode == 0
    second = first + timedelta(weeks=5)
    moved = second + timedelta(days=2)
    path.write_text(
        path.read_text(encoding="utf-8") + f'  moved:\n    "{second}": "{moved} 10:00"\n', encoding="utf-8"
    )
    at = f"{first + timedelta(days=1)}T09:00"
    loaded = run("programme", "load", "--at", at)
    assert loaded.returncode == 0, loaded.stderr
    shown = run("programme", "show", "--alias", "essai")
    second_line = next(line for line in shown.stdout.splitlines() if line.strip().startswith("2."))
    assert f" {moved.day} " in second_line and ", 10 h" in second_line, shown.stdout


def test_a_day_first_session_date_is_refused_like_every_coach_date(project: Path, run) -> None:  # type: ignore[no-untyped-def]
    """ "03/06/2027" is June to a French coach and March to an American one: a session date is
    written year first, as `start:` and closures are, and the refusal says so."""
    folder = project / "config" / "programmes"
    folder.mkdir()
    today = date.today()
    moment = (today + timedelta(days=30)).strftime("%d/%m/%Y 10:00")
    (folder / "A-1.yaml").write_text(
        f"alias: A-1\nstart: {today + timedelta(days=1)}\nend: {today + timedelta(days=360)}\n"
        f'sponsor: s\nsessions:\n  - "{moment}"\n',
        encoding="utf-8",
    )
    result = run("programme", "check")
    assert result.returncode == 1
    assert f"A-1.yaml:6: sessions.1.at: « {moment} » n'est pas une date et une heure ; " in result.stderr
    assert "écrivez l'année d'abord" in result.stderr
