"""Speed and accuracy of our screener, side by side with Microsoft Presidio.

    python -m benchmarks.screening.bench [PATH…] [--repeat N] [--model fr_core_news_md]

PATH: labelled JSONL files or folders (default: benchmarks/data/dev, else the regression
set). Only the French messages are used, since Presidio gets a French spaCy model
(fr_core_news_md by default, with its stock recognizers). Presidio is an optional extra
(`pip install -e '.[bench]'`); without it the bench prints our figures and says so. Nothing
is downloaded at run time: tldextract (used by Presidio's e-mail recognizer) is pointed at
its bundled suffix list.

Model loading is excluded from the timings (both tools load once, then are warmed up on
a few messages); latency is per message, wall-clock, single thread.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.screening.evaluate import (
    DEV_DIR,
    REGRESSION_SET,
    Example,
    Report,
    evaluate,
    format_report,
    load_examples,
)
from bot.domain import Finding
from bot.ports import Screener
from bot.screening.engine import ScreeningEngine

# Presidio entities that correspond to our kinds; others (dates, nationalities…) are not
# identifying in this frame and would only count as false alarms.
PRESIDIO_KINDS: dict[str, str] = {
    "PERSON": "person",
    "ORGANIZATION": "organization",
    "EMAIL_ADDRESS": "email",
    "PHONE_NUMBER": "phone",
    "IBAN_CODE": "iban",
    "CREDIT_CARD": "card",
    "URL": "url",
    "LOCATION": "address",
}


@dataclass(frozen=True)
class Timing:
    messages_per_s: float
    median_ms: float
    p99_ms: float


class PresidioScreener:
    """Presidio's AnalyzerEngine for French behind our `Screener` protocol."""

    def __init__(self, model: str) -> None:
        os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
        import tldextract

        # Offline: the bundled public-suffix snapshot, never a fetch.
        offline = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
        tldextract.extract = offline  # type: ignore[assignment]
        from presidio_analyzer import AnalyzerEngine
        from presidio_analyzer.nlp_engine import NlpEngineProvider

        provider = NlpEngineProvider(
            nlp_configuration={
                "nlp_engine_name": "spacy",
                "models": [{"lang_code": "fr", "model_name": model}],
            }
        )
        self._analyzer: Any = AnalyzerEngine(nlp_engine=provider.create_engine(), supported_languages=["fr"])
        self._entities = sorted(PRESIDIO_KINDS)

    def screen(self, text: str) -> list[Finding]:
        results = self._analyzer.analyze(text=text, language="fr", entities=self._entities)
        return [
            Finding(r.start, r.end, PRESIDIO_KINDS.get(r.entity_type, "person"), text[r.start : r.end])
            for r in sorted(results, key=lambda r: (r.start, r.end))
        ]


def time_screener(screener: Screener, texts: Sequence[str], repeat: int) -> Timing:
    for text in texts[:10]:
        screener.screen(text)
    latencies: list[float] = []
    started = time.perf_counter()
    for _ in range(repeat):
        for text in texts:
            begin = time.perf_counter()
            screener.screen(text)
            latencies.append(time.perf_counter() - begin)
    elapsed = time.perf_counter() - started
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    return Timing(len(latencies) / elapsed, statistics.median(latencies) * 1000, p99 * 1000)


def _line(name: str, timing: Timing, report: Report) -> str:
    return (
        f"{name:<9} {timing.messages_per_s:9.1f} msg/s   median {timing.median_ms:6.2f} ms   "
        f"p99 {timing.p99_ms:6.2f} ms   recall {report.overall_recall:6.1%}   "
        f"fully caught {report.fully_caught:6.1%}   false alarms {report.false_alarm:6.1%}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.screening.bench")
    parser.add_argument("paths", nargs="*", type=Path, help="labelled JSONL files or folders")
    parser.add_argument("--repeat", type=int, default=3, help="passes over the set (default 3)")
    parser.add_argument("--model", default="fr_core_news_md", help="Presidio's spaCy model")
    args = parser.parse_args(argv)
    paths = args.paths or [DEV_DIR if DEV_DIR.is_dir() else REGRESSION_SET]
    examples: list[Example] = load_examples(*paths, lang="fr")
    texts = [e.text for e in examples]

    ours = ScreeningEngine(locale="fr")
    ours.load()
    our_report = evaluate(ours, examples)
    our_timing = time_screener(ours, texts, args.repeat)
    lines = [
        f"{len(texts)} messages x {args.repeat} passes, one thread",
        "",
        _line("cadre", our_timing, our_report),
    ]

    try:
        presidio: PresidioScreener | None = PresidioScreener(args.model)
    except (ImportError, OSError):
        presidio = None
    if presidio is None:
        lines.append(f"presidio  not installed, or no {args.model} (pip install -e '.[bench]' to compare)")
        print("\n".join(lines))
        print()
        print(format_report(our_report, "cadre"))
        return 0
    their_report = evaluate(presidio, examples)
    their_timing = time_screener(presidio, texts, args.repeat)
    lines.append(_line("presidio", their_timing, their_report))
    speedup = our_timing.messages_per_s / their_timing.messages_per_s
    lines.append(f"\ncadre is {speedup:.1f}x faster per message than presidio ({args.model}) on this set")
    print("\n".join(lines))
    print()
    print(format_report(our_report, "cadre"))
    print()
    print(format_report(their_report, "presidio"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
