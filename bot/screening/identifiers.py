"""Identifiers that carry their own proof: e-mails, links, phones, IBAN, cards, NIR, SIRET.

A bare regex on digits flags every budget and every date; here a digit sequence becomes a
finding only when a validator accepts it (phonenumbers, mod-97, Luhn, the NIR key), so the
false-alarm rate stays low while disguises (spaced-out digits, "(0)", "O" for zero,
"arobase", "[at]", "[dot]") are still seen through.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from bot.screening.hits import Hit
from bot.screening.lexicon import word_set
from bot.screening.national_ids import find_national_ids

if TYPE_CHECKING:  # phonenumbers is imported on first use (a tenth of a second at start-up)
    from phonenumbers import PhoneNumber

# ---------------------------------------------------------------- checksums


def luhn_ok(digits: str) -> bool:
    """The Luhn check used by payment cards and by SIREN/SIRET."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = ord(char) - 48
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def siret_ok(digits: str) -> bool:
    """SIREN (9 digits) or SIRET (14): Luhn, plus La Poste's establishments' own rule."""
    if len(digits) not in (9, 14) or len(set(digits)) == 1:
        return False
    if len(digits) == 14 and digits.startswith("356000000"):
        return sum(ord(c) - 48 for c in digits) % 5 == 0
    return luhn_ok(digits)


def card_ok(digits: str) -> bool:
    """A payment card number: known issuer prefix, plausible length, Luhn."""
    if not 13 <= len(digits) <= 19 or digits[0] not in "23456":
        return False
    if len(set(digits)) == 1:
        return False
    return luhn_ok(digits)


def nir_ok(compact: str) -> bool:
    """French social-security number (15 characters with its key; Corsica 2A/2B)."""
    if len(compact) != 15:
        return False
    compact = compact.upper()
    sex, month, dept = compact[0], compact[3:5], compact[5:7]
    if sex not in "123478" or not compact[1:5].isdigit() or not compact[7:].isdigit():
        return False
    month_value = int(month)
    if not (1 <= month_value <= 12 or 20 <= month_value <= 42 or 50 <= month_value <= 99):
        return False
    if dept == "2A":
        body = compact[:5] + "19" + compact[7:13]
    elif dept == "2B":
        body = compact[:5] + "18" + compact[7:13]
    elif dept.isdigit():
        body = compact[:13]
    else:
        return False
    return 97 - int(body) % 97 == int(compact[13:])


IBAN_LENGTHS: dict[str, int] = {
    "FR": 27,
    "MC": 27,
    "BE": 16,
    "LU": 20,
    "CH": 21,
    "DE": 22,
    "ES": 24,
    "IT": 27,
    "PT": 25,
    "NL": 18,
    "GB": 22,
    "IE": 22,
    "AT": 20,
    "PL": 28,
    "SE": 24,
    "DK": 18,
    "FI": 18,
    "NO": 15,
    "GR": 27,
    "CZ": 24,
    "RO": 24,
    "HU": 28,
    "SK": 24,
    "SI": 19,
    "HR": 21,
    "BG": 22,
    "LT": 20,
    "LV": 21,
    "EE": 20,
    "CY": 28,
    "MT": 31,
    "IS": 26,
    "LI": 21,
    "SM": 27,
    "AD": 24,
    "MA": 28,
    "TN": 24,
    "DZ": 26,
    "SN": 28,
    "CI": 28,
    "RE": 27,
    "GP": 27,
    "MQ": 27,
    "GF": 27,
    "NC": 27,
    "PF": 27,
    "TR": 26,
    "BR": 29,
}


def iban_ok(compact: str) -> bool:
    """ISO 13616: the right length for the country and the mod-97 remainder of 1."""
    compact = compact.upper()
    country = compact[:2]
    expected = IBAN_LENGTHS.get(country)
    if expected is not None and len(compact) != expected:
        return False
    if not 15 <= len(compact) <= 34 or not compact[2:4].isdigit():
        return False
    rearranged = compact[4:] + compact[:4]
    number = "".join(str(int(c, 36)) for c in rearranged)
    return int(number) % 97 == 1


_FR_NATIONAL_RE = re.compile(r"0[1-9]\d{8}")


def phone_ok(compact: str, regions: tuple[str, ...] = ("FR",)) -> bool:
    """A number phonenumbers accepts as valid in one of `regions` (French by default),
    international with +; an unallocated number with the right shape still counts."""
    if compact.startswith("00"):
        compact = "+" + compact[2:]
    if compact.startswith("+"):
        if not 8 <= len(compact) - 1 <= 15:
            return False
        regions = regions[:1]
    import phonenumbers  # imported on first use: it costs a tenth of a second at start-up

    for region in regions:
        if not compact.startswith("+") and not _national_shape(compact, region):
            continue
        parsed = _parsed(compact, region)
        if parsed is None:
            continue
        if phonenumbers.is_valid_number(parsed):
            return True
        # A number with its country code, or a national number of the usual length, that
        # is not (yet) allocated is still someone's phone in a mentee's message (overseas
        # mobiles, new ranges, numbers reserved for fiction): the shape alone identifies it.
        if phonenumbers.is_possible_number(parsed) and (
            compact.startswith("+") or _national_shape(compact, region)
        ):
            return True
    return False


def _national_shape(compact: str, region: str) -> bool:
    if region == "FR":
        return _FR_NATIONAL_RE.fullmatch(compact) is not None
    if region == "GB":
        # geographic (01, 02), personal (07), non-geographic (03), freephone and special
        # rates (08, 09: "0808 157 0288", "(0909) 879 0144")
        return compact.startswith("0") and len(compact) in (10, 11) and compact[1] in "123789"
    if region == "US":
        return len(compact) == 10 and compact[0] in "23456789" and compact[3] in "23456789"
    return False


def phone_regions(locale: str) -> tuple[str, ...]:
    """Where a national number is read first: France, then the English-speaking ones."""
    return ("GB", "US", "FR") if locale.startswith("en") else ("FR", "GB")


# Where else a national number (trunk prefix 0, no country code) is someone's phone in a
# mentee's message: the French- and English-writing countries and France's neighbours.
# Only numbers libphonenumber holds for valid there count (no shape alone, unlike the
# regions read first), so a reference or an amount starting with 0 stays clean.
ELSEWHERE_REGIONS: tuple[str, ...] = (
    "BE",
    "CH",
    "LU",
    "MC",
    "CA",
    "IE",
    "AU",
    "NZ",
    "ZA",
    "IN",
    "NG",
    "DE",
    "ES",
    "IT",
    "PT",
    "NL",
    "MA",
    "TN",
    "DZ",
    "SN",
    "CI",
)


def phone_elsewhere(compact: str) -> bool:
    """A national number (0 first, 9 to 11 digits) valid in one of ELSEWHERE_REGIONS."""
    if not (compact.startswith("0") and 9 <= len(compact) <= 11):
        return False
    import phonenumbers

    return any(
        (parsed := _parsed(compact, region)) is not None and phonenumbers.is_valid_number(parsed)
        for region in ELSEWHERE_REGIONS
    )


def _parsed(compact: str, region: str) -> PhoneNumber | None:
    """The number as phonenumbers reads it in `region`, None when it cannot."""
    import phonenumbers

    try:
        return phonenumbers.parse(compact, region)
    except phonenumbers.NumberParseException:
        return None


# ---------------------------------------------------------------- e-mails and links

_AT = (
    # "%40": the "@" of an address copied from a link's query ("jean.dupont%40gmail.com")
    r"(?:\s*@@?\s*|%40"
    r"|\s*[\[\(\{<]\s*(?:at|arobase|arrobase|arroba|@)\s*[\]\)\}>]\s*"
    # "jdupont(a)gmail.com": "a" in brackets, glued to both sides only ("(a) first item")
    r"|[\[\(]a[\]\)]"
    # "chez" is a French "at" only in a fully disguised address (checked in find_emails);
    # "arroba" is the Spanish and Portuguese one
    r"|\s+(?:at|arobase|arrobase|arroba|chez)\s+)"
)
_DOT_PLAIN = r"\."
_DOT_DISGUISED = (
    r"(?:\s*[\[\(\{<]\s*(?:dot|point|punto|ponto|\.)\s*[\]\)\}>]\s*|\s+(?:dot|point|punto|ponto)\s+)"
)
_DOT = rf"(?:{_DOT_PLAIN}|{_DOT_DISGUISED})"
_WORD = r"[\w%+\-]+"
# Inside a local part, after its first character, RFC 5322's other atext characters
# ("user+mailbox/department=shipping@…", "mailhost!username@…"); braces, backquote and
# bar are left out: "{at}" is a disguise, and they are code's more than people's
_LOCAL_WORD = r"[\w%+\-][\w%+\-!#$&*/=?^~]*"
# A quoted local part (RFC 5322 quoted-string: "\"quoted with space\"@example.com"), glued
# to a plain "@"
_QUOTED_LOCAL = r'"[^"\n@]{1,64}"(?=@)'
_LABEL = r"[^\W_](?:[\w\-]{0,61}[^\W_])?"
COMMON_TLDS = (
    "com|fr|net|org|io|eu|de|be|ch|uk|co|info|biz|app|dev|ai|tech|online|site|shop|"
    "store|cloud|pro|me|tv|us|ca|es|it|nl|lu|pt|ma|tn|sn|ci|re|paris|bzh|gouv\\.fr|"
    "asso\\.fr|xyz|club|email|mobi|name|work|agency|consulting|studio|group|ovh|dk|fi|pl|cz|ie|"
    "ro|hu|gr|jp|cn|ru|au|nz|za|br|mx|cm|dz"
)
# Link shorteners and internal hosts: bare domains on these count too ("bit.ly", "t.ly").
SHORT_TLDS = "ly|gl|gle|gg|sh|link|page|live|blog|local|intra|corp|lan"

# A space before or after the last dot, as a phone's keyboard leaves it ("jdupont@gmail .com",
# "j.dlamini@mweb.co. za"): only before a known top-level domain (checked in find_emails)
# A comma for the last dot, as a phone's keyboard types it ("kofi@gmail,com"): on the usual
# domains only. A line break after the last dot, as a narrow signature or a copy from a
# phone leaves it ("nathalie.girard@wanadoo.\nfr"): on the usual domains only
_DOT_SPACED = r"(?:[ \t]\.[ \t]?|\.[ \t]|\.\n|,)"


def _email_re(last_dot: str) -> re.Pattern[str]:
    return re.compile(
        # an apostrophe inside the local part is allowed ("sam.o'reilly@…"), not a quote before it
        rf"(?<![\w.%+\-])(?<!\w['’])(?P<local>{_QUOTED_LOCAL}|{_LOCAL_WORD}(?:(?:{_DOT}|['’]){_LOCAL_WORD})*)"
        rf"(?P<at>{_AT})"
        rf"(?P<domain>{_LABEL}(?:{_DOT}{_LABEL})*(?P<last>{last_dot})(?P<tld>[^\W\d_]{{2,24}}))(?![\w\-])",
        re.IGNORECASE,
    )


