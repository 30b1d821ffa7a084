"""Text folding: one rule each, as the modules comparing typed words rely on it."""

from __future__ import annotations

from bot.domain.text import (
    fold,
    fold_keeping_offsets,
    fold_letters,
    fold_words,
    has_words,
    printable,
    strip_accents,
)


def test_strip_accents_keeps_case_and_letters() -> None:
    assert strip_accents("Élève à Noël") == "Eleve a Noel"


def test_fold_unifies_case_accents_and_apostrophes() -> None:
    assert fold("C’est DÉJÀ l`heure") == "c'est deja l'heure"
    assert fold("c'est déjà l'heure") == fold("C’EST DEJA L’HEURE")


def test_fold_words_drops_apostrophes_and_splits_on_punctuation() -> None:
    assert fold_words("Merci d'avance, vraiment !") == ["merci", "davance", "vraiment"]
    assert fold_words("MERCI d’avance") == ["merci", "davance"]


def test_fold_letters_keeps_only_letters_and_digits() -> None:
    assert fold_letters("D’accord !") == "daccord"
    assert fold_letters("J'accepte.") == fold_letters("j accepte")


def test_fold_keeping_offsets_keeps_the_length() -> None:
    for text in ("Ǆemal Ñuñez ﬁle", "İstanbul", "Çà et là", "l’été"):
        folded = fold_keeping_offsets(text)
        assert len(folded) == len(text)
    assert fold_keeping_offsets("Éloïse’s") == "eloise's"


def test_printable_removes_terminal_escapes_controls_and_bidi_overrides() -> None:
    assert printable("La confiance\x07\x1b[31m de l'équipe\x00 …") == "La confiance de l'équipe …"
    assert printable("\x1b]0;titre\x07Bonjour\x1b[0m") == "Bonjour"
    assert printable("du service\u202e.\u2066a\u2069\u202a") == "du service.a"
    assert printable("\x9b31mrouge\x7f\x85") == "rouge"


def test_printable_keeps_words_apart_newlines_tabs_and_what_the_screening_undoes() -> None:
    assert printable("Jean\x00Dupont") == "Jean Dupont"  # as the screening reads it
    assert printable("une\r\ndeux\rtrois\tquatre\n") == "une\ndeux\ntrois\tquatre\n"
    disguised = "Je\u200ban Dupоnt 👩\u200d👩\u200d👧 é\u0301 \u200f"  # zero-width, Cyrillic о, ZWJ
    assert printable(disguised) == disguised


def test_has_words_wants_a_letter_or_a_digit() -> None:
    assert not has_words("😤" * 31 + " !?…")
    assert has_words("😤 ok") and has_words("42") and has_words("équipe")
