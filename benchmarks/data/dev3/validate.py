"""Validate fr.jsonl and en.jsonl of the dev3 set and print counts."""
import collections
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
KINDS = {"person", "organization", "email", "phone", "iban", "card", "nir", "siret", "url", "address"}
DATA_FAMILIES = {
    "lowercase-name", "name-list", "name-after-title", "name-ordinary-word", "nickname-initials",
    "surname-only", "full-name", "org-lowercase", "org-abbrev", "org-ordinary-word", "small-firm",
    "org-capitalised", "url-no-scheme", "email", "phone", "iban", "card", "nir", "siret", "address",
    "evasion", "mixed",
}
CLEAN_FAMILIES = {
    "clean-ordinary", "clean-eponym", "clean-place", "clean-greeting", "clean-acronym",
    "clean-public-body", "clean-typo", "clean-idiom", "clean-english-words", "clean-long",
}


# the kind a data family promises (the line must carry at least one entity of it)
FAMILY_KIND = {
    "email": "email", "phone": "phone", "iban": "iban", "card": "card", "nir": "nir", "siret": "siret",
    "address": "address", "url-no-scheme": "url",
    "org-lowercase": "organization", "org-abbrev": "organization", "org-ordinary-word": "organization",
    "small-firm": "organization", "org-capitalised": "organization",
    "lowercase-name": "person", "name-list": "person", "name-after-title": "person",
    "name-ordinary-word": "person", "nickname-initials": "person", "surname-only": "person",
    "full-name": "person",
}


def luhn_ok(d: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(d)):
        n = int(ch)
        if i % 2 == 1:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


def iban_ok(v: str) -> bool:
    s = re.sub(r"\s", "", v).upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", s):
        return False
    s = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in s)) % 97 == 1


def nir_ok(v: str) -> bool:
    s = re.sub(r"\s", "", v)
    if not re.fullmatch(r"[12]\d{14}", s):
        return False
    return 97 - int(s[:13]) % 97 == int(s[13:])


def check_value(kind: str, v: str) -> bool:
    digits = re.sub(r"[\s.-]", "", v)
    if kind == "iban":
        return iban_ok(v)
    if kind == "card":
        return digits.isdigit() and 13 <= len(digits) <= 19 and luhn_ok(digits)
    if kind == "siret":
        return digits.isdigit() and len(digits) in (9, 14) and luhn_ok(digits) and luhn_ok(digits[:9])
    if kind == "nir":
        return nir_ok(v)
    return True


def main() -> int:
    errors = []
    seen = set()
    for lang in ("fr", "en"):
        path = HERE / f"{lang}.jsonl"
        rows = []
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                errors.append(f"{path.name}:{n}: bad JSON {exc}")
                continue
            rows.append(row)
            rid, text, ents, fam = row["id"], row["text"], row["entities"], row["family"]
            if set(row) != {"id", "lang", "family", "text", "entities"}:
                errors.append(f"{rid}: unexpected keys {sorted(row)}")
            if rid in seen:
                errors.append(f"{rid}: duplicate id")
            seen.add(rid)
            if not re.fullmatch(rf"{lang}-d3-\d{{4}}", rid) or row["lang"] != lang:
                errors.append(f"{rid}: bad id or lang")
            if fam not in DATA_FAMILIES | CLEAN_FAMILIES:
                errors.append(f"{rid}: unknown family {fam}")
            if fam in CLEAN_FAMILIES and ents:
                errors.append(f"{rid}: clean family with entities")
            if fam in DATA_FAMILIES and not ents:
                errors.append(f"{rid}: data family without entities")
            kinds_here = [e["kind"] for e in ents]
            if fam in FAMILY_KIND and FAMILY_KIND[fam] not in kinds_here:
                errors.append(f"{rid}: family {fam} without a {FAMILY_KIND[fam]} entity")
            if fam == "mixed" and len(set(kinds_here)) < 2:
                errors.append(f"{rid}: family mixed with fewer than two kinds")
            if fam == "name-list" and kinds_here.count("person") < 2:
                errors.append(f"{rid}: family name-list with fewer than two persons")
            if not text.strip():
                errors.append(f"{rid}: empty text")
            last_end = -1
            for e in sorted(ents, key=lambda e: e["start"]):
                s, t, k = e["start"], e["end"], e["kind"]
                if k not in KINDS:
                    errors.append(f"{rid}: bad kind {k}")
                if not (0 <= s < t <= len(text)):
                    errors.append(f"{rid}: span out of text {s}-{t}")
                    continue
                v = text[s:t]
                if v != v.strip() or not v:
                    errors.append(f"{rid}: span with outer spaces {v!r}")
                if v[-1] in ",;:!?'\"" or v[0] in "\"'" or v.count("(") != v.count(")"):
                    errors.append(f"{rid}: span with outer punctuation {v!r}")
                if "[[" in text or "{{" in text:
                    errors.append(f"{rid}: leftover markup")
                if s < last_end:
                    errors.append(f"{rid}: overlapping spans")
                last_end = t
                if fam != "evasion" and not check_value(k, v):
                    errors.append(f"{rid}: checksum fails for {k} {v!r}")
        texts = collections.Counter(r["text"] for r in rows)
        for t, c in texts.items():
            if c > 1:
                errors.append(f"{lang}: duplicate text {t[:40]!r}")
        ids = [r["id"] for r in rows]
        if ids != [f"{lang}-d3-{i:04d}" for i in range(1, len(rows) + 1)]:
            errors.append(f"{lang}: ids not sequential")
        data = sum(1 for r in rows if r["entities"])
        print(f"== {lang}: {len(rows)} messages, {data} with data, {len(rows) - data} clean")
        kinds = collections.Counter(e["kind"] for r in rows for e in r["entities"])
        print("  kinds:   ", dict(sorted(kinds.items(), key=lambda kv: -kv[1])))
        fams = collections.Counter(r["family"] for r in rows)
        print("  families:", dict(sorted(fams.items(), key=lambda kv: -kv[1])))
    for e in errors:
        print("ERROR", e)
    print("OK" if not errors else f"{len(errors)} errors")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