EMAIL_RE = _email_re(f"{_DOT}|{_DOT_SPACED}")
# the same without a space at the last dot: tried when the spaced reading is no address
# ("…@safari.africa. Merci": the sentence goes on after the domain)
_EMAIL_PLAIN_RE = _email_re(_DOT)
URL_RE = re.compile(r"(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>\"'«»]+", re.IGNORECASE)
_DOT_BRACKETED = r"(?:\.|\s*[\[\(\{<]\s*(?:dot|point|\.)\s*[\]\)\}>]\s*)"
# a generic domain under a country's ("gwgresorts.com.ph", "sbi.co.in", "ac.com.au"): the
# country's two letters are the host's, in the host's case (not "site.com.Il était…")
_UNDER_COUNTRY = r"(?:\.(?-i:[a-z]{2}|[A-Z]{2})(?![\w\-]))?"
DOMAIN_RE = re.compile(
    rf"(?<![@\w.\-])(?:{_LABEL}{_DOT_BRACKETED})+(?:{COMMON_TLDS}|{SHORT_TLDS})(?![\w\-]){_UNDER_COUNTRY}"
    rf"(?:/[^\s<>\"'«»]*)?",
    re.IGNORECASE,
)
_TLD_SET = frozenset(t.replace("\\", "") for t in COMMON_TLDS.split("|"))
# A disguised address ("kiran(at)nair(dot)in") may end in any country's domain: the usual
# ones beside those a bare domain is recognised by
_EMAIL_TLDS = _TLD_SET | word_set(
    "in sg my ke ng gh ae sa qa hk tw kr se no at il ar cl pe ph pk bd lk vn th id tr ua rs hr si sk bg"
    " lt lv ee is mt cy uy ec ve bo py cr pa do gt tz ug rw et zm zw bw na mu mg"
)


def _root_zone() -> frozenset[str]:
    """Every top-level domain IANA delegates (data/tlds.txt, built from the Public Suffix
    List by benchmarks/screening/build_tlds.py): a munged address on a new gTLD
    ("peter(at)reid(dot)kiwi") is someone's as much as one on ".com"."""
    from pathlib import Path

    path = Path(__file__).resolve().parent / "data" / "tlds.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


# Every country's domain (ISO 3166-1 alpha-2, as IANA delegates them, with .uk and .eu) and
# the generic ones people's addresses end in (IANA root zone: the original gTLDs, the
# sponsored ones and the new ones mail providers, universities, firms and towns use)
KNOWN_TLDS = (
    _EMAIL_TLDS
    | word_set(
        """ac ad ae af ag ai al am ao ar as at au aw ax az ba bb bd be bf bg bh bi bj bl bm bn bo bq
        br bs bt bw by bz ca cc cd cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz de dj dk dm do dz
        ec ee eg er es et eu fi fj fk fm fo fr ga gb gd ge gf gg gh gi gl gm gn gp gq gr gt gu gw gy
        hk hn hr ht hu id ie il im in io iq ir is it je jm jo jp ke kg kh ki km kn kp kr kw ky kz la
        lb lc li lk lr ls lt lu lv ly ma mc md me mf mg mh mk ml mm mn mo mp mq mr ms mt mu mv mw mx
        my mz na nc ne nf ng ni nl no np nr nu nz om pa pe pf pg ph pk pl pm pr ps pt pw py qa re ro
        rs ru rw sa sb sc sd se sg sh si sk sl sm sn so sr ss st sv sx sy sz tc td tg th tj tk tl tm
        tn to tr tt tv tw tz ua ug uk us uy uz va vc ve vg vi vn vu wf ws ye yt za zm zw"""
    )
    | word_set(
        """com net org edu gov mil int info biz name pro aero coop museum travel jobs mobi tel asia
        cat post africa arab berlin london nyc tokyo quebec wales scot bzh paris alsace corsica
        eus gal barcelona madrid amsterdam brussels vlaanderen koeln hamburg wien swiss lat
        email mail online site website web space tech digital network systems solutions services
        consulting agency studio group company global world international academy school education
        university college law legal finance capital money bank insurance partners ventures
        associates management marketing media news press design art photo photography music
        film events club community foundation charity health care clinic dental life family
        live love fun zone today one top best plus cool works center centre city town land
        house home work works team expert guru ninja rocks page link blog shop store boutique
        market sale deals fashion beauty coffee cafe restaurant bar pub food kitchen wine
        travel tours holiday immo realty estate properties build construction energy eco green
        bio solar farm garden pet vet auto cars bike fitness yoga golf football rugby sport
        io ai app dev cloud host hosting xyz icu vip ltd llc inc gmbh sarl sas srl co"""
    )
)
# the rest of the root zone: new gTLDs, many of them words ("now", "you", "day", "win")
_ROOT_ONLY_TLDS = _root_zone() - KNOWN_TLDS
KNOWN_TLDS = KNOWN_TLDS | _ROOT_ONLY_TLDS
# Two-letter top-level domains that are also short words: after a space they are a
# sentence's next word, not a domain ("…@home. in the morning")
_WORDLIKE_TLDS = word_set(
    "in it is no me us be by de es ma re at to so do go id my on or la le et en un se si tu il an as am"
    " je ne sa ni nu va ca pe mi"
)
# Second-level domains of a country's domain: "ug dot edu dot gh" is an address, "at home dot in" is not
_SECOND_LEVEL = word_set("ac co com edu gov gouv govt net org or ne go mil nic sch asso")
WORDLIKE_TLD_ZIPF = 3.0
"""A top-level domain of the root zone's rest this frequent in ordinary text (wordfreq's
zipf, either language: "now", "you", "day") is read as a sentence's next word after a space."""


def _word_like_tld(folded: str) -> bool:
    """Whether a top-level domain is also a word a sentence may go on with ("…@home. in the
    morning", "…@gmail. now please"): the short ones listed, and the root zone's words."""
    if folded in _WORDLIKE_TLDS:
        return True
    if folded not in _ROOT_ONLY_TLDS:
        return False
    from bot.screening.knowledge import knowledge

    facts = knowledge().facts(folded)
    return max(facts.fr, facts.en) >= WORDLIKE_TLD_ZIPF


_ADDRESS_LOCAL_RE = re.compile(r"[\d._\-+]")
_TRAILING = ".,;:!?)]}»\"'"
_DISGUISED_DOT_RE = re.compile(_DOT_DISGUISED, re.IGNORECASE)
_SPELT_RE = re.compile(r"\s(?:at|dot|point|punto|ponto|arobase|arrobase|arroba|chez)\s", re.IGNORECASE)
_POINT_SPELT_RE = re.compile(r"\s+point\s+", re.IGNORECASE)
_LABEL_SPLIT_RE = re.compile(
    r"\s*(?:[\[\(\{<]\s*)?(?:\.|\bdot\b|\bpoint\b|\bpunto\b|\bponto\b)(?:\s*[\]\)\}>])?\s*", re.IGNORECASE
)
# Files named like an address: an image's density suffix ("logo@2x.png") or an extension
# that no registry delegates as a top-level domain
_RETINA_RE = re.compile(r"\d(?:\.\d)?x\.", re.IGNORECASE)
_FILE_EXTENSIONS = word_set(
    "png jpg jpeg gif svg webp bmp tif tiff heic pdf doc docx xls xlsx ppt pptx odt ods txt csv"
    " json yaml yml xml html htm css js ts tsx jsx mp3 mp4 wav avi mkv psd ai eps"
)
# a local part before "chez" and a plain domain: two runs joined by a dot, an underscore or a
# hyphen, or ending in digits ("marie.lefebvre", "jp_martin", "camille92")
_CHEZ_LOCAL_RE = re.compile(r"[^\W\d_]{2,}(?:[._\-][^\W_]+)+|[^\W\d_]{2,}\d{2,4}", re.IGNORECASE)
_SENTENCE_END_RE = re.compile(r"\s*(?:[.,;:!?)\]}»\"'\n]|$)")
_QUERY_RE = re.compile(r"\?[^\s<>\"'«»]*")


def _email_ok(match: re.Match[str], text: str) -> bool:
    """Whether an e-mail-shaped match is an address: the plainer its "@" and its dots, the
    fewer proofs it needs; a disguised or spaced one must end in a real top-level domain."""
    whole, at, tld, last = match.group(0), match.group("at"), match.group("tld"), match.group("last")
    domain, local = match.group("domain"), match.group("local")
    if not any(c.isalpha() for c in domain):
        return False
    folded = tld.lower()
    labels = [label for label in _LABEL_SPLIT_RE.split(domain) if label]
    second_level = len(labels) >= 2 and labels[-2].lower() in _SECOND_LEVEL
    # a short word as top-level domain ("se", "in", "ma") only where no sentence goes on
    # after it: before punctuation or the end
    word_safe = not _word_like_tld(folded) or _SENTENCE_END_RE.match(text, match.end()) is not None
    # a space before the dot ("gmail .com") is no sentence's; a space after it may be
    spaced_after = last.endswith((" ", "\t")) and (not tld.islower() or not word_safe)
    if last != "." and last.strip() == "." and (folded not in KNOWN_TLDS or spaced_after):
        return False
    if last == "," and (at.strip() != "@" or folded not in _TLD_SET or folded in _WORDLIKE_TLDS):
        return False
    if last == ".\n" and (folded not in _TLD_SET or folded in _WORDLIKE_TLDS or not tld.islower()):
        return False
    if (folded in _FILE_EXTENSIONS and folded not in KNOWN_TLDS) or _RETINA_RE.match(domain):
        return False  # "logo@2x.png", "rapport@3x.jpg": an image's name, not an address
    if text.startswith("@", match.end()):
        return False  # "email me at noor.rahman.nyc@icloud.com": the address is the next one
    if text.startswith("/", match.end()) and at.strip() != "@":
        return False  # "look at docs.google.com/document/…": a path makes it a link, no mailbox
    plain_at = at == "@"
    disguised = "@" not in at or _DISGUISED_DOT_RE.search(whole) is not None
    if plain_at and not disguised:
        return True
    shaped = _ADDRESS_LOCAL_RE.search(local) is not None or len(labels) >= 3
    structured = shaped or second_level
    if at.strip().lower() == "chez":
        # "chez" is an ordinary French word: only with its dots spelt "point" too, and an
        # address's local part or several labels ("minh_boateng chez yahoo point co point uk"),
        # or before a plain domain after a local part of an address's shape, a dot, an
        # underscore or a digit inside it ("marie.lefebvre chez laposte.net"; "je bosse chez
        # free.fr" stays clean)
        if _POINT_SPELT_RE.search(domain) is not None:
            return structured and folded in KNOWN_TLDS and word_safe
        return (
            _DISGUISED_DOT_RE.search(domain) is None
            and (_CHEZ_LOCAL_RE.fullmatch(local) is not None or _unworded_local(local))
            and folded in _TLD_SET
            and word_safe
        )
    if at.strip().lower() == "at" and len(labels) == 2 and _is_function_word(labels[0]):
        return False  # "look at the dot com bubble": "at the" is a sentence's, not a host's
    if at.strip().lower() == "at" and "." not in local and _is_function_word(local):
        return False  # "my site is at tkowalski dot com": "is at" is a sentence's, the site a link
    if folded in _TLD_SET:
        return True
    if folded not in KNOWN_TLDS:
        return False
    # a country's domain after words spelt out is too often a sentence ("at home dot in")
    # unless the rest has an address's shape ("kofi_sharma at ug dot edu dot gh")
    return _SPELT_RE.search(whole) is None or structured


