"""Text folding: one rule each, as the modules comparing typed words rely on it."""

from __future__ import annotations

from bot.domain.text import fold, fold_keeping_offsets, fold_letters, fold_words, strip_accents


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
