"""Build and check a screening corpus folder: markup sources (src/*.txt) to JSONL, then validate.

One tool for every corpus folder under benchmarks/data, so that a new set written by
someone who never read the detector only writes markup. Usage, from the checkout:

    .venv/bin/python -m benchmarks.screening.corpus convert benchmarks/data/dev4 --tag d4
    .venv/bin/python -m benchmarks.screening.corpus validate benchmarks/data/dev4 --tag d4

Markup, one message per line:  family<TAB>text  or  family:: text
  [[kind:span text]]    an entity of that kind (kinds of GUIDE.md); a span may hold \\n
  {{iban}} {{iban_sp}} {{gbiban}} {{gbiban_sp}} {{nir}} {{nir_sp}} {{siren}} {{siren_sp}}
  {{siret}} {{siret_sp}} {{card}} {{card_sp}} {{card_dash}} {{iban_evo}} {{card_evo}}
                        replaced by a freshly computed, checksum-valid fake value, seeded
                        by the folder's name (or, for a renamed set, the name in its
                        SEED file) and the language (reproducible); *_evo values
                        are valid values whose digits 0 and 1 are then written O and I
  \\n inside text        a real newline in the message
Lines starting with '#' and blank lines are ignored. Ids are <lang>-<tag>-0001…
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

LANGS = ("fr", "en")
SPAN = re.compile(r"\[\[([a-z]+):(.+?)\]\]", re.S)
PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")
KINDS = {"person", "organization", "email", "phone", "iban", "card", "nir", "siret", "url", "address"}
DATA_FAMILIES = {
    "lowercase-name", "name-list", "name-after-title", "name-ordinary-word", "nickname-initials",
    "surname-only", "full-name", "org-lowercase", "org-abbrev", "org-ordinary-word", "small-firm",
    "org-capitalised", "url-no-scheme", "email", "phone", "iban", "card", "nir", "siret", "address",
    "evasion", "mixed",
}  # fmt: skip
CLEAN_FAMILIES = {
    "clean-ordinary", "clean-eponym", "clean-place", "clean-greeting", "clean-acronym",
    "clean-public-body", "clean-typo", "clean-idiom", "clean-english-words", "clean-long", "clean-real",
}  # fmt: skip
FAMILY_KIND = {
    "email": "email", "phone": "phone", "iban": "iban", "card": "card", "nir": "nir", "siret": "siret",
    "address": "address", "url-no-scheme": "url",
    "org-lowercase": "organization", "org-abbrev": "organization", "org-ordinary-word": "organization",
    "small-firm": "organization", "org-capitalised": "organization",
    "lowercase-name": "person", "name-list": "person", "name-after-title": "person",
    "name-ordinary-word": "person", "nickname-initials": "person", "surname-only": "person",
    "full-name": "person",
}  # fmt: skip
"""The kind a data family promises: its line carries at least one entity of it."""


# -- checksums (generation and validation share them) ------------------------------------


def luhn_digit(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d = d * 2 - 9 if d * 2 > 9 else d * 2
        total += d
    return str((10 - total % 10) % 10)


def luhn_ok(digits: str) -> bool:
    return luhn_digit(digits[:-1]) == digits[-1]


def iban_check(country: str, bban: str) -> str:
    number = "".join(str(int(c, 36)) for c in bban + country + "00")
    return f"{98 - int(number) % 97:02d}"


def iban_ok(value: str) -> bool:
    s = re.sub(r"\s", "", value).upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", s):
        return False
    s = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in s)) % 97 == 1


def nir_ok(value: str) -> bool:
    s = re.sub(r"\s", "", value)
    return bool(re.fullmatch(r"[12]\d{14}", s)) and 97 - int(s[:13]) % 97 == int(s[13:])


# -- fake values -------------------------------------------------------------------------


def group4(s: str) -> str:
    return " ".join(s[i : i + 4] for i in range(0, len(s), 4))


def fr_iban(r: random.Random) -> str:
    bank = f"{r.choice([10278, 30004, 30002, 20041, 10107, 30066, 18206, 16606, 12506, 30003]):05d}"
    guichet = f"{r.randrange(100000):05d}"
    compte = f"{r.randrange(10**11):011d}"
    rib = 97 - ((89 * int(bank) + 15 * int(guichet) + 3 * int(compte)) % 97)
    bban = bank + guichet + compte + f"{rib:02d}"
    return "FR" + iban_check("FR", bban) + bban


def gb_iban(r: random.Random) -> str:
    bank = r.choice(["NWBK", "BARC", "LOYD", "HBUK", "MIDL"])
    bban = bank + f"{r.randrange(10**6):06d}" + f"{r.randrange(10**8):08d}"
    return "GB" + iban_check("GB", bban) + bban


def nir(r: random.Random) -> str:
    body = (
        str(r.choice([1, 2]))
        + f"{r.randrange(55, 100):02d}"
        + f"{r.randrange(1, 13):02d}"
        + f"{r.choice([1, 6, 13, 29, 31, 33, 35, 44, 59, 62, 67, 69, 75, 76, 93, 97]):02d}"
        + f"{r.randrange(1, 990):03d}"
        + f"{r.randrange(1, 999):03d}"
    )
    return body + f"{97 - int(body) % 97:02d}"


def siren(r: random.Random) -> str:
    body = str(r.randrange(1, 10)) + f"{r.randrange(10**7):07d}"
    return body + luhn_digit(body)


def siret(r: random.Random) -> str:
    s = siren(r) + f"{r.randrange(1, 300):04d}"
    return s + luhn_digit(s)


def card(r: random.Random) -> str:
    body = r.choice(["4970", "4974", "5132", "5355", "4017"]) + f"{r.randrange(10**11):011d}"
    return body + luhn_digit(body)


def _spaced_nir(n: str) -> str:
    return " ".join([n[0], n[1:3], n[3:5], n[5:7], n[7:10], n[10:13], n[13:15]])


def _spaced_siren(s: str) -> str:
    return f"{s[:3]} {s[3:6]} {s[6:]}"


def _spaced_siret(s: str) -> str:
    return f"{s[:3]} {s[3:6]} {s[6:9]} {s[9:]}"


def _evasion(s: str) -> str:
    return group4(s).replace("0", "O").replace("1", "I")


FILLERS: dict[str, Callable[[random.Random], str]] = {
    "iban": fr_iban,
    "iban_sp": lambda r: group4(fr_iban(r)),
    "gbiban": gb_iban,
    "gbiban_sp": lambda r: group4(gb_iban(r)),
    "nir": nir,
    "nir_sp": lambda r: _spaced_nir(nir(r)),
    "siren": siren,
    "siren_sp": lambda r: _spaced_siren(siren(r)),
    "siret": siret,
    "siret_sp": lambda r: _spaced_siret(siret(r)),
    "card": card,
    "card_sp": lambda r: group4(card(r)),
    "card_dash": lambda r: group4(card(r)).replace(" ", "-"),
    "iban_evo": lambda r: _evasion(fr_iban(r)),
    "card_evo": lambda r: _evasion(card(r)),
}


# -- convert -----------------------------------------------------------------------------


class MarkupError(Exception):
    """A markup line that cannot be converted, with its file and line."""


def convert_line(marked: str, r: random.Random) -> tuple[str, list[dict[str, Any]]]:
    """One markup message to its text and entities (offsets computed, never counted by hand)."""
    marked = marked.replace("\\n", "\n")

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in FILLERS:
            raise MarkupError(f"unknown placeholder {name}")
        return FILLERS[name](r)

    marked = PLACEHOLDER.sub(fill, marked)
    text, entities, pos = "", [], 0
    for match in SPAN.finditer(marked):
        text += marked[pos : match.start()]
        kind, span = match.group(1), match.group(2)
        if kind not in KINDS:
            raise MarkupError(f"bad kind {kind}")
        entities.append({"start": len(text), "end": len(text) + len(span), "kind": kind})
        text += span
        pos = match.end()
    text += marked[pos:]
    if "[[" in text or "]]" in text or "{{" in text:
        raise MarkupError("leftover markup")
    return text, entities


def seed_name(folder: Path) -> str:
    """The name a set's fake values are seeded by: its folder's, or for a set renamed since it
    was written (a retired held-out set) the first name, kept in its SEED file, so the
    markup still rebuilds the values its JSONL holds."""
    seed = folder / "SEED"
    return seed.read_text(encoding="utf-8").strip() if seed.is_file() else folder.name


def convert(folder: Path, lang: str, tag: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    r = random.Random(f"cadre-{seed_name(folder)}-{lang}")
    for path in sorted((folder / "src").glob(f"{lang}_*.txt")):
        for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not raw.strip() or raw.startswith("#"):
                continue
            family, sep, marked = raw.partition("\t")
            if not sep or " " in family.strip():
                family, sep, marked = raw.partition(":: ")
            if not sep:
                raise MarkupError(f"{path.name}:{lineno}: no TAB nor '::' after the family")
            try:
                text, entities = convert_line(marked, r)
            except MarkupError as exc:
                raise MarkupError(f"{path.name}:{lineno}: {exc}") from None
            rows.append(
                {
                    "id": f"{lang}-{tag}-{len(rows) + 1:04d}",
                    "lang": lang,
                    "family": family.strip(),
                    "text": text,
                    "entities": entities,
                }
            )
    return rows


# -- validate ----------------------------------------------------------------------------


def check_value(kind: str, value: str) -> bool:
    digits = re.sub(r"[\s.-]", "", value)
    if kind == "iban":
        return iban_ok(value)
    if kind == "card":
        return digits.isdigit() and 13 <= len(digits) <= 19 and luhn_ok(digits)
    if kind == "siret":
        return digits.isdigit() and len(digits) in (9, 14) and luhn_ok(digits) and luhn_ok(digits[:9])
    if kind == "nir":
        return nir_ok(value)
    return True


def row_errors(row: dict[str, Any], lang: str, tag: str) -> list[str]:
    """What is wrong with one JSONL row (GUIDE.md's rules, checksums, the family's promise)."""
    if set(row) != {"id", "lang", "family", "text", "entities"}:
        return [f"{row.get('id')}: unexpected keys {sorted(row)}"]
    rid, text, entities, family = row["id"], row["text"], row["entities"], row["family"]
    errors = []
    if not re.fullmatch(rf"{lang}-{tag}-\d{{4}}", rid) or row["lang"] != lang:
        errors.append(f"{rid}: bad id or lang")
    if family not in DATA_FAMILIES | CLEAN_FAMILIES:
        errors.append(f"{rid}: unknown family {family}")
    if family in CLEAN_FAMILIES and entities:
        errors.append(f"{rid}: clean family with entities")
    if family in DATA_FAMILIES and not entities:
        errors.append(f"{rid}: data family without entities")
    kinds_here = [e["kind"] for e in entities]
    if family in FAMILY_KIND and FAMILY_KIND[family] not in kinds_here:
        errors.append(f"{rid}: family {family} without a {FAMILY_KIND[family]} entity")
    if family == "mixed" and len(set(kinds_here)) < 2:
        errors.append(f"{rid}: family mixed with fewer than two kinds")
    if family == "name-list" and kinds_here.count("person") < 2:
        errors.append(f"{rid}: family name-list with fewer than two persons")
    if not text.strip():
        errors.append(f"{rid}: empty text")
    last_end = -1
    for entity in sorted(entities, key=lambda e: e["start"]):
        start, end, kind = entity["start"], entity["end"], entity["kind"]
        if kind not in KINDS:
            errors.append(f"{rid}: bad kind {kind}")
        if not 0 <= start < end <= len(text):
            errors.append(f"{rid}: span out of text {start}-{end}")
            continue
        value = text[start:end]
        if value != value.strip():
            errors.append(f"{rid}: span with outer spaces {value!r}")
        if value[-1] in ",;:!?'\"" or value[0] in "\"'" or value.count("(") != value.count(")"):
            errors.append(f"{rid}: span with outer punctuation {value!r}")
        if start < last_end:
            errors.append(f"{rid}: overlapping spans")
        last_end = end
        if family != "evasion" and not check_value(kind, value):
            errors.append(f"{rid}: checksum fails for {kind} {value!r}")
    return errors


def validate(folder: Path, tag: str, counts_only: bool = False) -> int:
    """Check both languages; print counts, then the errors (or only how many, for a held-out set)."""
    errors: list[str] = []
    for lang in LANGS:
        path = folder / f"{lang}.jsonl"
        rows = []
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                errors.append(f"{path.name}:{n}: bad JSON {exc}")
        for row in rows:
            errors.extend(row_errors(row, lang, tag))
        texts = collections.Counter(row["text"] for row in rows)
        errors.extend(f"{lang}: duplicate text {t[:40]!r}" for t, c in texts.items() if c > 1)
        if [row["id"] for row in rows] != [f"{lang}-{tag}-{i:04d}" for i in range(1, len(rows) + 1)]:
            errors.append(f"{lang}: ids not sequential")
        data = sum(1 for row in rows if row["entities"])
        print(f"== {lang}: {len(rows)} messages, {data} with data, {len(rows) - data} clean")
        kinds = collections.Counter(e["kind"] for row in rows for e in row["entities"])
        print("  kinds:   ", dict(kinds.most_common()))
        print("  families:", dict(collections.Counter(row["family"] for row in rows).most_common()))
    if not counts_only:
        for error in errors:
            print("ERROR", error)
    print("OK" if not errors else f"{len(errors)} errors")
    return 1 if errors else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.screening.corpus", description=__doc__.split("\n")[0]
    )
    parser.add_argument("action", choices=("convert", "validate"))
    parser.add_argument("folder", type=Path, help="the corpus folder (holds src/ and the JSONL files)")
    parser.add_argument("--tag", required=True, help="the id tag of this set: fr-<tag>-0001")
    parser.add_argument(
        "--counts-only", action="store_true", help="validate: print no error line (held-out sets)"
    )
    args = parser.parse_args(argv)
    if args.action == "validate":
        return validate(args.folder, args.tag, args.counts_only)
    for lang in LANGS:
        try:
            rows = convert(args.folder, lang, args.tag)
        except MarkupError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        with open(args.folder / f"{lang}.jsonl", "w", encoding="utf-8") as out:
            out.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
        print(lang, len(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
