"""The public command-line contracts, run as a user would: a subprocess on a real data folder."""

from __future__ import annotations

import json
from pathlib import Path

from bot.channels.console import CONSOLE_USER
from bot.storage import TinyStore
from tests.conftest import run_cadre

WHOLE_QUESTION = [
    "J'accepte",
    "/nouvelle",
    "Deux personnes de mon équipe ne se parlent plus depuis la réorganisation.",
    "La confiance de l'équipe et les délais du projet.",
    "Une réunion commune, sans effet.",
    "Comment rétablir un dialogue minimal sans prendre parti ?",
    "1",
    "Envoyer",
]


cadre = run_cadre


async def test_scripted_console_on_a_saturday_evening(project: Path) -> None:
    result = cadre(project, "console", "--at", "2026-11-21T20:00", stdin="\n".join(WHOLE_QUESTION) + "\n")
    assert result.returncode == 0, result.stderr
    assert "lue et traitée lundi 23 novembre à partir de 8 h" in result.stdout
    with TinyStore(project / "data") as store:
        items = await store.items_of(CONSOLE_USER)
        assert len(items) == 1
        assert items[0].answers[-2].text == WHOLE_QUESTION[5]
        assert items[0].ref in result.stdout
        assert await store.open_items("mentor") == items


def test_scripted_console_resumes_a_draft_after_restart(project: Path) -> None:
    first = cadre(project, "console", "--at", "2026-11-23T10:00", stdin="\n".join(WHOLE_QUESTION[:4]) + "\n")
    assert "3/4" in first.stdout
    second = cadre(project, "console", "--at", "2026-11-23T10:05", stdin="\n".join(WHOLE_QUESTION[4:]) + "\n")
    assert second.returncode == 0, second.stderr
    assert "lue et traitée aujourd'hui" in second.stdout


def test_config_check_reports_every_problem_with_file_and_line(project: Path) -> None:
    path = project / "config" / "cadre.yaml"
    text = (
        path.read_text(encoding="utf-8")
        .replace('tuesday: ["08:00-18:00"]', "tuesday: ['8h-18h']")
        .replace("timezone: Europe/Paris", "timezone: Europe/Pariss")
    )
    path.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    tuesday_line = next(i for i, line in enumerate(lines, 1) if "8h-18h" in line)
    result = cadre(project, "config", "check")
    assert result.returncode == 1
    assert (
        f"cadre.yaml:{tuesday_line}: hours.tuesday.1: « 8h-18h » n'est pas une plage horaire ; "
        "écrivez par exemple « 08:00-18:00 »" in result.stderr
    )
    assert "« Europe/Pariss » n'est pas un fuseau horaire" in result.stderr
    assert result.stderr.startswith("2 problèmes :")


def test_config_and_flows_check_pass_on_the_repo(project: Path) -> None:
    assert cadre(project, "config", "check").returncode == 0
    result = cadre(project, "flows", "check")
    assert result.returncode == 0 and "question" in result.stdout


def test_flows_check_names_the_flow_file(project: Path) -> None:
    (project / "flows" / "broken.yaml").write_text("id: broken\ntitle: x\nsteps:\n  - id: a\n")
    result = cadre(project, "flows", "check")
    assert result.returncode == 1
    assert "broken.yaml:4: steps.1.prompt" in result.stderr


def test_flows_graph_prints_mermaid(project: Path) -> None:
    result = cadre(project, "flows", "graph")
    assert result.returncode == 0
    assert "stateDiagram-v2" in result.stdout and "review --> sent" in result.stdout


def test_hours_json_on_friday_evening(project: Path) -> None:
    result = cadre(project, "hours", "--at", "2026-11-20T18:00", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"open": False, "next_opening": "2026-11-23T08:00:00+01:00"}


async def test_invite_then_enrol_on_the_console_data(project: Path) -> None:
    result = cadre(project, "invite", "--alias", "B-42")
    assert result.returncode == 0, result.stderr
    code = next(line.split(": ", 1)[1] for line in result.stdout.splitlines() if line.startswith("Code"))
    with TinyStore(project / "data") as store:
        invitation = await store.get_invitation(code)
        assert invitation is not None and invitation.alias == "B-42" and invitation.used_by is None


def test_unknown_mentor_for_invite(project: Path) -> None:
    result = cadre(project, "invite", "--alias", "B-43", "--mentor", "nobody")
    assert result.returncode == 1
    assert "nobody" in result.stdout


def test_bad_at_value_is_a_friendly_error(project: Path) -> None:
    result = cadre(project, "hours", "--at", "tomorrow")
    assert result.returncode == 1
    assert "« tomorrow » n'est pas une date et une heure" in result.stderr  # locale fr


