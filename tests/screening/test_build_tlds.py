"""The top-level domain list's builder and the shipped list it wrote."""

from __future__ import annotations

from benchmarks.screening.build_tlds import OUT, icann_tlds

SAMPLE = """// ===BEGIN ICANN DOMAINS===
// a comment
com
co.uk
*.ck
!www.ck
KIWI
台灣
// ===END ICANN DOMAINS===
// ===BEGIN PRIVATE DOMAINS===
blogspot
"""


def test_only_single_ascii_labels_of_the_icann_section_are_kept() -> None:
    assert icann_tlds(SAMPLE) == ["ck", "com", "kiwi"]


def test_the_shipped_list_holds_old_and_new_domains_and_no_comment() -> None:
    lines = [line for line in OUT.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    assert {"com", "fr", "kiwi", "photography", "paris"} <= set(lines)
    assert all(line.isascii() and line.isalpha() and line.islower() for line in lines)
    assert len(lines) > 1000