# Every character spaced out ("j o h n . s m i t h @ g m a i l . c o m")
_SPACED_OUT_MAIL_RE = re.compile(r"(?<![\w@])[\w.+\-](?: [\w.+\-]){2,} ?@ ?[\w\-](?: [\w.\-]){3,}(?![\w])")


def _spaced_out_emails(text: str) -> Iterator[Hit]:
    for match in _SPACED_OUT_MAIL_RE.finditer(text):
        compact = match.group(0).replace(" ", "")
        plain = _EMAIL_PLAIN_RE.fullmatch(compact)
        if plain is not None and plain.group("tld").lower() in KNOWN_TLDS:
            yield Hit(match.start(), match.end(), "email")


# A local part typed one character at a time ("m e e r a . s h a h 9 2 at gmail dot com"):
# the spaced characters before the part a finder read belong to the same address
_SPACED_LOCAL_BEFORE_RE = re.compile(r"(?<![\w.+\-])(?:[A-Za-z0-9_.+\-] ){2,64}$")


# A local part typed in words with its dots spaced ("dwayne . b . 868 @ gmail . com"): the
# words joined by a spaced dot, underscore or hyphen before the part a finder read
_SPACED_JOIN_BEFORE_RE = re.compile(r"(?<![\w.+\-])(?:[^\W_][\w+\-]{0,30} [._\-] ){1,6}$")
# or by spaces alone ("d kozak 77 at sasktel dot net"), before a spaced "at" or "@"
_WORD_BEFORE_RE = re.compile(r"(?<![\w.+\-@])([^\W_][\w+\-]{0,30}) $")
_SPACED_AT_RE = re.compile(r"[\w+\-]*\s+(?:@|at|arobase|chez)\s", re.IGNORECASE)
LOCAL_WORD_ZIPF = 3.0
"""A word this frequent (wordfreq's zipf, either language) before a spaced address is the
sentence's ("write to …"), not a word of its local part; rarer words, single letters and
digit runs are the address's ("d kozak 77 at …")."""


def _local_word(word: str, zipf: float = LOCAL_WORD_ZIPF) -> bool:
    """Whether a word typed before a spaced address is one of its local part's (rarer than
    `zipf`: an announced address's local part may be a common first name, "kofi")."""
    if word.isdigit() or (len(word) == 1 and word.lower() not in "aiyà"):
        return True
    if len(word) == 1 or not word.isalpha():
        return False
    from bot.screening.knowledge import knowledge

    facts = knowledge().facts(word.lower())
    return max(facts.fr, facts.en) < zipf


def _spaced_local_start(text: str, start: int) -> int:
    """Where a spaced address's local part starts: the words before the part a finder read
    that are joined to it by spaced dots, or by spaces when the "at" itself is spaced."""
    joined = _SPACED_JOIN_BEFORE_RE.search(text, max(0, start - 200), start)
    if joined is not None:
        return joined.start()
    if _SPACED_AT_RE.match(text, start) is None:
        return start
    for _ in range(3):
        word = _WORD_BEFORE_RE.search(text, max(0, start - 32), start)
        if word is None or not _local_word(word.group(1)):
            break
        start = word.start()
    return start


def find_emails(text: str) -> Iterator[Hit]:
    """E-mail addresses, including the spelt-out, bracketed and spaced disguises; a
    `mailto:` before one and its query after belong to it (the link is the address)."""
    for hit in _emails(text):
        if text[hit.start + 1 : hit.start + 2] == " " and not text[hit.start : hit.start + 1].isspace():
            spaced = _SPACED_LOCAL_BEFORE_RE.search(text, max(0, hit.start - 130), hit.start)
            if spaced is not None:
                hit = Hit(spaced.start(), hit.end, hit.kind)
        start = _spaced_local_start(text, hit.start)
        yield hit if start == hit.start else Hit(start, hit.end, hit.kind)


# The words "at" and "dot" glued by hyphens or underscores, as a form that refuses "@" or a
# filter-dodger leaves them ("jsmith-at-gmail-dot-com", "k_mensah_at_yahoo_dot_co_dot_uk")
_GLUED_SPELT_RE = re.compile(
    r"(?<![\w.+\-])(?P<local>[A-Za-z0-9][\w.+]*?)(?P<sep>[-_])(?i:at)(?P=sep)(?P<host>[A-Za-z0-9]+)"
    r"(?:(?P=sep)(?i:dot)(?P=sep)(?P<label>[A-Za-z0-9]+))+(?![\w\-])"
)


def _glued_spelt_emails(text: str) -> Iterator[Hit]:
    for match in _GLUED_SPELT_RE.finditer(text):
        local, host = match.group("local"), match.group("host")
        # "the look-at-me-dot-com era": a phrase's words, not a mailbox and a host
        local_ok = _ADDRESS_LOCAL_RE.search(local) is not None or _local_word(local)
        if match.group("label").lower() in KNOWN_TLDS and local_ok and not _is_function_word(host):
            yield Hit(match.start(), match.end(), "email")


def _emails(text: str) -> Iterator[Hit]:
    if "-at-" in text or "_at_" in text or "-AT-" in text or "_AT_" in text:
        yield from _glued_spelt_emails(text)
    if " @" in text or "@ " in text:
        yield from _spaced_out_emails(text)
    if _SPOKEN_HINT_RE.search(text) is not None:
        yield from _dictated_emails(text)
    yield from _bare_host_emails(text)
    position = 0
    while True:
        match = EMAIL_RE.search(text, position)
        if match is None:
            return
        if not _email_ok(match, text):
            plain = _EMAIL_PLAIN_RE.match(text, match.start())
            if plain is None or not _email_ok(plain, text):
                # "me at olivia.grant@…" spelt "at" then a real "@": look again one word on
                position = match.start() + 1
                continue
            match = plain
        start, end = match.start(), match.end()
        munged = _MUNGED_RE.match(text, end)
        if munged is not None:
            end = munged.end()  # "…@yahoo.com.REMOVE-THIS": the anti-spam tail is the address's
        if text[max(0, start - 7) : start].lower() == "mailto:":
            start -= 7
            query = _QUERY_RE.match(text, end)
            if query is not None:
                end = query.end()
                while end > match.end() and text[end - 1] in _TRAILING:
                    end -= 1
            start, end = _whole_link(text, start, end)
        yield Hit(start, end, "email")
        position = match.end()


# An address written without its top-level domain ("jean.dupont@gmail", "sarah.connor@acme"):
# someone's mailbox all the same. "ssh user@host" and "@2x" stay clean: the host must be a
# mail provider's name, or the local part a person's shape (letter runs joined by a dot, an
# underscore or a hyphen), or an e-mail be announced just before ("mon mail : jdupont@acme");
# not after "=" ("y = self.weights@inputs" is a matrix product)
_BARE_HOST_RE = re.compile(
    r"(?<![\w.%+\-!#$&*/=?^~@])(?P<local>[^\W\d_][\w\-]*(?:[._][\w\-]+)*)"
    r"(?P<at>@|\s?[\[\(](?:at|@|arobase)[\]\)]\s?|\s+(?:at|AT|arobase|AROBASE)\s+"
    r"|[ \t]+@[ \t]?|[ \t]?@[ \t]+)"
    r"(?P<host>[^\W\d_][\w\-]{1,30})"
    r"(?![\w\-@]|[.,]?[^\W\d_]|[:/(\[])"
)
_PERSON_LOCAL_RE = re.compile(r"[^\W\d_]+(?:[._\-][^\W\d_]+)+\d{0,4}")
MAIL_PROVIDERS = word_set(
    "gmail googlemail hotmail outlook msn yahoo ymail icloud aol gmx proton protonmail"
    " yandex orange wanadoo free sfr neuf laposte bbox numericable club-internet aliceadsl"
    " libero virgilio tiscali telenet skynet bluewin btinternet sky rediffmail qq"
)
_SPELT_PROVIDER_RE = re.compile(
    r"(?:\s(?:at|AT|arobase|AROBASE)\s|[\[\(](?:at|@|arobase)[\]\)]\s?)(?i:"
    + "|".join(sorted(MAIL_PROVIDERS))
    + r")\b"
)
_MAIL_CUE_RE = re.compile(
    r"\b(?:e-?mails?|mails?|courriels?|adresse(?: mail| e-mail| électronique)?|address|"
    r"write to|écri(?:s|vez)(?:-moi| moi)?(?: à| a| sur)?|contact(?:er|ez)?)\b[^.!?\n@]{0,24}$",
    re.IGNORECASE,
)


def _bare_host_emails(text: str) -> Iterator[Hit]:
    if "@" not in text and _SPELT_PROVIDER_RE.search(text) is None:
        return  # without "@" only a provider's name after a spelt "at" makes one
    position = 0
    while (match := _BARE_HOST_RE.search(text, position)) is not None:
        if _bare_host_ok(match, text):
            yield Hit(match.start(), match.end(), "email")
            position = match.end()
        else:
            position = match.start("host")  # "a line at sam AT gmail": the host may be a local part


def _bare_host_ok(match: re.Match[str], text: str) -> bool:
    host, local = match.group("host").lower(), match.group("local")
    if match.group("at").strip() == "@" and match.group("at") != "@":
        # a spaced "@" ("jsmith @gmail"): a provider's name after a word no sentence uses
        # ("complained to @gmail" is a handle's mention)
        return host in MAIL_PROVIDERS and (_ADDRESS_LOCAL_RE.search(local) is not None or _local_word(local))
    if match.group("at") != "@":
        # spelt or bracketed: only before a provider's name, after a local part of an
        # address's shape, an "AT" in capitals or brackets, or an e-mail's announcement
        # ("sarah.k at gmail", "sam AT gmail", "email me: kofi at yahoo"; "a friend at
        # gmail" stays clean)
        spelt_lower = match.group("at").strip() in ("at", "arobase")
        shaped = _ADDRESS_LOCAL_RE.search(local) is not None
        cued = _MAIL_CUE_RE.search(text, max(0, match.start() - 48), match.start()) is not None
        return host in MAIL_PROVIDERS and (shaped or not spelt_lower or (cued and _local_word(local, 4.0)))
    if host not in MAIL_PROVIDERS and text[: match.start()].rstrip().endswith("="):
        return False  # "y = self.weights@inputs": a matrix product in code
    return (
        host in MAIL_PROVIDERS
        or (len(host) >= 3 and _PERSON_LOCAL_RE.fullmatch(local) is not None)
        or _MAIL_CUE_RE.search(text, max(0, match.start() - 48), match.start()) is not None
    )


