"""`cadre check`: screen text from stdin and report, for people or for other programs.

The argument parsing lives in the CLI; this is the pure part, on injected streams, so the
public contract (below) is tested without a subprocess.

Plain: the whole of stdin is one text; the report lists each finding (kind, words,
character span) and the suggested placeholder version. `--jsonl`: each input line is
`{"id": ..., "text": ...}` (with `"lang": "fr"|"en"` when the line says its language,
which then stands for `--locale` on that line) and gives exactly one output line
`{"id": ..., "findings": [{"start", "end", "kind", "text"}]}` with character offsets
into `text`. An unreadable line gives `{"id": <id or null>, "error": "..."}` and the run
continues; the exit code is 1 if any line was unreadable, else 0.
"""

from __future__ import annotations

import json
from typing import Protocol, TextIO

from bot.domain import Finding
from bot.screening.engine import ScreeningEngine
from bot.screening.language import LANGUAGES
from bot.screening.suggest import suggest


class Texts(Protocol):
    """The part of `bot.i18n.Catalogue` the report needs."""

    def text(self, key: str, locale: str | None = None, /, **params: object) -> str: ...

    def section(self, prefix: str, locale: str | None = None) -> dict[str, str]: ...


def run_check(
    stdin: TextIO,
    stdout: TextIO,
    *,
    jsonl: bool,
    engine: ScreeningEngine,
    catalogue: Texts,
    locale: str,
) -> int:
    """Screen stdin and write the report; the return value is the process exit code."""
    if jsonl:
        return _run_jsonl(stdin, stdout, engine, catalogue, locale)
    text = stdin.read()
    findings = engine.screen(text)
    stdout.write(plain_report(text, findings, catalogue, locale))
    return 0


def plain_report(text: str, findings: list[Finding], catalogue: Texts, locale: str) -> str:
    """The human report: what was found, where, and the placeholder version."""
    if not findings:
        return catalogue.text("screening.report.clean", locale) + "\n"
    kinds = catalogue.section("screening.kind", locale)
    count = len(findings)
    lines = [catalogue.text("screening.report.found", locale, count=count)]
    for finding in findings:
        lines.append(
            catalogue.text(
                "screening.report.item",
                locale,
                kind=kinds.get(finding.kind, finding.kind),
                text=finding.text,
                start=finding.start,
                end=finding.end,
            )
        )
    placeholders = catalogue.section("screening.placeholder", locale)
    lines.append("")
    lines.append(catalogue.text("screening.report.suggestion", locale))
    lines.append(suggest(text, findings, placeholders))
    return "\n".join(lines) + "\n"


def _run_jsonl(stdin: TextIO, stdout: TextIO, engine: ScreeningEngine, catalogue: Texts, locale: str) -> int:
    status = 0
    engines = {engine.locale: engine}
    for line in stdin:
        if not line.strip():
            continue
        record_id: object = None
        try:
            record = json.loads(line)
        except ValueError:
            _write(stdout, {"id": None, "error": _reason(catalogue, locale, "json")})
            status = 1
            continue
        if not isinstance(record, dict):
            _write(stdout, {"id": None, "error": _reason(catalogue, locale, "object")})
            status = 1
            continue
        record_id = record.get("id")
        text = record.get("text")
        if not isinstance(text, str):
            _write(stdout, {"id": record_id, "error": _reason(catalogue, locale, "text")})
            status = 1
            continue
        lang = record.get("lang")
        if isinstance(lang, str) and lang in LANGUAGES and lang not in engines:
            engines[lang] = engine.for_locale(lang)
        findings = engines.get(lang if isinstance(lang, str) else "", engine).screen(text)
        _write(
            stdout,
            {
                "id": record_id,
                "findings": [
                    {"start": f.start, "end": f.end, "kind": f.kind, "text": f.text} for f in findings
                ],
            },
        )
    return status


def _reason(catalogue: Texts, locale: str, which: str) -> str:
    return catalogue.text(
        "screening.report.malformed",
        locale,
        reason=catalogue.text(f"screening.report.reason.{which}", locale),
    )


def _write(stdout: TextIO, payload: dict[str, object]) -> None:
    stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")
    stdout.flush()
