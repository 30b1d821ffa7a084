"""Ask, don't accuse: a word that may be a name can be kept on the mentee's word; a
structured identifier never can. Nothing of a held answer reaches the store before."""

from __future__ import annotations

from pathlib import Path

from bot.channels.console import CONSOLE_USER
from bot.core.flow.runner import VOUCHED_ACTION
from bot.domain import AuditEvent, Finding
from tests.conftest import paris
from tests.harness import Harness


class MaybeNames:
    """Flags words starting with ZORG as possible names (uncertain), and 'TEL' as a phone."""

    def screen(self, text: str) -> list[Finding]:
        found: list[Finding] = []
        for marker, kind, certain in (("ZORG", "person", False), ("TEL", "phone", True)):
            start = text.find(marker)
            while start != -1:
                end = start
                while end < len(text) and not text[end].isspace():
                    end += 1
                found.append(Finding(start, end, kind, text[start:end], certain))
                start = text.find(marker, end)
        return sorted(found, key=lambda f: f.start)


async def _vouches(harness: Harness) -> list[AuditEvent]:
    return [e for e in await harness.store.audit_events() if e.action == VOUCHED_ACTION]


async def _started(project: Path) -> Harness:
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"), screener=MaybeNames())
    await harness.command("nouvelle")
    return harness


async def test_a_possible_name_is_asked_about_and_kept_on_the_mentee_word(project: Path) -> None:
    harness = await _started(project)
    said = await harness.type("Le personnage ZORGLUB de notre jeu de rôle en atelier bloque l'équipe.")
    assert "pourraient désigner une personne ou une entreprise réelle" in said
    assert "Ce n'est ni une personne ni une entreprise réelle" in said
    conversation = await harness.store.get_conversation(CONSOLE_USER)
    assert conversation is not None and "ZORGLUB" not in repr(conversation)
    assert not await _vouches(harness)
    said = await harness.type("Ce n'est ni une personne ni une entreprise réelle")
    assert "je garde votre réponse telle quelle" in said and "2/4" in said
    draft = (await harness.store.get_conversation(CONSOLE_USER)).draft  # type: ignore[union-attr]
    assert draft is not None and "ZORGLUB" in (draft.answer("context") or "")
    events = await _vouches(harness)
    assert len(events) == 1
    assert dict(events[0].details) == {"flow": draft.flow, "step": "context", "words": "1"}
    assert "ZORGLUB" not in repr(events)


async def test_a_structured_identifier_can_never_be_vouched_for(project: Path) -> None:
    harness = await _started(project)
    said = await harness.type("ZORGLUB m'a donné son numéro TEL0612345678 hier soir en réunion.")
    assert "n'a pas été enregistrée" in said
    assert "ni une personne ni une entreprise réelle" not in said
    assert all(c.value != "screen:vouch" for c in harness.choices)


async def test_the_vouching_sentence_typed_when_not_offered_is_not_taken_as_the_answer(
    project: Path,
) -> None:
    """With a phone among the findings the vouch is not offered; typed anyway, the sentence
    gets the reason (never kept on anyone's word) and the choices again, and does not
    become the step's answer."""
    harness = await _started(project)
    await harness.type("ZORGLUB m'a donné son numéro TEL0612345678 hier soir en réunion.")
    offered = harness.choices
    said = await harness.type("ce n'est ni une personne ni une entreprise réelle")
    assert "jamais conservé" in said and "2/4" not in said
    assert harness.choices == offered
    draft = (await harness.store.get_conversation(CONSOLE_USER)).draft  # type: ignore[union-attr]
    assert draft is not None and draft.answer("context") is None


async def test_a_vouch_without_the_held_answer_asks_for_it_again(project: Path) -> None:
    harness = await _started(project)
    await harness.type("Le personnage ZORGLUB de notre jeu de rôle en atelier bloque l'équipe.")
    choices = harness.choices
    # another process, or a restart: the held answer is not there
    harness2 = await Harness.start(
        project / "config",
        paris("2026-11-23T10:05"),
        store=harness.store,
        screener=MaybeNames(),
        consent=False,
    )
    harness2.choices = choices
    said = await harness2.type("Ce n'est ni une personne ni une entreprise réelle")
    assert "Pouvez-vous la renvoyer" in said and "1/4" in said
    assert not await _vouches(harness)


async def test_answering_something_else_forgets_the_held_answer(project: Path) -> None:
    harness = await _started(project)
    await harness.type("Le personnage ZORGLUB de notre jeu de rôle en atelier bloque l'équipe.")
    choices = harness.choices
    await harness.type("Je réécris")
    harness.choices = choices
    said = await harness.type("Ce n'est ni une personne ni une entreprise réelle")
    assert "Pouvez-vous la renvoyer" in said


async def test_a_bare_number_beside_the_screening_choices_is_never_the_answer(project: Path) -> None:
    """On a step with no minimum length, '4' beside three choices used to be stored as the
    step's answer ("▸ Échéance : 4"); it is a pick of a line that is not there."""
    flow = project / "flows" / "question.yaml"
    flow.write_text(flow.read_text().replace("      - min_length: 15\n      - max_length: 1200\n", ""))
    harness = await _started(project)
    await harness.type("Une réunion d'équipe tourne mal chaque semaine depuis septembre.")
    said = await harness.type("Le projet ZORGLUB doit finir vite.")
    assert len(harness.choices) == 3
    said = await harness.type("4")
    assert "de 1 à 3" in said and len(harness.choices) == 3
    draft = (await harness.store.get_conversation(CONSOLE_USER)).draft  # type: ignore[union-attr]
    assert draft is not None and draft.step == "stake" and draft.answer("stake") is None
    said = await harness.type("3")
    assert "je garde votre réponse telle quelle" in said


async def test_a_word_kept_once_is_not_asked_about_again_in_the_same_draft(project: Path) -> None:
    harness = await _started(project)
    said = await harness.type("Le projet ZORGLUB avance mal et ZORGLUB prend tout notre temps.")
    assert said.count("« ZORGLUB »") == 1, "each word listed once"
    await harness.type("Ce n'est ni une personne ni une entreprise réelle")
    said = await harness.type("Que ZORGLUB sorte à temps pour le client.")
    assert "pourraient désigner" not in said and "3/4" in said
    draft = (await harness.store.get_conversation(CONSOLE_USER)).draft  # type: ignore[union-attr]
    assert draft is not None and draft.kept_words == ("zorglub",)
    assert "ZORGLUB" in (draft.answer("stake") or "")
    said = await harness.type("Un autre ZORGLUBIEN est apparu dans le planning.")
    assert "pourraient désigner" in said, "only the word kept, not every word that may be a name"
    events = await _vouches(harness)
    assert [dict(e.details)["words"] for e in events] == ["1"]