# ---- e-mails dictated: a voice transcript or a careful typist writes the symbols as words
# ("p point durand arobase gmail point com", "claire tiret du bas martin at yahoo dot fr",
# "P PERIOD DURAND AT SIGN GMAIL DOT COM", "m point dubois 7 5 at hotmail point fr"), or
# names the provider alone ("pdurand sur gmail"). A view of the text with those words turned
# back into symbols (each keeping the span of the words it stands for) is read as written.
_SPOKEN_SYMBOL_RE = re.compile(
    r"[ \t]+(?:(?P<at>at[ \t]+sign|arobase|arrobase|a[ \t]+commercial|chez|at|@)"
    r"|(?P<under>tiret[ \t]+du[ \t]+bas|tiret[ \t]+bas|tiret[ \t]+du[ \t]+huit|underscore|soulign[ée]|_)"
    r"|(?P<dash>tiret[ \t]+du[ \t]+six|tiret|dash|hyphen|trait[ \t]+d'union|-)"
    r"|(?P<dot>point|dot|period|\.)|(?P<slash>forward[ \t]+slash|slash|barre[ \t]+oblique))[ \t]+"
    # the provider alone after "sur" ("pdurand sur gmail")
    r"|[ \t]+(?P<sur>sur)[ \t]+(?=(?i:" + "|".join(sorted(MAIL_PROVIDERS)) + r")\b)"
    # digits read one by one inside the local part ("dubois 7 5 at …")
    r"|(?<=[^\W_])(?P<gap>[ \t])(?=\d(?![^\W_]))",
    re.IGNORECASE,
)
_SPOKEN_HINT_RE = re.compile(
    r"(?i:\b(?:at|arobase|arrobase|a commercial|chez|slash)\b)|\bsur\s+(?i:"
    + "|".join(sorted(MAIL_PROVIDERS))
    + r")\b"
)
_SPOKEN_SYMBOLS = {"at": "@", "under": "_", "dash": "-", "dot": ".", "sur": "@", "gap": "", "slash": "/"}


def _spoken_view(text: str) -> tuple[str, list[tuple[int, int]]]:
    """`text` with its spoken symbols written back, and for each character of the view the
    span of the original characters it stands for."""
    pieces: list[str] = []
    spans: list[tuple[int, int]] = []
    cursor = 0
    for match in _SPOKEN_SYMBOL_RE.finditer(text):
        pieces.append(text[cursor : match.start()])
        spans.extend((i, i + 1) for i in range(cursor, match.start()))
        group = match.lastgroup or "dot"
        symbol = _SPOKEN_SYMBOLS[group]
        pieces.append(symbol)
        if symbol:
            spans.append((match.start(), match.end()))
        cursor = match.end()
    pieces.append(text[cursor:])
    spans.extend((i, i + 1) for i in range(cursor, len(text)))
    return "".join(pieces), spans


def _dictated_emails(text: str) -> Iterator[Hit]:
    """E-mails whose symbols are said in words, found in the spoken view and mapped back."""
    view, spans = _spoken_view(text)
    if view == text:
        return
    for match in PATH_URL_RE.finditer(view):
        # "calendly point com slash marc-antoine-r": a link read aloud
        start, end = spans[match.start()][0], spans[match.end() - 1][1]
        host = match.group(0).split("/", 1)[0]
        tld = host.rsplit(".", 1)[-1].lower()
        if text[start:end] != match.group(0) and tld in _TLD_SET and "@" not in match.group(0):
            yield Hit(start, end, "url")
    if "@" not in view:
        return
    for match in _EMAIL_PLAIN_RE.finditer(view):
        start, end = spans[match.start()][0], spans[match.end() - 1][1]
        if text[start:end] == match.group(0) or "@" not in match.group("at"):
            continue  # nothing was said in words: the plain reading has it
        said_before = _SAID_BEFORE_RE.search(view, 0, match.start())
        if said_before is not None and any(
            spans[k][1] - spans[k][0] > 1 for k in range(said_before.start(), said_before.end())
        ):
            # "yannick point le bihan arobase …": a surname of two words in a local part said
            # aloud; the part before the space is joined by a symbol said in words
            start = spans[said_before.start()][0]
        tld = match.group("tld").lower()
        word_safe = not _word_like_tld(tld) or _SENTENCE_END_RE.match(view, match.end()) is not None
        if (tld in _TLD_SET or tld in KNOWN_TLDS) and word_safe and _dictated_local_ok(match, text, start):
            yield Hit(start, end, "email")
    for match in _BARE_HOST_RE.finditer(view):
        if match.group("at") != "@" or match.group("host").lower() not in MAIL_PROVIDERS:
            continue
        start, end = spans[match.start()][0], spans[match.end() - 1][1]
        if text[start:end] != match.group(0) and _dictated_local_ok(match, text, start):
            yield Hit(start, end, "email")


def _unworded_local(local: str) -> bool:
    """A local part glued into one token no dictionary holds ("ylevesque", "bernasconiclara"):
    a mailbox's name, where "bosse chez free.fr" or "Marie chez orange.fr" is a sentence."""
    if len(local) < 5 or not local.isalnum() or not (local.islower() or local.isupper()):
        return False
    from bot.screening.knowledge import knowledge

    facts = knowledge().facts(local.lower())
    return max(facts.fr, facts.en) < 2.5


FUNCTION_WORD_ZIPF = 6.0
"""A word this frequent in ordinary text (wordfreq's zipf: "the", "my", "le", "mon") is a
sentence's, not a mail host's."""


def _is_function_word(label: str) -> bool:
    from bot.screening.knowledge import knowledge

    facts = knowledge().facts(label.lower())
    return max(facts.fr, facts.en) >= FUNCTION_WORD_ZIPF


_SAID_BEFORE_RE = re.compile(r"(?<![\w.\-])[^\W_][\w\-]*(?:[._][\w\-]+)+ $")


def _dictated_local_ok(match: re.Match[str], text: str, start: int) -> bool:
    """A dictated address's local part: of an address's shape (a dot, an underscore, a hyphen,
    a digit), or announced ("mon mail c'est pdurand at gmail") and no ordinary word ("a friend
    at gmail", "je l'ai vu sur gmail" stay clean)."""
    local = match.group("local")
    if _ADDRESS_LOCAL_RE.search(local) is not None and len(local) >= 3:
        return True
    if _MAIL_CUE_RE.search(text, max(0, start - 48), start) is None:
        return False
    from bot.screening.knowledge import knowledge

    facts = knowledge().facts(local.lower())
    return max(facts.fr, facts.en) < 3.0


# The tails Wikipedia's "Address munging" lists, glued by a dot after the domain
_MUNGED_RE = re.compile(r"\.(?:remove[\w\-]*|nospam|no-spam|invalid)\b", re.IGNORECASE)
# "[label](mailto:…)" (Markdown) and "<mailto:…>": the link is the address, so a suggestion
# replaces it whole instead of leaving "[…](" around a placeholder
_MARKDOWN_LABEL_RE = re.compile(r"\[[^\[\]\n]{1,120}\]\($")


def _whole_link(text: str, start: int, end: int) -> tuple[int, int]:
    """A `mailto:` link's span widened to its Markdown or angle-bracket wrapping."""
    if text.startswith(")", end):
        label = _MARKDOWN_LABEL_RE.search(text, max(0, start - 130), start)
        if label is not None:
            return label.start(), end + 1
    if start > 0 and text[start - 1] == "<" and text.startswith(">", end):
        return start - 1, end + 1
    return start, end


# host.name/path: a dotted host followed by a path is a link whatever its top-level domain
PATH_URL_RE = re.compile(rf"(?<![@\w.\-])(?:{_LABEL}\.)+[a-zA-Z]{{2,24}}/[^\s<>\"'«»]+")


def find_urls(text: str) -> Iterator[Hit]:
    """Links with a scheme or www, bare domains on a common top-level domain, host/path."""
    for match in PATH_URL_RE.finditer(text):
        end = match.end()
        while end > match.start() and text[end - 1] in _TRAILING:
            end -= 1
        yield Hit(match.start(), end, "url")
    for match in URL_RE.finditer(text):
        end = match.end()
        while end > match.start() and text[end - 1] in _TRAILING:
            end -= 1
        yield Hit(match.start(), end, "url")
    for match in DOMAIN_RE.finditer(text):
        end = match.end()
        while end > match.start() and text[end - 1] in _TRAILING:
            end -= 1
        first_label = re.split(r"[.\[\(\s]", match.group(0), maxsplit=1)[0]
        if len(first_label) < 2 or first_label.isdigit() or _not_a_host(match.group(0)):
            continue
        yield Hit(match.start(), end, "url")
    for match in _SPELT_DOMAIN_RE.finditer(text) if _SPELT_DOT_RE.search(text) else ():
        label = match.group("label")
        shaped = not label.isalpha()  # "adaeze-art dot co dot uk", "studio54 dot com"
        if match.group("www") or shaped or (not _is_function_word(label) and _local_word(label, 3.5)):
            yield Hit(match.start(), match.end(), "url")
    for match in _COUNTRY_DOMAIN_RE.finditer(text) if "." in text else ():
        end = match.end()
        while end > match.start() and text[end - 1] in _TRAILING:
            end -= 1
        yield Hit(match.start(), end, "url")


# A domain with its dots spelt ("johnsmith dot com", "www dot acme dot co dot uk", "janedoe
# point fr"): "www" makes it one, or a first label no dictionary uses often ("the dot com
# bubble", "google dot com" stay clean: a sentence's word, a public site)
_SPELT_DOT_RE = re.compile(r"\s(?:dot|point)\s", re.IGNORECASE)
_SPELT_DOMAIN_RE = re.compile(
    r"(?<![\w.@\-])(?:(?P<www>www)\s+(?:dot|point)\s+)?(?P<label>[a-z0-9][a-z0-9\-]{1,62})"
    r"(?:\s+(?:dot|point)\s+(?:co|com|org|net|ac|gov|gouv)(?=\s+(?:dot|point)\s))?"
    rf"\s+(?:dot|point)\s+(?:{COMMON_TLDS})(?![\w\-@])(?!\s+(?:dot|point|at|arobase|@)\b)",
    re.IGNORECASE,
)


# A bare domain on the country domain of a country whose mentees write English or French
# ("bimx.ph", "jumia.ng", "kra.go.ke", "lazada.sg"): those that are no word ("in", "my",
# "me", "is" stay out; the common ones are in COMMON_TLDS), typed in lower case, a host of
# three characters or more with a letter ("v1.ph" is no site, nor "Done.Ph")
_COUNTRY_DOMAIN_TLDS = "ph|ng|ke|gh|sg|pk|lk|ae|qa|tz|ug|zm|zw|jm|tt|bd|rw|bw|mu|bf|tg|bj|hk"
_COUNTRY_DOMAIN_RE = re.compile(
    rf"(?<![@\w.\-])(?=[a-z0-9\-]*[a-z])[a-z0-9][a-z0-9\-]{{2,62}}(?:\.[a-z0-9][a-z0-9\-]{{0,62}})*"
    rf"\.(?:{_COUNTRY_DOMAIN_TLDS})(?![\w\-@])(?!\.[a-z])(?:/[^\s<>\"'«»]*)?"
)


