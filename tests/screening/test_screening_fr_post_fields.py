"""Capitals after a French role written bare, as a post is titled ("référent AVC",
"responsable QSE"), name the post's field; after "mon responsable" or "le chef" they are
someone's initials. Sentences written for these tests."""

from __future__ import annotations

import pytest

from bot.screening import ScreeningEngine
from tests.screening_engines import found, fr

__all__ = ["fr"]  # fixtures


@pytest.mark.parametrize(
    "text",
    [
        "on veut me nommer référent TMS en plus de mon poste",
        "elle est passée responsable QSE sans augmentation",
    ],
)
def test_a_post_titled_by_its_field_is_no_one(fr: ScreeningEngine, text: str) -> None:
    assert [k for k, _ in found(fr, text) if k == "person"] == []


@pytest.mark.parametrize(
    "text",
    ["mon responsable JB ne répond jamais aux mails", "j'ai vu le chef JB ce matin à la pause"],
)
def test_initials_after_a_role_with_its_article_are_someone(fr: ScreeningEngine, text: str) -> None:
    assert ("person", "JB") in found(fr, text)
