"""The sponsor report: global progress, and only a text the mentee has validated in writing.

    draft ──send──► sent ──validate──► validated ──release──► released
      ▲               │  └─ask change─► change_requested ──revise──► draft
      └────revise─────┘  └─refuse─────► refused (final; a new report may be drafted)

A validation records the instant and the SHA-256 of the exact text the mentee received;
any revision after it drops the validation and the text must be sent again. Release
checks the hash against the text once more, so a text changed by any path can never leave.
Each transition is a pure function returning a new frozen value or raising `ReportError`
whose `reason` is a catalogue key (journey.report.refused.<reason>), never the text.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum

from bot.errors import CadreError


class ReportState(StrEnum):
    DRAFT = "draft"
    SENT = "sent"
    VALIDATED = "validated"
    CHANGE_REQUESTED = "change_requested"
    REFUSED = "refused"
    RELEASED = "released"


class ReportError(CadreError):
    """A transition that the lifecycle does not allow; `reason` says why, as a key."""

    def __init__(self, report_id: str, reason: str) -> None:
        self.report_id = report_id
        self.reason = reason
        super().__init__(f"report {report_id}: {reason}")


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Validation:
    at: datetime
    sha256: str


@dataclass(frozen=True)
class Report:
    id: str
    alias: str
    mentor: str
    period_start: date
    period_end: date
    text: str
    created_at: datetime
    updated_at: datetime
    state: ReportState = ReportState.DRAFT
    version: int = 1
    sent_at: datetime | None = None
    sent_sha256: str | None = None
    validation: Validation | None = None
    change_comment: str | None = None
    refused_at: datetime | None = None
    released_at: datetime | None = None

    @property
    def sha256(self) -> str:
        return text_hash(self.text)

    @property
    def is_validated(self) -> bool:
        return (
            self.state in (ReportState.VALIDATED, ReportState.RELEASED)
            and self.validation is not None
            and self.validation.sha256 == self.sha256
        )


def draft_report(
    report_id: str,
    *,
    alias: str,
    mentor: str,
    period_start: date,
    period_end: date,
    text: str,
    at: datetime,
) -> Report:
    if period_end < period_start:
        raise ReportError(report_id, "period_order")
    if not text.strip():
        raise ReportError(report_id, "empty")
    return Report(report_id, alias, mentor, period_start, period_end, text, at, at)


def revise(report: Report, text: str, at: datetime) -> Report:
    """A new text: back to draft, any validation dropped (it was for another text)."""
    if report.state in (ReportState.RELEASED, ReportState.REFUSED):
        raise ReportError(report.id, report.state.value)
    if not text.strip():
        raise ReportError(report.id, "empty")
    if text == report.text and report.state is not ReportState.CHANGE_REQUESTED:
        return report
    return replace(
        report,
        text=text,
        state=ReportState.DRAFT,
        version=report.version + 1,
        updated_at=at,
        validation=None,
        sent_at=None,
        sent_sha256=None,
    )


def send_to_mentee(report: Report, at: datetime) -> Report:
    if report.state is not ReportState.DRAFT:
        raise ReportError(report.id, f"send_from_{report.state.value}")
    return replace(report, state=ReportState.SENT, sent_at=at, sent_sha256=report.sha256, updated_at=at)


def _require_sent(report: Report, seen_sha256: str) -> None:
    if report.state is not ReportState.SENT:
        raise ReportError(report.id, f"answer_from_{report.state.value}")
    if seen_sha256 != report.sha256 or report.sent_sha256 != report.sha256:
        raise ReportError(report.id, "stale")


def validate(report: Report, at: datetime, seen_sha256: str) -> Report:
    """The mentee validates the exact text they received (`seen_sha256` is its hash)."""
    _require_sent(report, seen_sha256)
    return replace(
        report,
        state=ReportState.VALIDATED,
        validation=Validation(at, report.sha256),
        change_comment=None,
        updated_at=at,
    )


def request_change(report: Report, at: datetime, seen_sha256: str, comment: str) -> Report:
    _require_sent(report, seen_sha256)
    return replace(report, state=ReportState.CHANGE_REQUESTED, change_comment=comment, updated_at=at)


def refuse(report: Report, at: datetime, seen_sha256: str) -> Report:
    _require_sent(report, seen_sha256)
    return replace(report, state=ReportState.REFUSED, refused_at=at, updated_at=at)


def release_problem(report: Report) -> str | None:
    """Why this report may not leave (a reason key), or None when it may."""
    if report.state is ReportState.RELEASED:
        return "already_released"
    if report.state is not ReportState.VALIDATED:
        return f"not_validated_{report.state.value}"
    if report.validation is None or report.validation.sha256 != report.sha256:
        return "hash_mismatch"
    return None


def released(report: Report, at: datetime) -> Report:
    problem = release_problem(report)
    if problem is not None:
        raise ReportError(report.id, problem)
    return replace(report, state=ReportState.RELEASED, released_at=at, updated_at=at)