# A file name or a framework, not a host: "deploy.sh" (a shell script, unless a path
# follows: "t.sh/x"), "ASP.NET", "VB.NET" (a short word in capitals before a capital domain)
_FILE_TLDS = word_set("sh")
_FRAMEWORK_RE = re.compile(r"[A-Z]{1,4}\.NET")


def _not_a_host(bare: str) -> bool:
    if "/" not in bare and bare.rsplit(".", 1)[-1].lower() in _FILE_TLDS:
        return True
    return _FRAMEWORK_RE.fullmatch(bare) is not None


# ---------------------------------------------------------------- numbers

# A run of digits joined by light separators; "(0)" after a country code is allowed.
# "+1 (312) 555-0192": a country code, then the area code in brackets
_RUN_RE = re.compile(
    r"(?<![\w+])(?:\(?\+|\b00|\()?\d(?:(?:[ \t.\-/_]{1,4}|\)[ \-]?|\s?\(0\)\s?| ?\()?\d)*(?![\d])"
)
# "(591)341-7776", "797-386-9073", "881.428.6570": the North American grouping is a phone
# whatever its area code (new, unallocated and made-up ones too) and whatever the locale.
_NANP_SHAPE_RE = re.compile(r"(?:\+?1[ .\-]?)?(?:\(\d{3}\) ?|\d{3}([.\-]))\d{3}(?(1)\1|[.\-])\d{4}")
_NANP_SPACED_RE = re.compile(r"(?:1 )?\d{3} \d{3} \d{4}")
# the Québec and Canadian habit: the area code apart, the number hyphenated ("418 555-0147")
_NANP_MIXED_RE = re.compile(r"(?:\+?1[ .\-]?)?\d{3} \d{3}-\d{4}")
# "my number is 98100 55432", "mon numéro : …": someone's own number announced, in any
# country's grouping (nine to twelve digits: a mobile's length, not a code's)
_OWN_NUMBER_RE = re.compile(
    r"\b(?:my|our|his|her|their|mon|ton|son|notre|votre|leur)\s+(?:(?:mobile|cell|phone|whatsapp)\s+)?"
    r"(?:number|num[ée]ro|no\.|n°)(?:\s+(?:is|was|c'est|est|:))?\s*:?\s*$",
    re.IGNORECASE,
)
# An extension after a phone belongs to it: "…0743x9150", "… x 12", "… ext. 4412", "… poste 234"
_EXTENSION_RE = re.compile(
    # "loc. 12", "local 220" in the Philippines; "ext:", "extension #4"
    r"(?:\s?x|\s?(?:ext|extn)\.?|,?\s(?:extension|poste|p\.|loc\.|local))\s?[:#]?\s?\d{1,6}(?!\d)"
    # in brackets: "01 99 00 31 00 (poste 4412)", "(ext. 215)", "(local 220)"
    r"|\s?\((?:x|ext|extn|extension|poste|p|loc|local)\.?\s?\d{1,6}\)",
    re.IGNORECASE,
)
# What announces a phone: then a local number without its area code counts too ("call me on
# 4656 3414", "tél. 555-0132")
_PHONE_CUE_RE = re.compile(
    r"\b(?:t[ée]l|t[ée]l[ée]phone|phone|mobile|portable|cell|cellphone|fixe|landline|whats ?app|"
    r"sms|text|call|ring|reach|contact(?:er|ez)?|joindre|joignable|appel(?:le|er|ez)|"
    r"rappel(?:le|er|ez)|ligne directe|"
    r"direct line|num[ée]ro de (?:t[ée]l|portable|fixe|mobile))\b\.?[^.!?\n\d]{0,20}$",
    re.IGNORECASE,
)


def _phone_cued(text: str, start: int) -> bool:
    return _PHONE_CUE_RE.search(text[max(0, start - 48) : start]) is not None


def _own_number(text: str, start: int) -> bool:
    return _OWN_NUMBER_RE.search(text, max(0, start - 40), start) is not None


def _with_extension(text: str, end: int) -> int:
    match = _EXTENSION_RE.match(text, end)
    return match.end() if match is not None else end


_DIGIT_RE = re.compile(r"\d")
# "O6 I2 34 56 78", "FR76-3OO6-OOOO-…": letters standing for digits inside a number. A
# token counts when it mixes digits and O/I/l/S, or is only O's, and the run holds at
# least six real digits; the view keeps every offset (one character for one).
_LOOKALIKE_DIGITS = str.maketrans("OoIilS", "001115")
_NUMBERISH_TOKEN = r"[0-9OoIilS]{1,12}"
_LOOKALIKE_RUN_RE = re.compile(
    rf"(?<![^\W_]){_NUMBERISH_TOKEN}(?:(?:[ .\-/]{{1,2}}|\.\.\. ?){_NUMBERISH_TOKEN})*(?![^\W_])"
)
_NIR_CORSICA_RE = re.compile(
    r"(?<![\w])[12378](?:[ .\-]{0,2}\d){4}[ .\-]{0,2}2[ .\-]?[AaBb](?:[ .\-]{0,2}\d){8}(?![\w])"
)
# grouped by spaces, hyphens or dots ("FR76.3000.6000…", as a form that refuses spaces leaves
# it), or cut by one line break between two groups ("FR76 3000\n6000 …", as a bank's letter
# or a narrow screen wraps it); the check digits may be written with O for 0 ("PT5O OOO2 …":
# tried with the O's read as zeros, known countries only)
_IBAN_RE = re.compile(r"(?<![\w])[A-Za-z]{2} ?[\dOo]{2}(?:(?:[ \-.]|[ \t]*\n[ \t]*)?[A-Za-z0-9]){11,32}")
# every character spaced out ("G B 2 9 N W B K 6 0 …"), a known country's IBAN only
_SPACED_IBAN_RE = re.compile(r"(?<![\w])[A-Z] [A-Z] \d \d(?: [A-Z0-9]){11,32}(?![\w])")


def _classify(digits: str, has_plus: bool, regions: tuple[str, ...] = ("FR",)) -> str | None:
    """The kind a compact digit string validates as, most specific first."""
    if has_plus:
        return "phone" if phone_ok("+" + digits, regions) else None
    length = len(digits)
    if length == 15 and nir_ok(digits):
        return "nir"
    if length in (9, 14) and siret_ok(digits):
        return "siret"
    if length != 14 and card_ok(digits):
        return "card"
    if (digits.startswith("0") or "US" in regions) and phone_ok(digits, regions):
        return "phone"
    if length == 13 and nir_shape_ok(digits):
        return "nir"
    return None


# What announces a social-security number: the start of one is identifying too ("mon
# numéro de sécu c'est deux, quatre-vingt-huit, zéro trois…").
_NIR_CUE_RE = re.compile(
    r"(?:s[ée]cu\b|s[ée]curit[ée] sociale|\bnir\b|carte vitale|num[ée]ro d'inscription)[^.!?\n]{0,25}$",
    re.IGNORECASE,
)


def _partial_nir(digits: str, text: str, start: int) -> bool:
    """Whether `digits` (7 to 14 of them, a sex digit first) follow a NIR's announcement."""
    if not (7 <= len(digits) <= 14 and digits[0] in "12"):
        return False
    month = int(digits[3:5])
    if not (1 <= month <= 12 or 20 <= month <= 42):
        return False  # sex, year, then a month: "la sécu m'a remboursé 1250000…" is no NIR
    return _NIR_CUE_RE.search(text[max(0, start - 60) : start]) is not None


# The two-digit key written apart from the thirteen digits it checks: after a comma, a dash or
# a line break, in brackets, after "clé" ("… 084, clé 36", "… 084 (clé : 36)", "… 084\n36")
_NIR_KEY_RE = re.compile(
    r"[ \t]*(?:[,;\-]|\n)?[ \t]*(?P<open>\()?[ \t]*(?:(?:cl[ée]|key)[ \t]*:?[ \t]*)?\n?[ \t]*"
    r"(?P<key>\d{2})(?![\d])(?(open)[ \t]*\))",
    re.IGNORECASE,
)


def _nir_key_end(text: str, digits: str, end: int) -> int | None:
    """Where a NIR's key ends when it follows its thirteen digits apart and checks them."""
    if len(digits) != 13 or not nir_shape_ok(digits):
        return None
    match = _NIR_KEY_RE.match(text, end)
    if match is None or not nir_ok(digits + match.group("key")):
        return None
    return match.end()


def nir_shape_ok(digits: str) -> bool:
    """A NIR written without its key: sex, year, month, department, commune, order."""
    if len(digits) != 13 or digits[0] not in "12":
        return False
    month = int(digits[3:5])
    return (1 <= month <= 12 or 20 <= month <= 42) and digits[5:7] != "00"


def _digit_view(text: str) -> str:
    """Same length as `text`, with look-alike letters inside numbers turned into digits."""
    if not any(c in text for c in "OoIilS"):
        return text
    pieces: list[str] = []
    cursor = 0
    for match in _LOOKALIKE_RUN_RE.finditer(text):
        run = match.group(0)
        tokens = re.split(r"[ .\-/]+", run)
        real_digits = sum(c.isdigit() for c in run)
        if real_digits < 4 or (len(tokens) == 1 and real_digits < 8):
            continue
        if not all(any(c.isdigit() for c in t) or set(t) <= {"O", "o"} for t in tokens if t):
            continue
        pieces.append(text[cursor : match.start()])
        pieces.append(run.translate(_LOOKALIKE_DIGITS))
        cursor = match.end()
    pieces.append(text[cursor:])
    return "".join(pieces)


# A version or build number, not a phone: "Windows build 10.0.19045.3693", "v2.14.1",
# "Build 18.20.1892825" (dots only, a short first group, a long one further on, or a cue)
_VERSION_CUE_RE = re.compile(
    r"(?:\bv|\b(?:version|vers\.|build|release|firmware|patch|sprint|python|node|java|windows|ios|"
    r"android|macos|ubuntu|debian|kernel|api|sdk|app|update|mise à jour|màj)\s?)$",
    re.IGNORECASE,
)
_DOTTED_RUN_RE = re.compile(r"[1-9]\d?(?:\.\d+){2,}")


_IPV4_RE = re.compile(r"(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)")
_BOX_BEFORE_RE = re.compile(r"\b(?:Box|BP|B\.P\.)\s?$", re.IGNORECASE)
# A barcode's or a book's number, not a phone nor a NIR: announced ("ISBN 978-2-07-036822-8",
# "code-barres 3017620422003"), or an ISBN-13's own shape (978 or 979, the EAN-13 check)
_BARCODE_CUE_RE = re.compile(
    r"\b(?:isbn(?:-1[03])?|ean(?:-?13|-?8)?|gtin|upc|code[- ]barres?|barcode|bar code)\b"
    r"\s*(?:n[°o]\.?\s*)?:?\s*$",
    re.IGNORECASE,
)
# A reference typed with its name just before it ("order 7563946564", "ticket n° 0647553362"):
# a run of digits with no separator there is a reference, whatever shape it has; a phone is
# written grouped, or with its country code, or announced as one
_REFERENCE_CUE_RE = re.compile(
    r"\b(?:order|commande|ticket|invoice|facture|r[ée]f|r[ée]f[ée]rence|reference|tracking|suivi"
    r"|colis|parcel|shipment|incident|booking|r[ée]servation|confirmation|transaction)\b"
    r"\s*(?:n[°o]\.?|number|num[ée]ro|nr\.?|id)?\s*[:#]?\s*$",
    re.IGNORECASE,
)


