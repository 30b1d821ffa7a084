"""Initials someone signs with are that person: "il signe ses notes « MFC »".

After a verb of signing (and up to three lower-case words, quotes or not) capitals that
are no known abbreviation stand for the signer. A document signed ("signer le formulaire
CE", "signé mon CDI") names no one. Sentences written for these tests.
"""

from __future__ import annotations

import pytest

from bot.screening import ScreeningEngine
from tests.screening_engines import en, found, fr

__all__ = ["en", "fr"]  # fixtures


@pytest.mark.parametrize(
    ("text", "initials"),
    [
        ("Le chef de service signe ses notes « PKD » et ne répond jamais", "PKD"),
        ("elle signe toujours RBT, même sur les mails officiels", "RBT"),
    ],
)
def test_french_signed_initials_are_someone(fr: ScreeningEngine, text: str, initials: str) -> None:
    assert ("person", initials) in found(fr, text)


def test_english_signed_initials_are_someone(en: ScreeningEngine) -> None:
    assert ("person", "DWK") in found(en, "our director signs every memo DWK and nobody dares reply")


@pytest.mark.parametrize(
    "text",
    ["il faut signer le formulaire CE avant lundi", "j'ai signé mon CDI hier soir"],
)
def test_a_signed_document_is_no_one(fr: ScreeningEngine, text: str) -> None:
    assert [k for k, _ in found(fr, text) if k == "person"] == []
