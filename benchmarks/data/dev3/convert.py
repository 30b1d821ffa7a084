"""Convert the dev3 markup files (src/*.txt) to JSONL.

Markup, one message per line:  family<TAB>text  or  family:: text
  [[kind:span text]]    an entity of that kind (kinds of GUIDE.md)
  {{iban}} {{iban_sp}} {{gbiban_sp}} {{nir}} {{nir_sp}} {{siren}} {{siren_sp}}
  {{siret}} {{siret_sp}} {{card}} {{card_sp}} {{card_dash}} {{iban_evo}} {{card_evo}}
                        replaced by a freshly computed, checksum-valid fake value
                        (seeded, so the output is reproducible); *_evo values are
                        valid values whose 0/1 digits are then written as O/I (evasion)
  \\n inside text        a real newline in the message
Lines starting with '#' and blank lines are ignored.
"""
import json
import random
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SPAN = re.compile(r"\[\[([a-z]+):(.+?)\]\]", re.S)
PH = re.compile(r"\{\{(\w+)\}\}")
KINDS = {"person", "organization", "email", "phone", "iban", "card", "nir", "siret", "url", "address"}


def luhn_digit(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def iban_check(country: str, bban: str) -> str:
    s = bban + country + "00"
    num = "".join(str(int(c, 36)) for c in s)
    return f"{98 - int(num) % 97:02d}"


def group4(s: str) -> str:
    return " ".join(s[i:i + 4] for i in range(0, len(s), 4))


def fr_iban(r: random.Random) -> str:
    bank = f"{r.choice([10278, 30004, 30002, 20041, 10107, 30066, 18206, 16606, 12506, 30003]):05d}"
    guichet = f"{r.randrange(100000):05d}"
    compte = f"{r.randrange(10**11):011d}"
    rib = 97 - ((89 * int(bank) + 15 * int(guichet) + 3 * int(compte)) % 97)
    bban = bank + guichet + compte + f"{rib:02d}"
    return "FR" + iban_check("FR", bban) + bban


def gb_iban(r: random.Random) -> str:
    bban = r.choice(["NWBK", "BARC", "LOYD", "HBUK", "MIDL"]) + f"{r.randrange(10**6):06d}" + f"{r.randrange(10**8):08d}"
    return "GB" + iban_check("GB", bban) + bban


def nir(r: random.Random) -> str:
    body = (
        str(r.choice([1, 2]))
        + f"{r.randrange(55, 100):02d}"
        + f"{r.randrange(1, 13):02d}"
        + f"{r.choice([1, 6, 13, 29, 31, 33, 35, 44, 59, 62, 67, 69, 75, 76, 93, 974 // 10]):02d}"
        + f"{r.randrange(1, 990):03d}"
        + f"{r.randrange(1, 999):03d}"
    )
    return body + f"{97 - int(body) % 97:02d}"


def nir_spaced(n: str) -> str:
    return " ".join([n[0], n[1:3], n[3:5], n[5:7], n[7:10], n[10:13], n[13:15]])


def siren(r: random.Random) -> str:
    body = str(r.randrange(1, 10)) + f"{r.randrange(10**7):07d}"
    return body + luhn_digit(body)


def siret(r: random.Random) -> str:
    s = siren(r) + f"{r.randrange(1, 300):04d}"
    return s + luhn_digit(s)


def card(r: random.Random) -> str:
    body = r.choice(["4970", "4974", "5132", "5355", "4017"]) + f"{r.randrange(10**11):011d}"
    return body + luhn_digit(body)


def fill(name: str, r: random.Random) -> str:
    if name == "iban":
        return fr_iban(r)
    if name == "iban_sp":
        return group4(fr_iban(r))
    if name == "gbiban_sp":
        return group4(gb_iban(r))
    if name == "gbiban":
        return gb_iban(r)
    if name == "nir":
        return nir(r)
    if name == "nir_sp":
        return nir_spaced(nir(r))
    if name == "siren":
        return siren(r)
    if name == "siren_sp":
        s = siren(r)
        return f"{s[:3]} {s[3:6]} {s[6:]}"
    if name == "siret":
        return siret(r)
    if name == "siret_sp":
        s = siret(r)
        return f"{s[:3]} {s[3:6]} {s[6:9]} {s[9:]}"
    if name == "card":
        return card(r)
    if name == "card_sp":
        return group4(card(r))
    if name == "card_dash":
        return group4(card(r)).replace(" ", "-")
    if name == "iban_evo":
        return group4(fr_iban(r)).replace("0", "O").replace("1", "I")
    if name == "card_evo":
        return group4(card(r)).replace("0", "O").replace("1", "I")
    raise ValueError(f"unknown placeholder {name}")


def convert(lang: str) -> list[dict]:
    rows = []
    r = random.Random(f"cadre-dev3-{lang}")
    n = 0
    for path in sorted((HERE / "src").glob(f"{lang}_*.txt")):
        for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not raw.strip() or raw.startswith("#"):
                continue
            family, sep, marked = raw.partition("\t")
            if not sep or " " in family.strip():
                family, sep, marked = raw.partition(":: ")
            if not sep:
                sys.exit(f"{path.name}:{lineno}: no TAB")
            marked = marked.replace("\\n", "\n")
            marked = PH.sub(lambda m: fill(m.group(1), r), marked)
            text, ents, pos = "", [], 0
            for m in SPAN.finditer(marked):
                text += marked[pos:m.start()]
                kind, span = m.group(1), m.group(2)
                if kind not in KINDS:
                    sys.exit(f"{path.name}:{lineno}: bad kind {kind}")
                ents.append({"start": len(text), "end": len(text) + len(span), "kind": kind, "_s": span})
                text += span
                pos = m.end()
            text += marked[pos:]
            if "[[" in text or "]]" in text or "{{" in text:
                sys.exit(f"{path.name}:{lineno}: leftover markup")
            for e in ents:
                assert text[e["start"]:e["end"]] == e.pop("_s")
            n += 1
            rows.append({"id": f"{lang}-d3-{n:04d}", "lang": lang, "family": family.strip(),
                         "text": text, "entities": ents})
    return rows


def main() -> None:
    for lang in ("fr", "en"):
        rows = convert(lang)
        with open(HERE / f"{lang}.jsonl", "w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(lang, len(rows))


if __name__ == "__main__":
    main()
