"""`cadre screening report`: how often mentees kept a flagged word on their own word.

Counts only, never a message: the audit trail gives how many answers were kept as "neither
a real person nor a real company" and by how many mentees; the words kept most often are
found again by screening the stored questions (the kept words are in them, and nowhere
else), so the coach can add the harmless ones to `screening.allow_words`.
"""

from __future__ import annotations

from collections import Counter
from typing import TextIO

from bot.app import Setup, build_screener
from bot.config.i18n import Quantity
from bot.core.flow.runner import VOUCHED_ACTION
from bot.ports import Store

TOP_WORDS = 20


async def kept_words(setup: Setup, store: Store, aliases: set[str]) -> Counter[str]:
    """Words that may be names, each counted once per stored question of these mentees
    that holds it (a word repeated in several answers of one question is one keep)."""
    screener = build_screener(setup.settings)
    found: Counter[str] = Counter()
    for mentee in await store.list_mentees():
        if mentee.alias not in aliases:
            continue
        for item in await store.items_of(mentee.user):
            found.update(
                {f.text.casefold() for a in item.answers for f in screener.screen(a.text) if not f.certain}
            )
    return found


async def run_screening_report(setup: Setup, store: Store, *, stdout: TextIO) -> int:
    catalogue = setup.catalogue
    locale = catalogue.resolve_locale(setup.settings.locale)
    events = [e for e in await store.audit_events() if e.action == VOUCHED_ACTION]
    if not events:
        stdout.write(catalogue.text("screening.kept.none", locale) + "\n")
        return 0
    aliases = {e.actor for e in events}
    mentees = Quantity(len(aliases), "screening.kept.mentees")
    lines = [catalogue.text("screening.kept.total", locale, count=len(events), mentees=mentees)]
    words = await kept_words(setup, store, aliases)
    if words:
        lines.append(catalogue.text("screening.kept.words_header", locale))
        for word, count in words.most_common(TOP_WORDS):
            lines.append(catalogue.text("screening.kept.word", locale, word=word, count=count))
    stdout.write("\n".join(lines) + "\n")
    return 0
