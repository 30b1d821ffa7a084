"""Build bot/screening/data/tlds.txt: every top-level domain IANA delegates, in ASCII.

    pip install -e '.[data]' && python -m benchmarks.screening.build_tlds

An address munged or spaced ("peter(at)reid(dot)kiwi", "nom @ domaine .immo") is accepted
only before a top-level domain that exists: the hand list in identifiers.py held the usual
ones, and a new gTLD failed. The ICANN section of the Public Suffix List (the copy shipped
in the `publicsuffixlist` package, MPL-2.0) holds every delegated top-level domain; its
single-label ASCII entries are written one a line (internationalised ones are left out:
the rules read Latin letters after the last dot).
"""

from __future__ import annotations

import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[2] / "bot" / "screening" / "data" / "tlds.txt"


def icann_tlds(psl_text: str) -> list[str]:
    """The single-label ASCII entries of the list's ICANN section, sorted."""
    found: set[str] = set()
    for raw in psl_text.splitlines():
        line = raw.strip()
        if "===BEGIN PRIVATE DOMAINS===" in line:
            break
        if not line or line.startswith("//"):
            continue
        label = line.lstrip("!*.")
        if "." not in label and label.isascii() and label.isalpha():
            found.add(label.lower())
    return sorted(found)


def main() -> int:
    import publicsuffixlist

    source = Path(publicsuffixlist.__file__).resolve().parent / "public_suffix_list.dat"
    tlds = icann_tlds(source.read_text(encoding="utf-8"))
    header = (
        "# top-level domains (ICANN section of the Public Suffix List, through publicsuffixlist "
        f"{getattr(publicsuffixlist, '__version__', '')}); rebuilt by "
        "python -m benchmarks.screening.build_tlds\n"
    )
    OUT.write_text(header + "\n".join(tlds) + "\n", encoding="utf-8")
    print(f"{len(tlds)} top-level domains -> {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
