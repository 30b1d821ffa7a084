"""One verdict on a text about to be stored or sent, for mentees and mentors alike.

    verdict = review(screener, text, placeholders, vouched=kept_words)
    if verdict.is_clean: store(text)
    elif verdict.can_vouch: ask "is it a real person or company?" (or rewrite, or take
        verdict.suggestion)
    else: ask for a rewrite or offer verdict.suggestion

A structured identifier (e-mail, phone, IBAN, card, NIR, SIREN/SIRET, address, link) is
never storable. A word that may be a person or an organization is uncertain: the writer
may keep it by answering that it names neither a real person nor a real company; the
words so kept come back here as `vouched` and are no longer findings. The suggestion
(each finding replaced by its placeholder) is screened again and offered only if clean.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from bot.domain import Finding
from bot.ports import Screener
from bot.screening.lexicon import fold
from bot.screening.suggest import suggest


@dataclass(frozen=True)
class Review:
    """What screening found in a text, and what the writer may do about it."""

    findings: tuple[Finding, ...]
    suggestion: str | None

    @property
    def is_clean(self) -> bool:
        return not self.findings

    @property
    def can_vouch(self) -> bool:
        """Only uncertain findings: the writer may say they name no real person or company."""
        return bool(self.findings) and not any(f.certain for f in self.findings)

    @property
    def uncertain_words(self) -> tuple[str, ...]:
        """The words the writer would vouch for, in order, each once."""
        seen: dict[str, None] = {}
        for finding in self.findings:
            if not finding.certain:
                seen.setdefault(finding.text, None)
        return tuple(seen)


def review(
    screener: Screener,
    text: str,
    placeholders: Mapping[str, str],
    vouched: Collection[str] = (),
) -> Review:
    """Screen `text`; drop the uncertain findings the writer vouched for; build a suggestion
    that is itself clean (None when none is)."""
    kept = {fold(word.strip()) for word in vouched if word.strip()}
    findings = tuple(f for f in screener.screen(text) if f.certain or fold(f.text.strip()) not in kept)
    if not findings:
        return Review((), None)
    proposal = suggest(text, findings, placeholders)
    clean = not [f for f in screener.screen(proposal) if f.certain or fold(f.text.strip()) not in kept]
    return Review(findings, proposal if clean else None)