def ean13_ok(digits: str) -> bool:
    """The EAN-13 (and ISBN-13) check digit: weights 1 and 3 alternating."""
    if len(digits) != 13 or not digits.isdigit():
        return False
    total = sum((3 if index % 2 else 1) * (ord(c) - 48) for index, c in enumerate(digits[:12]))
    return (10 - total % 10) % 10 == ord(digits[12]) - 48


def _is_barcode(digits: str, text: str, start: int) -> bool:
    """Whether a run of digits is a book's or a product's number (see _BARCODE_CUE_RE)."""
    if len(digits) == 13 and digits.startswith(("978", "979")) and ean13_ok(digits):
        return True
    return _BARCODE_CUE_RE.search(text, max(0, start - 24), start) is not None


def _is_reference(run: str, text: str, start: int) -> bool:
    """A bare run of digits named as an order's, a ticket's or a booking's (see _REFERENCE_CUE_RE)."""
    return run.strip().isdigit() and _REFERENCE_CUE_RE.search(text, max(0, start - 32), start) is not None


def _is_version(run: str, text: str, start: int) -> bool:
    """Whether a dotted run is a version or a build number (see _VERSION_CUE_RE)."""
    if _DOTTED_RUN_RE.fullmatch(run) is None:
        return False
    if any(len(group) >= 5 for group in run.split(".")[1:]):
        return True
    return _VERSION_CUE_RE.search(text, max(0, start - 16), start) is not None


def find_numbers(text: str, regions: tuple[str, ...] = ("FR",)) -> Iterator[Hit]:
    """Phones, cards, NIR and SIREN/SIRET in runs of (possibly spaced-out) digits."""
    view = _digit_view(text)
    for match in _RUN_RE.finditer(view):
        if (
            _is_version(match.group(0), view, match.start())
            or _BOX_BEFORE_RE.search(view, max(0, match.start() - 8), match.start())
            or _IPV4_RE.fullmatch(match.group(0))
        ):
            # a version, a post-office box's number ("P.O. Box 30197-00100"), an IP address
            # ("http://120.102.232.139/search": the link's host, never a phone nor a SIRET)
            continue
        run = match.group(0).replace("(0)", "   ")
        if run.startswith("("):
            run = " " + run[1:]
        offset = match.start()
        bare = run.lstrip(" ")
        has_plus = bare.startswith("+") or bare.startswith("00")
        positions = [offset + m.start() for m in _DIGIT_RE.finditer(run)]
        digits = "".join(view[p] for p in positions)
        if has_plus and bare.startswith("00"):
            digits, positions = digits[2:], positions[2:]
        if not has_plus and _is_barcode(digits, view, match.start()):
            continue
        if len(digits) < 9:
            if not has_plus and _partial_nir(digits, text, match.start()):
                yield Hit(match.start(), positions[-1] + 1, "nir")
            elif len(digits) >= 7 and len(positions) >= 7 and _phone_cued(text, match.start()):
                yield Hit(match.start(), _with_extension(view, positions[-1] + 1), "phone")
            continue
        key_end = _nir_key_end(view, digits, positions[-1] + 1) if not has_plus else None
        if key_end is not None:
            yield Hit(match.start(), key_end, "nir")  # "… 584 640, clé 45": the key is the NIR's
            continue
        kind = _classify(digits, has_plus, regions)
        if kind in _CHECKSUM_KINDS and "/" in run:
            kind = None  # "ref 2024/118/07": a reference's parts, whatever their checksum
        if kind == "siret" and _ZIP4_RE.fullmatch(run.strip()):
            continue  # "WA 98532-1900": a ZIP+4 code passes Luhn one time in ten, it is no SIREN
        if kind is None and not has_plus and _maestro_twelve(digits, text, match.start()):
            kind = "card"
        if kind is None and not has_plus and _NANP_SHAPE_RE.fullmatch(match.group(0).strip()):
            kind = "phone"
        if kind is None and "US" in regions and _NANP_SPACED_RE.fullmatch(match.group(0).strip()):
            kind = "phone"  # "187 928 2406" in English text
        if kind is None and not has_plus and _NANP_MIXED_RE.fullmatch(match.group(0).strip()):
            kind = "phone"
        if kind is None and not has_plus and 9 <= len(digits) <= 12 and _own_number(text, match.start()):
            kind = "phone"
        if kind is None and not has_plus and (phone_elsewhere(digits) or _phone_cued(text, match.start())):
            kind = "phone" if len(digits) <= 13 else None
        if (
            kind is None
            and len(digits) == 11
            and digits.startswith("1")
            and "US" in regions
            and re.match(r"1[ .\-]\(?\d{3}\)?[ .\-]\d{3}[ .\-]\d{4}$", run.strip())
            and phone_ok("+" + digits, regions)
        ):
            kind = "phone"  # "1-800-555-0199": the North American trunk prefix, grouped
        if kind == "phone" and not has_plus and _is_reference(match.group(0), view, match.start()):
            continue
        if kind is not None:
            end = positions[-1] + 1
            yield Hit(match.start(), _with_extension(view, end) if kind == "phone" else end, kind)
            continue
        yield from _sub_runs(view, positions, match.start(), regions)


# What announces a debit card's number: a twelve-digit Maestro card is read only after one
_DEBIT_CARD_CUE_RE = re.compile(
    r"\b(?:maestro|carte|card|cb|debit|débit)\b[^.!?\n\d]{0,30}$",
    re.IGNORECASE,
)


def _maestro_twelve(digits: str, text: str, start: int) -> bool:
    """A Maestro card of twelve digits (Maestro's numbers run from 12 to 19 digits, its
    prefixes 50 and 56 to 69): twelve digits pass Luhn one time in ten, so only after a
    card's word ("my maestro card is 6759 …"), never a bare run (a ticket, an amount)."""
    return (
        len(digits) == 12
        and (digits[:2] == "50" or "56" <= digits[:2] <= "69")
        and luhn_ok(digits)
        and _DEBIT_CARD_CUE_RE.search(text, max(0, start - 40), start) is not None
    )


_CHECKSUM_KINDS = frozenset({"siret", "card", "nir"})
_ZIP4_RE = re.compile(r"\d{5}-\d{4}")


def _sub_runs(view: str, positions: list[int], run_start: int, regions: tuple[str, ...]) -> Iterator[Hit]:
    """Inside a long run that failed as a whole, the longest groups that validate."""
    groups: list[list[int]] = []
    for position in positions:
        if groups and position == groups[-1][-1] + 1:
            groups[-1].append(position)
        else:
            groups.append([position])
    if len(groups) > 60:
        return
    index = 0
    while index < len(groups):
        found = False
        for stop in range(len(groups), index, -1):
            flat = [p for group in groups[index:stop] for p in group]
            if not 9 <= len(flat) <= 19:
                continue
            digits = "".join(view[p] for p in flat)
            plus = flat[0] > run_start and view[flat[0] - 1] == "+"
            kind = _classify(digits, plus, regions)
            if kind in _CHECKSUM_KINDS and "/" in view[flat[0] : flat[-1]]:
                kind = None
            if kind is not None:
                start = flat[0] - 1 if plus else flat[0]
                yield Hit(start, flat[-1] + 1, kind)
                index = stop
                found = True
                break
        if not found:
            index += 1


def find_corsican_nirs(text: str) -> Iterator[Hit]:
    """NIRs of people born in Corsica carry 2A/2B instead of a numeric department."""
    for match in _NIR_CORSICA_RE.finditer(text):
        compact = "".join(c for c in match.group(0) if c.isalnum())
        if nir_ok(compact):
            yield Hit(match.start(), match.end(), "nir")


def find_ibans(text: str) -> Iterator[Hit]:
    """IBANs, grouped or not; the end is found by the country's length, then by mod-97."""
    text = _digit_view(text)
    spaced = [m for m in _SPACED_IBAN_RE.finditer(text) if m.group(0)[:3].replace(" ", "") in IBAN_LENGTHS]
    for match in [*_IBAN_RE.finditer(text), *spaced]:
        chars = [(match.start() + i, c) for i, c in enumerate(match.group(0)) if c.isalnum()]
        country = chars[0][1].upper() + chars[1][1].upper()
        expected = IBAN_LENGTHS.get(country)
        if expected is None and (chars[2][0] != match.start() + 2 or not chars[2][1].isdigit()):
            continue  # the country apart from its key ("FR 76 …") or an O in the key: known countries only
        lengths = [expected] if expected else list(range(min(34, len(chars)), 14, -1))
        if country == "FR":
            lengths = [27, 26, 25]  # a digit dropped or added in a French IBAN: still one
        for length in lengths:
            if length > len(chars):
                continue
            compact = "".join(c for _, c in chars[:length])
            if "\n" in text[match.start() : chars[length - 1][0]] and not _wrapped_in_groups(
                text, match.start(), chars[length - 1][0]
            ):
                continue
            if _iban_or_shape(compact) or (
                expected is not None and _LOOKALIKE_RE.search(compact) and _iban_or_shape(_zeros(compact))
            ):
                yield Hit(match.start(), chars[length - 1][0] + 1, "iban")
                break


def _iban_or_shape(compact: str) -> bool:
    """A valid IBAN, or a French IBAN's shape alone (FR76 + 23 characters, the bank code
    digits): someone's account even when a typo or a disguise broke its key."""
    shaped = compact[:4].upper() == "FR76" and compact[4:14].isdigit() and len(compact) >= 25
    return shaped or iban_ok(compact)


_LOOKALIKE_RE = re.compile(r"[OoIl]")
_IBAN_LOOKALIKES = str.maketrans("OoIl", "0011")


def _zeros(compact: str) -> str:
    """An IBAN written with O for 0 and I or l for 1 ("FR14 2OO4 1O1O …", "FR76 IOIO 7925
    6I38 …"), read back: its letters other than the country's are few, and the mod-97 check
    says whether the reading holds."""
    return compact[:2].upper() + compact[2:].translate(_IBAN_LOOKALIKES).upper()


_IBAN_GROUP_BREAK_RE = re.compile(r"[A-Za-z0-9]{4}[ \t]*\n[ \t]*[A-Za-z0-9]")


def _wrapped_in_groups(text: str, start: int, end: int) -> bool:
    """A line break inside an IBAN only between two groups of four, once: "FR76 3000\n6000…";
    a code on one line and a number on the next are two things."""
    inner = text[start:end]
    return inner.count("\n") == 1 and " " in inner and _IBAN_GROUP_BREAK_RE.search(inner) is not None


