"""One `transitions` machine per flow, built at start-up from the flow's data.

Conversations are plain models attached while one message is handled, so thousands of
drafts cost no machines. Conditions are names of model attributes (never dotted paths).
"""

from __future__ import annotations

from typing import Any

from transitions import Machine

from bot.config.flows import CANCELLED, REVIEW, SENT, FlowSpec

# Choice values the flow's buttons carry (they come back as Inbound.payload).
SEND, EDIT, CANCEL = "review:send", "review:edit", "review:cancel"
EDIT_STEP = "edit:"
USE_SUGGESTION, REWRITE = "screen:use", "screen:rewrite"
PICK_FLOW = "flow:"
STEP_CHOICE = "pick:"

REVIEW_TRIGGERS = {SEND: "send", CANCEL: "cancel"}
"""The review's buttons, as the machine's triggers; `edit:<step>` fires `edit_<step>`."""


def review_trigger(payload: str) -> str | None:
    """The trigger a review button fires, None for anything else (then the review is shown again)."""
    if payload.startswith(EDIT_STEP):
        return f"edit_{payload.removeprefix(EDIT_STEP)}"
    return REVIEW_TRIGGERS.get(payload)


class DraftModel:
    """What the machine moves: the draft's current state and whether it is being edited."""

    def __init__(self, state: str, is_editing: bool) -> None:
        self.state = state
        self.is_editing = is_editing


def machine_spec(flow: FlowSpec) -> dict[str, Any]:
    """The machine as data: states, and transitions whose first passing condition wins."""
    steps = list(flow.step_ids())
    transitions: list[dict[str, Any]] = []
    for index, step in enumerate(steps):
        following = steps[index + 1] if index + 1 < len(steps) else REVIEW
        transitions.append({"trigger": "next", "source": step, "dest": REVIEW, "conditions": "is_editing"})
        transitions.append({"trigger": "next", "source": step, "dest": following})
        transitions.append({"trigger": f"edit_{step}", "source": REVIEW, "dest": step})
    transitions.append({"trigger": "send", "source": REVIEW, "dest": SENT})
    transitions.append({"trigger": "cancel", "source": [*steps, REVIEW], "dest": CANCELLED})
    return {
        "states": [*steps, REVIEW, SENT, CANCELLED],
        "transitions": transitions,
        "initial": steps[0],
        "auto_transitions": False,
        "model": None,
    }


class FlowMachine:
    """Moves a draft through one flow."""

    def __init__(self, flow: FlowSpec) -> None:
        self.flow = flow
        self._machine = Machine(**machine_spec(flow))

    @property
    def first_step(self) -> str:
        return self.flow.steps[0].id

    def fire(self, state: str, trigger: str, *, is_editing: bool = False) -> str:
        """The state after `trigger` from `state`; raises MachineError when not allowed."""
        model = DraftModel(state, is_editing)
        self._machine.add_model(model, initial=state)
        try:
            model.trigger(trigger)  # type: ignore[attr-defined]
            return model.state
        finally:
            self._machine.remove_model(model)


def mermaid(flow: FlowSpec) -> str:
    """The flow drawn as a Mermaid state diagram (no graphviz needed)."""
    from transitions.extensions import GraphMachine

    class _Model:
        pass

    model = _Model()
    spec = machine_spec(flow)
    spec["model"] = model
    GraphMachine(**spec, graph_engine="mermaid", title=flow.id, show_conditions=True)
    text: str = model.get_graph().draw(None)  # type: ignore[attr-defined]
    return text
