"""Flow definitions: validated against the allow-list, located errors, one machine per flow."""

from __future__ import annotations

from pathlib import Path

import pytest
from transitions import MachineError

from bot.config.flows import CANCELLED, REVIEW, SENT, load_flow_file, load_flows
from bot.config.i18n import load_catalogue
from bot.core.flow.machine import CANCEL, EDIT_STEP, SEND, FlowMachine, mermaid, review_trigger
from bot.errors import ConfigError
from tests.conftest import REPO


def refusal(path: Path) -> str:
    """What loading the flow file says when it refuses it."""
    with pytest.raises(ConfigError) as caught:
        load_flow_file(path)
    return str(caught.value)


def test_shipped_and_repo_flows_are_identical_and_valid() -> None:
    catalogue = load_catalogue(None)
    flows = load_flows(REPO / "flows", catalogue)
    assert flows["question"].step_ids() == ("context", "stake", "tried", "question", "theme")


def test_machine_walks_steps_then_review_then_sent() -> None:
    flow = load_flows(REPO / "flows")["question"]
    machine = FlowMachine(flow)
    state = machine.first_step
    visited = [state]
    while state != REVIEW:
        state = machine.fire(state, "next")
        visited.append(state)
    assert visited == ["context", "stake", "tried", "question", "theme", REVIEW]
    assert machine.fire(REVIEW, "send") == SENT


def test_editing_returns_to_review_after_one_answer() -> None:
    machine = FlowMachine(load_flows(REPO / "flows")["question"])
    state = machine.fire(REVIEW, "edit_stake")
    assert state == "stake"
    assert machine.fire(state, "next", is_editing=True) == REVIEW
    assert machine.fire(state, "next", is_editing=False) == "tried"


def test_send_is_only_possible_from_review() -> None:
    machine = FlowMachine(load_flows(REPO / "flows")["question"])
    with pytest.raises(MachineError):
        machine.fire("context", "send")


def write_flow(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "flows" / "extra.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_coach_adds_a_second_flow_and_reorders_steps(tmp_path: Path) -> None:
    write_flow(
        tmp_path,
        """
id: feedback
title: "Retour après séance"
steps:
  - id: learned
    prompt: "Qu'avez-vous retenu ?"
    label: "Retenu"
    checks: [not_empty, {min_length: 5}]
  - id: next
    prompt: "Et ensuite ?"
    label: "Suite"
""",
    )
    (tmp_path / "flows" / "question.yaml").write_text(
        (REPO / "flows" / "question.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    flows = load_flows(tmp_path / "flows", load_catalogue(None))
    assert set(flows) == {"question", "feedback"}
    machine = FlowMachine(flows["feedback"])
    assert machine.fire("learned", "next") == "next"
    assert machine.fire("next", "next") == REVIEW


def test_unknown_check_names_line_and_allowed_names(tmp_path: Path) -> None:
    path = write_flow(
        tmp_path,
        """id: bad
title: "x"
steps:
  - id: one
    prompt: "p"
    label: "l"
    checks:
      - not_empty
      - run_python: "os.system"
""",
    )
    with pytest.raises(ConfigError) as caught:
        load_flow_file(path)
    problem = caught.value.problems[0]
    assert problem.file == str(path)
    assert problem.line == 7
    assert "'run_python' is not a check" in str(problem)
    assert "min_length" in problem.fix


def test_unknown_message_key_is_reported(tmp_path: Path) -> None:
    path = write_flow(
        tmp_path,
        """id: bad
title: flow.question.title
steps:
  - id: one
    prompt: flow.question.nope.prompt
    label: "l"
""",
    )
    with pytest.raises(ConfigError) as caught:
        load_flow_file(path, load_catalogue(None))
    assert caught.value.problems[0].line == 5
    assert "no such key" in str(caught.value)


def test_reserved_and_duplicate_step_ids(tmp_path: Path) -> None:
    path = write_flow(
        tmp_path,
        """id: bad
title: "x"
steps:
  - {id: review, prompt: "p", label: "l"}
  - {id: a, prompt: "p", label: "l"}
  - {id: a, prompt: "p", label: "l"}
""",
    )
    assert "'review' is reserved" in refusal(path)
    path.write_text(path.read_text().replace("id: review", "id: b"))
    assert "extra.yaml:6: steps.3.id: the step id 'a' is already used by an earlier step" in refusal(path)


def test_all_files_problems_collected(tmp_path: Path) -> None:
    write_flow(tmp_path, "id: a\ntitle: x\nsteps: []\n")
    (tmp_path / "flows" / "b.yaml").write_text("id: b\ntitle: x\nsteps: [{id: s}]\n")
    with pytest.raises(ConfigError) as caught:
        load_flows(tmp_path / "flows")
    files = {p.file for p in caught.value.problems}
    assert len(files) == 2


def test_mermaid_graph_lists_every_step() -> None:
    text = mermaid(load_flows(REPO / "flows")["question"])
    assert text.lstrip("-\n ").count("stateDiagram-v2") == 1 or "stateDiagram-v2" in text
    for step in ("context", "stake", "tried", "question", "theme", "review", "sent"):
        assert step in text


def test_roles_name_the_question_and_theme_steps() -> None:
    flow = load_flows(REPO / "flows")["question"]
    question, theme = flow.role_step("question"), flow.role_step("theme")
    assert question is not None and question.id == "question"
    assert theme is not None and theme.id == "theme" and theme.choices


def test_a_role_on_two_steps_and_a_theme_without_choices_are_refused(tmp_path: Path) -> None:
    path = write_flow(
        tmp_path,
        """id: bad
title: "x"
steps:
  - {id: a, prompt: "p", label: "l", role: question}
  - {id: b, prompt: "p", label: "l", role: question}
""",
    )
    assert "role 'question' is given to two steps" in refusal(path)
    path.write_text(
        path.read_text().replace(
            'id: b, prompt: "p", label: "l", role: question', 'id: b, prompt: "p", label: "l", role: theme'
        )
    )
    assert "role theme but no choices" in refusal(path)
    path.write_text(path.read_text().replace("role: theme", "role: topic"))
    assert "role" in refusal(path)


def test_review_buttons_map_to_the_machines_triggers() -> None:
    flow = load_flows(REPO / "flows")["question"]
    machine = FlowMachine(flow)
    assert machine.fire(REVIEW, review_trigger(SEND) or "") == SENT
    assert machine.fire(REVIEW, review_trigger(CANCEL) or "") == CANCELLED
    assert machine.fire(REVIEW, review_trigger(f"{EDIT_STEP}stake") or "") == "stake"
    assert review_trigger("review:unknown") is None


def test_a_placeholder_in_a_text_the_flow_writes_itself_is_refused(tmp_path: Path) -> None:
    path = write_flow(
        tmp_path,
        """id: bad
title: "x"
intro: "Bonjour {prenom}, on commence."
steps:
  - {id: a, prompt: flow.question.context.prompt, label: "Étape {n}"}
""",
    )
    with pytest.raises(ConfigError) as caught:
        load_flow_file(path, load_catalogue(None))
    problems = {p.place: (p.line, p.what) for p in caught.value.problems}
    assert problems["intro"] == (3, "uses the placeholder {prenom}, but a text written in a flow has none")
    assert problems["steps.1.label"][0] == 5 and "{n}" in problems["steps.1.label"][1]
