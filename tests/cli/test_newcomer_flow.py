"""A coach who adds steps to the question flow: the numbers and the intro's count follow it."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import paris
from tests.harness import Harness

EXTRA_STEPS = """  - id: feeling
    prompt: "Ce que vous ressentez. Comment vivez-vous la situation ?"
    label: "Ressenti"
  - id: wish
    prompt: flow.question.tried.prompt
    label: "Souhait"
"""


async def test_added_steps_are_numbered_and_counted(project: Path) -> None:
    path = project / "flows" / "question.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  - id: question\n", EXTRA_STEPS + "  - id: question\n"), encoding="utf-8")
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"))
    said = await harness.command("nouvelle")
    assert "Construisons votre question en six temps" in said
    assert "1/6 · La situation" in said
    answers = [
        "Deux personnes de mon équipe ne se parlent plus depuis la réorganisation.",
        "La confiance de l'équipe et les délais du projet.",
        "Une réunion commune, sans effet.",
        "Je me sens pris entre les deux.",
        "Une réunion commune, sans effet, encore une fois.",
    ]
    shown = [await harness.type(answer) for answer in answers]
    assert "2/6 · L'enjeu" in shown[0]
    assert "3/6 · Vos pistes" in shown[1]
    assert "4/6 · Ce que vous ressentez" in shown[2]
    assert "5/6 · Vos pistes" in shown[3] and "/4" not in shown[3]
    assert "6/6 · La question" in shown[4]
    last = await harness.type("Comment rétablir un dialogue minimal sans prendre parti ?")
    assert "Dernier point" in last and "/6 ·" not in last  # the theme is a choice, not a part


async def test_the_shipped_flow_still_reads_four_parts(project: Path) -> None:
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"))
    said = await harness.command("nouvelle")
    assert "en quatre temps" in said and "1/4 · La situation" in said