def find_identifiers(text: str, locale: str = "fr") -> list[Hit]:
    """Every validated identifier in an already normalised text."""
    hits: list[Hit] = []
    hits.extend(find_emails(text))
    hits.extend(find_urls(text))
    hits.extend(find_ibans(text))
    hits.extend(find_bank_details(text))
    hits.extend(find_corsican_nirs(text))
    hits.extend(find_national_ids(text))
    regions = phone_regions(locale)
    hits.extend(find_numbers(text, regions))
    hits.extend(find_vanity_phones(text))
    hits.extend(find_spoken_numbers(text, regions))
    if "\n" in text:
        hits.extend(find_wrapped_phones(text, regions))
    unglued = _unglued_view(text)
    if unglued is not None:
        # "tel0612345678", "ibanFR76…": the same finders on the value set apart from its word
        hits.extend(find_ibans(unglued))
        hits.extend(find_numbers(unglued, regions))
    return hits


# A North American toll-free number with letters for digits, as adverts print it
# ("1-800-FLOWERS", "1 (888) GO-FEDEX", "800-PICK-UPS"): the code and then seven keys, three
# capitals or more among them (the letters past the seventh key are the advert's)
_VANITY_RE = re.compile(
    r"(?<![\w+\-])(?P<trunk>\+?1[-. ]?)?"
    r"(?P<code>\(8(?:00|33|44|55|66|77|88)\)[ ]?|8(?:00|33|44|55|66|77|88)[-.])"
    r"(?P<keys>[A-Z0-9](?:[-.]?[A-Z0-9]){6,9})(?![\w\-])"
)


def find_vanity_phones(text: str) -> Iterator[Hit]:
    """Toll-free numbers spelt in letters on the keypad (see _VANITY_RE): a firm's line, but
    the guide counts every phone, and no amount, version or code has this shape."""
    for match in _VANITY_RE.finditer(text):
        written = match.group("keys")
        keys = re.sub(r"[-.]", "", written)
        if sum(c.isalpha() for c in keys[:7]) < 3 or re.search(r"[A-Z]{3}", written) is None:
            continue
        # a word in capitals after "800-" may be a measure's ("an 800-CALORIE meal"): the
        # trunk's 1, the code in brackets, a key split or a digit, or a phone's cue says a phone
        shaped = match.group("trunk") or match.group("code").startswith("(") or keys != written
        if shaped or any(c.isdigit() for c in keys) or _phone_cued(text, match.start()):
            yield Hit(match.start(), match.end(), "phone")


# A bank account given the way the UK, Ireland (before the IBAN), Australia and the US give
# it: a branch's code and an account's number, named, in either order within a sentence
# ("sort code 20-45-77, account 41234567", "BSB 062-000 acc 12345678", "routing 021000021,
# account 4400123456"). Either alone names a branch or a customer file; together they are
# someone's account, reported as the guide's bank-account kind (iban)
_BRANCH_CODE_RE = re.compile(
    r"\b(?:sort[\s\-]?code|s/c|BSB|routing(?:\s+(?:number|no\.?|#))?|ABA(?:\s+(?:number|no\.?))?|RTN)"
    r"\s*(?:is\s+)?[:#]?\s*(?P<code>\d{2}[\s\-]?\d{2}[\s\-]?\d{2}(?!\d)|\d{3}[\s\-]?\d{3}(?!\d)|\d{9}(?!\d))",
    re.IGNORECASE,
)
_ACCOUNT_RE = re.compile(
    r"\b(?:account|acc|acct|a/c)(?:\s+(?:number|num|no\.?|nr|#))?\s*(?:is\s+)?[:#]?\s*"
    r"(?P<number>\d(?:[\s\-]?\d){5,16})(?![\d\-])",
    re.IGNORECASE,
)


def aba_ok(digits: str) -> bool:
    """The check of a US routing (ABA) number: weights 3, 7, 1 over its nine digits."""
    if len(digits) != 9 or not digits.isdigit():
        return False
    weights = (3, 7, 1) * 3
    return sum(w * (ord(c) - 48) for w, c in zip(weights, digits, strict=True)) % 10 == 0


# A French RIB in its four parts (bank 5 digits, branch 5, account 11 letters or digits, key
# 2), spaced or named ("30004 00550 00012345678 40", "banque 30004 guichet 00550 compte
# 00012345678 clé 40"): the key checks the other three, one time in 97 by chance
_RIB_LABEL = (
    r"[ \t,;:\-]*(?:(?:code\s+)?(?:guichet|agence)|n°\s*(?:de\s+)?compte|num[ée]ro\s+de\s+compte|compte|"
    r"cl[ée](?:\s+rib)?)?[ \t]*:?[ \t]*"
)
_RIB_RE = re.compile(
    rf"(?:\b(?:code\s+)?banque[ \t]*:?[ \t]*)?(?<![\w\-])(?P<bank>\d{{5}}){_RIB_LABEL}"
    rf"(?P<branch>\d{{5}}){_RIB_LABEL}"
    rf"(?P<account>[0-9A-Z]{{11}}){_RIB_LABEL}(?P<key>\d{{2}})(?![\w\-])",
    re.IGNORECASE,
)
_FIVE_DIGITS_RE = re.compile(r"\d{5}")
_RIB_LETTERS = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "12345678912345678923456789")


def rib_ok(bank: str, branch: str, account: str, key: str) -> bool:
    """The French RIB key: 97 - (89 x bank + 15 x branch + 3 x account) mod 97, letters of
    the account read as digits (A and J as 1, B, K and S as 2…)."""
    digits = account.upper().translate(_RIB_LETTERS)
    if not digits.isdigit():
        return False
    return 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(digits)) % 97 == int(key)


def find_bank_details(text: str) -> Iterator[Hit]:
    """A branch's code and an account's number named side by side (see _BRANCH_CODE_RE),
    the span from the first one's word to the last one's digits; a French RIB's parts."""
    for rib in _RIB_RE.finditer(text) if _FIVE_DIGITS_RE.search(text) else ():
        if rib_ok(rib.group("bank"), rib.group("branch"), rib.group("account"), rib.group("key")):
            yield Hit(rib.start(), rib.end(), "iban")
    if not re.search(r"(?i)\b(?:sort|s/c|bsb|routing|aba|rtn)\b", text):
        return
    accounts = list(_ACCOUNT_RE.finditer(text))
    for branch in _BRANCH_CODE_RE.finditer(text):
        code = re.sub(r"\D", "", branch.group("code"))
        if len(code) == 9 and not aba_ok(code):
            continue
        for account in accounts:
            if account.start() >= branch.end():
                gap = text[branch.end() : account.start()]
            elif account.end() <= branch.start():
                gap = text[account.end() : branch.start()]
            else:
                continue
            if len(gap) <= 24 and not re.search(r"[.!?\n]", gap):
                yield Hit(min(branch.start(), account.start()), max(branch.end(), account.end()), "iban")
                break


# The word that names a value, typed glued to it ("tel0612345678", "carte4970…", "ibanFR76…",
# "siret73282932000074"): only these words, and only before a digit, a "+", a "(" or an IBAN's
# country and key; the value must still validate, so a product code ("ABC123456") stays clean
_GLUED_CUE_RE = re.compile(
    r"\b(?:t[ée]l\.?|t[ée]l[ée]phone|phone|mobile?|portable|num[ée]ro|num|whatsapp|cb|carte|card|visa"
    r"|mastercard|iban|rib|siret|siren|nir|s[ée]cu)(?=[+(]?\d|[A-Z]{2}\d{2})",
    re.IGNORECASE,
)


def _unglued_view(text: str) -> str | None:
    """`text` with each cue word glued to its value blanked out (same length: offsets hold);
    None when there is none (the usual case)."""
    if _GLUED_CUE_RE.search(text) is None:
        return None
    return _GLUED_CUE_RE.sub(lambda m: " " * len(m.group(0)), text)


# A phone number a line break cut in two ("06 39 98\n27 14", "+353 86\n555 0148"), as a copy
# from a phone or a narrow signature leaves it
_WRAPPED_RE = re.compile(r"(?<![\w+])(?:\+|\b0)\d[\d .\-]{1,14}\d[ \t]*\n[ \t]*\d[\d .\-]{0,14}\d(?![\d])")


def find_wrapped_phones(text: str, regions: tuple[str, ...] = ("FR",)) -> Iterator[Hit]:
    """Phone numbers cut by one line break, kept when the digits joined validate."""
    for match in _WRAPPED_RE.finditer(text):
        whole = match.group(0)
        digits = "".join(c for c in whole if c.isdigit())
        if not 9 <= len(digits) <= 13:
            continue
        compact = ("+" + digits) if whole.startswith("+") else digits
        if phone_ok(compact, regions):
            yield Hit(match.start(), match.end(), "phone")


# ---------------------------------------------------------------- numbers in words