def test_console_shows_the_bots_words_only_and_logs_with_verbose(project: Path) -> None:
    lines = "J'accepte\nJe pense au suicide ce soir.\n"
    quiet = cadre(project, "console", "--at", "2026-11-23T10:00", stdin=lines)
    assert quiet.returncode == 0, quiet.stderr
    assert "3114" in quiet.stdout
    assert "WARNING" not in quiet.stdout + quiet.stderr
    assert quiet.stderr == ""
    verbose = cadre(project, "-v", "console", "--at", "2026-11-23T10:05", stdin="Je pense au suicide.\n")
    assert "safety message sent" in verbose.stderr
    assert "safety message sent" not in verbose.stdout


def test_log_file_receives_the_logs_instead_of_the_screen(project: Path) -> None:
    log_file = project / "cadre.log"
    result = cadre(
        project,
        "--log-file",
        str(log_file),
        "console",
        "--at",
        "2026-11-23T10:00",
        stdin="J'accepte\nJe pense au suicide ce soir.\n",
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "safety message sent" in log_file.read_text(encoding="utf-8")


def test_asking_for_logs_gives_ids_and_counts_of_a_whole_question_never_its_words(project: Path) -> None:
    log_file = project / "cadre.log"
    stdin = "\n".join(WHOLE_QUESTION) + "\n"
    result = cadre(project, "--log-file", str(log_file), "console", "--at", "2026-11-23T10:00", stdin=stdin)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    verbose = cadre(
        project, "-v", "console", "--at", "2026-11-23T10:30", stdin=stdin.replace("J'accepte\n", "")
    )
    assert verbose.returncode == 0, verbose.stderr
    for logged in (log_file.read_text(encoding="utf-8"), verbose.stderr):
        assert "INFO bot.core.flow.runner step answered flow=question step=context next=stake" in logged
        assert "INFO bot.core.router inbound handled channel=console kind=text replies=1" in logged
        assert "item submitted ref=" in logged
        assert "transitions" not in logged
        for answer in WHOLE_QUESTION[2:6]:
            assert answer not in logged
            assert not any(word in logged for word in ("réorganisation", "confiance", "dialogue"))


def test_flows_check_refuses_a_config_folder_that_does_not_exist(project: Path) -> None:
    result = cadre(project, "--config", str(project / "nonexist"), "flows", "check")
    assert result.returncode == 1
    assert "Parcours valides" not in result.stdout
    assert "nonexist n'existe pas" in result.stderr
    assert cadre(project, "--config", str(project / "nonexist"), "flows", "graph").returncode == 1


def test_flows_check_says_which_folder_it_read(project: Path) -> None:
    assert (
        cadre(project, "flows", "check").stdout == f"Parcours valides dans {project / 'flows'} : question\n"
    )
    for path in (project / "flows").iterdir():
        path.unlink()
    shipped = cadre(project, "flows", "check")
    assert shipped.returncode == 0
    assert shipped.stdout.startswith(f"Aucun parcours dans {project / 'flows'} : les parcours livrés")


def test_cadre_alone_shows_the_help_and_subcommands_document_config_and_data(project: Path) -> None:
    alone = cadre(project)
    assert alone.returncode == 0, alone.stderr
    assert "console" in alone.stdout and "usage" in alone.stdout.lower()
    assert "as a mentee, or as the mentor" in " ".join(alone.stdout.split())  # console plays both
    console_help = cadre(project, "console", "-h")
    assert "--config" in console_help.stdout and "configuration folder" in console_help.stdout
    assert "data folder" in console_help.stdout


def test_flows_graph_shows_labels_and_no_step_painted_as_current(project: Path) -> None:
    graph = cadre(project, "flows", "graph")
    assert graph.returncode == 0, graph.stderr
    assert 'state "Situation" as context' in graph.stdout
    assert "s_active" not in graph.stdout.split("classDef s_active")[-1].split("\n", 1)[-1]


def test_the_banner_names_a_simulated_time_only_with_at(project: Path) -> None:
    import asyncio
    import io

    from bot.app import load_setup
    from bot.cli.commands.console import run_console
    from bot.runtime.clock import SystemClock
    from bot.storage import MemoryStore

    def banner(simulated: bool) -> str:
        out = io.StringIO()
        setup = load_setup(project / "config")
        asyncio.run(
            run_console(
                setup,
                MemoryStore(),
                SystemClock(),
                stdin=io.StringIO(""),
                stdout=out,
                is_interactive=True,
                data_dir=project / "data",
                is_encrypted=True,
                is_simulated=simulated,
            )
        )
        return out.getvalue().split("\n", 1)[0]

    assert "Heure simulée" not in banner(simulated=False)
    assert "Heure simulée" in banner(simulated=True)
