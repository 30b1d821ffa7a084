"""The structured probe's sentences: seeded, their entities where they say, marks removed.

The probe's figures are compared between branches (docs/screening.md), so the same seed
must give the same sentences, and an entity's span must hold the value, not its frame.
"""

from __future__ import annotations

import pytest

from benchmarks.screening.probe_structured_sourced import probes

pytest.importorskip("faker")


def test_the_same_seed_gives_the_same_sentences() -> None:
    assert probes(2, 7) == probes(2, 7)


def test_entities_are_the_values_without_their_frame() -> None:
    chosen = probes(2, 7)
    for probe in chosen:
        assert "[[" not in probe.text and "]]" not in probe.text
        if not probe.kinds:
            continue
        entity = probe.text[probe.start : probe.end]
        assert entity and entity == entity.strip(), probe
    glued = [p for p in chosen if p.group == "iban_glued"]
    assert glued and all(p.text[p.start : p.start + 2].isalpha() for p in glued)
    assert all(not p.text[p.start : p.end].lower().startswith("iban") for p in glued)


def test_every_kind_and_a_clean_side_are_there() -> None:
    kinds = {p.group.split("_", 1)[0] for p in probes(1, 7)}
    assert {"addr", "mail", "phone", "iban", "card", "nir", "siret", "url", "clean"} <= kinds