_UNITS = {
    "zero": 0,
    "zéro": 0,
    "oh": 0,
    "o": 0,
    "un": 1,
    "une": 1,
    "one": 1,
    "deux": 2,
    "two": 2,
    "trois": 3,
    "three": 3,
    "quatre": 4,
    "four": 4,
    "cinq": 5,
    "five": 5,
    "six": 6,
    "sept": 7,
    "seven": 7,
    "huit": 8,
    "eight": 8,
    "neuf": 9,
    "nine": 9,
}
_TEENS = {
    "dix": 10,
    "onze": 11,
    "douze": 12,
    "treize": 13,
    "quatorze": 14,
    "quinze": 15,
    "seize": 16,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "vingt": 20,
    "vingts": 20,
    "trente": 30,
    "quarante": 40,
    "cinquante": 50,
    "soixante": 60,
    "septante": 70,
    "huitante": 80,
    "octante": 80,
    "nonante": 90,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_REPEATS = {"double": 2, "triple": 3}
_HUNDREDS = frozenset({"cent", "cents", "hundred"})
_THOUSANDS = frozenset({"mille", "thousand"})
_SCALES = _HUNDREDS | _THOUSANDS
_NUMBER_WORDS = (
    set(_UNITS) | set(_TEENS) | set(_TENS) | set(_REPEATS) | _HUNDREDS | _THOUSANDS | {"et", "and"}
)
_SPOKEN_TOKEN_RE = re.compile(r"[^\W\d_]+|\d+")
# the separators a number's groups are read with ("zéro six point douze…", "06 dot 12…")
_SPOKEN_SEPARATORS = frozenset({"point", "points", "dot", "tiret", "dash"})


def _below_hundred(tokens: list[str], i: int) -> tuple[int, int] | None:
    """The value of the number words from `i` that make a number under a hundred, and where
    they end ("quatre-vingt et un" -> 81, "soixante-dix-huit" -> 78); None if none starts."""

    def at(index: int) -> str:
        return tokens[index] if index < len(tokens) else ""

    token = at(i)
    if token == "quatre" and at(i + 1) in ("vingt", "vingts"):
        value, i = 80, i + 2
        if at(i) == "et":
            i += 1
        if at(i) == "dix" and at(i + 1) in ("sept", "huit", "neuf"):
            return 90 + _UNITS[at(i + 1)], i + 2
        if at(i) in _TEENS:
            return 80 + _TEENS[at(i)], i + 1
        if at(i) in _UNITS and _UNITS[at(i)] > 0:
            return 80 + _UNITS[at(i)], i + 1
        return value, i
    if token in _TENS:
        value, i = _TENS[token], i + 1
        if at(i) in ("et", "and"):
            i += 1
        if value == 60 and at(i) == "dix" and at(i + 1) in ("sept", "huit", "neuf"):
            return 70 + _UNITS[at(i + 1)], i + 2
        if value == 60 and at(i) in _TEENS:
            return 60 + _TEENS[at(i)], i + 1
        if at(i) in _UNITS and _UNITS[at(i)] > 0 and at(i) not in ("o", "oh"):
            return value + _UNITS[at(i)], i + 1
        return value, i
    if token == "dix" and at(i + 1) in ("sept", "huit", "neuf"):
        return 10 + _UNITS[at(i + 1)], i + 2
    if token in _TEENS:
        return _TEENS[token], i + 1
    if token in _UNITS and token not in ("o", "oh"):
        return _UNITS[token], i + 1
    return None


def _compound(tokens: list[str], i: int) -> tuple[int, int]:
    """A number of thousands and hundreds in words, read whole, and where it ends ("quatre
    mille deux cent quarante-deux" -> 4242, "quatre cent septante" -> 470, "nine hundred and
    twelve" -> 912); (0, i) when none starts at `i`. A word that cannot continue it ends it,
    so "cinq cent cinquante-cinq cinq mille…" is two numbers."""

    def at(index: int) -> str:
        return tokens[index] if index < len(tokens) else ""

    start, total = i, 0
    part = _below_hundred(tokens, i)
    if at(i) in _THOUSANDS:
        total, i = 1000, i + 1
    elif part is not None and at(part[1]) in _THOUSANDS:
        total, i = part[0] * 1000, part[1] + 1
    part = _below_hundred(tokens, i)
    if at(i) in _HUNDREDS:
        total, i = total + 100, i + 1
    elif part is not None and part[0] < 10 and at(part[1]) in _HUNDREDS:
        total, i = total + part[0] * 100, part[1] + 1
    if i == start:
        return 0, start
    if at(i) == "and" and at(i - 1) == "hundred":
        i += 1
    part = _below_hundred(tokens, i)
    if part is not None:
        total, i = total + part[0], part[1]
    return total, i


def _spoken_digits(tokens: list[str]) -> str:
    """Digits a sequence of number words and digit groups stands for ("zéro six douze"
    -> "0612", "quatre-vingt-huit" -> "88", "double oh" -> "00", "quatre cent septante"
    -> "470"); a comma token ends a number."""
    out: list[str] = []
    i = 0
    count = len(tokens)

    def at(index: int) -> str:
        return tokens[index] if index < count else ""

    while i < count:
        token = tokens[i]
        if token.isdigit():
            out.append(token)
            i += 1
            continue
        if token in _SCALES or not _SCALES.isdisjoint((at(i + 1), at(i + 2), at(i + 3))):
            value, end = _compound(tokens, i)
            if end > i:
                out.append(str(value))
                i = end
                continue
        if token in _REPEATS and at(i + 1) in _UNITS:
            out.append(str(_UNITS[at(i + 1)]) * _REPEATS[token])
            i += 2
            continue
        if token in _REPEATS and (repeated := _below_hundred(tokens, i + 1)) is not None:
            out.append(str(repeated[0]) * _REPEATS[token])  # "double douze" -> "1212"
            i = repeated[1]
            continue
        part = _below_hundred(tokens, i)
        if part is not None:
            out.append(str(part[0]))
            i = part[1]
        elif token in _UNITS:
            out.append(str(_UNITS[token]))
            i += 1
        else:
            i += 1
    return "".join(out)


_SPELT_COUNTRY_RE = re.compile(r"(?<![\w])([A-Z])[ .]?([A-Z])[ \t]+$")
_IBAN_CUE_RE = re.compile(r"\b(?:iban|rib|bic|virement|compte)\b[^.!?\n]{0,50}$", re.IGNORECASE)
# What announces a card number read aloud ("ma carte c'est quatre mille deux cent…")
_CARD_CUE_RE = re.compile(
    r"\b(?:carte|cb|card|visa|mastercard|amex|american express|cr[ée]dit|debit|débit)\b[^.!?\n]{0,30}$",
    re.IGNORECASE,
)


def _mobile_without_trunk(digits: str, spelt: int, regions: tuple[str, ...]) -> bool:
    """A French mobile read aloud from its first non-zero digit, as people say it ("six trente
    neuf…" for 06 39…): nine digits from a 6 or a 7, read in four words or more, that make a
    mobile with the zero put back; a British one likewise (ten digits from a 7)."""
    if spelt < 4:
        return False
    if "FR" in regions and len(digits) == 9 and digits[0] in "67" and phone_ok("0" + digits, regions):
        return True
    # a British mobile said the same way ("seven seven zero zero, nine zero zero…" for 07700…)
    return "GB" in regions and len(digits) == 10 and digits[0] == "7" and phone_ok("0" + digits, ("GB",))


def find_spoken_numbers(text: str, regions: tuple[str, ...] = ("FR",)) -> Iterator[Hit]:
    """Phone numbers, NIRs and card numbers written in words, whole or mixed with digits."""
    lowered = text.lower()
    group: list[re.Match[str]] = []
    separators = [0]  # the "point"/"dot" words read between the groups of the current number

    def flush() -> Iterator[Hit]:
        words = [m.group(0) for m in group]
        spelt = separators[0] + sum(1 for w in words if not w.isdigit() and w not in ("et", "and", "plus"))
        separators[0] = 0
        if spelt == 0 or (not any(w.isdigit() for w in words) and spelt < 3):
            return
        while words and words[-1] in ("et", "and"):
            words.pop()
            group.pop()
        # a comma between two words ends a number ("quatre mille, zéro cinq cent…": a
        # card's groups of four)
        marked = [words[0]]
        for previous, match, word in zip(group, group[1:], words[1:], strict=False):
            if "," in lowered[previous.end() : match.start()]:
                marked.append(",")
            marked.append(word)
        plus = marked[0] == "plus"
        digits = _spoken_digits(marked[1:] if plus else marked)
        letters = _SPELT_COUNTRY_RE.search(text, max(0, group[0].start() - 8), group[0].start())
        if (
            letters is not None
            and (letters.group(1) + letters.group(2)).upper() in IBAN_LENGTHS
            and len(digits) >= 8
            and _IBAN_CUE_RE.search(text, max(0, letters.start() - 60), letters.start()) is not None
        ):
            # "mon iban c'est F R sept six trois zéro…": the country spelt in capitals, the rest in words
            # (even the start of one is the account's)
            yield Hit(letters.start(), group[-1].end(), "iban")
            return
        if plus:
            # "plus trente-trois six douze…": the country code said in words
            kind = "phone" if 8 <= len(digits) <= 15 and phone_ok("+" + digits, regions) else None
        else:
            kind = _classify(digits, False, regions) if 9 <= len(digits) <= 19 else None
            if kind is None and _mobile_without_trunk(digits, spelt, regions):
                kind = "phone"  # "six trente neuf, quatre-vingt-dix-huit…": the leading zero left unsaid
        if spelt < 3 and kind != "phone":
            return  # a word or two beside digits ("zéro six 12 34 56 78") counts for a phone only
        if (
            kind == "card"
            and _CARD_CUE_RE.search(text, max(0, group[0].start() - 40), group[0].start()) is None
        ):
            return  # amounts in words one after another pass Luhn one time in ten: a card is announced
        if kind is None and _partial_nir(digits, text, group[0].start()):
            kind = "nir"
        if kind is not None:
            yield Hit(group[0].start(), group[-1].end(), kind)

    previous_end = -1
    for match in _SPOKEN_TOKEN_RE.finditer(lowered):
        token = match.group(0)
        gap = lowered[previous_end : match.start()]
        # a line break inside a number read aloud, as a narrow screen or a transcript wraps it
        joined = previous_end >= 0 and len(gap) <= 3 and not gap.strip(" ,.-;\n") and gap.count("\n") <= 1
        if token == "plus" and not group:
            # "plus" opens a number only before number words ("plus trente-trois six…")
            following = _SPOKEN_TOKEN_RE.match(lowered, match.end() + 1)
            if following is not None and following.group(0) in _NUMBER_WORDS and following.group(0) != "et":
                group.append(match)
                previous_end = match.end()
                continue
        if token in _SPOKEN_SEPARATORS and group and joined:
            # "06 point 73 point 21…": the dot between two groups said as a word
            following = _SPOKEN_TOKEN_RE.match(lowered, match.end() + 1)
            next_word = following.group(0) if following is not None else ""
            if next_word.isdigit() or next_word in _NUMBER_WORDS:
                separators[0] += 1
                previous_end = match.end()
                continue
        if token in _NUMBER_WORDS or token.isdigit():
            if group and not joined:
                yield from flush()
                group = []
            if group or token not in ("et", "and"):
                group.append(match)
            previous_end = match.end()
            continue
        if group:
            yield from flush()
            group = []
        previous_end = match.end()
    if group:
        yield from flush()


# A street read aloud ("au quarante-deux rue de la République soixante-neuf zéro zéro deux
# Lyon"): the address detectors read a view with each run of number words written in digits
_STREET_WORD_RE = re.compile(
    r"\b(?:rue|avenue|boulevard|bd|place|chemin|all[ée]e|impasse|quai|route|cours|square|"
    r"street|road|lane|drive|way)\b",
    re.IGNORECASE,
)


def spoken_number_view(text: str) -> tuple[str, list[tuple[int, int]]] | None:
    """`text` with every run of number words written in digits, and for each character of the
    view the span of the original characters it stands for; None when the text has no street
    word or no number in words (the usual case: nothing to read again)."""
    if _STREET_WORD_RE.search(text) is None:
        return None
    lowered = text.lower()
    runs: list[list[re.Match[str]]] = []
    previous_end = -1
    for match in _SPOKEN_TOKEN_RE.finditer(lowered):
        token = match.group(0)
        gap = lowered[previous_end : match.start()]
        joined = previous_end >= 0 and len(gap) <= 3 and not gap.strip(" -")
        if token in _NUMBER_WORDS and not token.isdigit() and token not in ("o", "oh"):
            if runs and joined and runs[-1][-1].end() == previous_end:
                runs[-1].append(match)
            elif token not in ("et", "and"):
                runs.append([match])
        previous_end = match.end()
    runs = [run for run in runs if run[-1].group(0) not in ("et", "and") and len(run) >= 1]
    if not runs:
        return None
    pieces: list[str] = []
    spans: list[tuple[int, int]] = []
    cursor = 0
    for run in runs:
        digits = _spoken_digits([m.group(0) for m in run])
        if not digits:
            continue
        start, end = run[0].start(), run[-1].end()
        pieces.append(text[cursor:start])
        spans.extend((i, i + 1) for i in range(cursor, start))
        pieces.append(digits)
        spans.extend((start, end) for _ in digits)
        cursor = end
    pieces.append(text[cursor:])
    spans.extend((i, i + 1) for i in range(cursor, len(text)))
    return "".join(pieces), spans
