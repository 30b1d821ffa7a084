"""Accuracy on labelled sets: the figures reached, so they cannot fall silently.

- held-out (benchmarks/data/heldout10 onwards, *.jsonl, each written by someone
  who never saw the rules nor the other sets): the figures the lead measured, per language,
  in HELDOUT_FLOORS; nobody tunes on them;
- development (benchmarks/data/dev/*.jsonl, tuned on): the figures reached, per language;
- second development set (benchmarks/data/dev2/*.jsonl, written by someone who never saw
  the rules nor the earlier sets; first measured before any change, then worked on): the
  figures reached, per language;
- third development set (benchmarks/data/dev3/*.jsonl, written from the labelling guide
  only, with its own personas and registers): measured untouched, then worked on;
- fourth development set (benchmarks/data/dev4/*.jsonl, written blind by another helper,
  see its SOURCES.md): measured untouched, then worked on;
- regression (tests/data/screening_eval.jsonl, the old generated set): kept so the early
  gains stay, not as a target.

A floor is a share of messages with data fully caught that must be reached and a share of
clean messages flagged that must not be exceeded. Print the figures with
`python -m benchmarks.screening.scoreboard`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.screening.evaluate import (
    DATA,
    DEV2_DIR,
    DEV3_DIR,
    DEV4_DIR,
    DEV_DIR,
    REGRESSION_SET,
    Report,
    evaluate,
    load_examples,
    screeners,
)

# Measured on the held-out set, never tuned on (2026-12-01: fr 88.1 % caught, 2.7 % flagged;
# en 75.8 % caught, 6.9 % flagged; 2026-12-02 night: fr 91.5 % / 2.3 %, en 78.9 % / 5.7 %;
# 2026-12-02 morning: fr 91.5 % / 1.9 %, en 82.6 % / 4.4 %). heldout2, written blind on
# 2026-12-02 and measured before and after that morning's tuning on dev4: fr 84.7 % / 7.1 %
# then 85.2 % / 6.5 %, en 83.1 % / 11.5 % then 89.0 % / 10.9 %. 2026-12-02 day, after tuning on
# dev5: heldout fr 91.5 % / 1.9 %, en 83.2 % / 4.4 %; heldout2 fr 87.3 % / 6.5 %, en 91.3 % / 10.9 %;
# heldout3 (written blind that day, first measured then) fr 84.2 % / 5.8 %, en 79.1 % / 16.8 %.
# 2026-12-02 afternoon, after tuning on dev5 again (false alarms, organisations, addresses):
# heldout fr 91.5 % / 1.9 %, en 83.9 % / 4.4 %; heldout2 fr 87.3 % / 5.3 %, en 91.3 % / 8.3 %;
# heldout3 fr 84.7 % / 5.8 %, en 81.1 % / 15.1 %; heldout4 (written blind that day, measured on
# the rules before that tuning: fr 82.0 % / 1.9 %, en 81.4 % / 4.1 %) fr 83.7 % / 1.9 %, en 82.1 % / 2.7 %.
# 2026-12-02 evening, after tuning on dev5 and dev6 (words no list holds, decided by their frame):
# heldout fr 91.9 % / 1.5 %, en 85.1 % / 3.8 %; heldout2 fr 87.8 % / 4.7 %, en 91.9 % / 7.1 %;
# heldout3 fr 87.2 % / 4.0 %, en 83.0 % / 13.5 %; heldout4 fr 86.0 % / 0.6 %, en 83.3 % / 2.7 %;
# heldout5 (written blind that day, measured on the rules before that tuning: fr 91.1 % / 6.3 %,
# en 80.6 % / 7.0 %) fr 92.8 % / 3.8 %, en 83.3 % / 7.0 %.
# 2026-12-03 morning, after tuning on dev7 (frames: roles, departments, firms by their noun):
# heldout fr 92.7 % / 1.5 %, en 86.3 % / 3.8 %; heldout2 unchanged; heldout3 fr 88.3 % / 4.0 %,
# en unchanged; heldout4 fr 86.6 % / 0.6 %, en 84.6 % / 2.7 %; heldout5 fr 92.8 % / 3.1 %,
# en 83.9 % / 6.4 %; heldout6 (written blind that day, measured on the rules before that tuning:
# fr 84.2 % / 3.9 %, en 74.9 % / 11.3 %) fr 85.4 % / 3.3 %, en 75.4 % / 10.3 %. Then English frames and
# more listed companies (tuned on dev5-dev7 en): heldout en 87.0 % / 3.8 %, heldout2 en 92.4 % / 7.1 %,
# heldout3 en 83.0 % / 13.0 %, heldout6 fr 85.4 % / 3.9 % (one clean message more flagged),
# en 75.9 % / 10.3 %. Then street addresses of more countries (built from probes, no set read):
# heldout4 en 85.3 % / 2.7 %, heldout5 en 84.4 % / 6.4 %, heldout6 en 77.0 % / 10.3 %.
# 2026-12-03 afternoon, after places, eponyms and public bodies from data, brands and whole
# names (tuned on dev, dev3, dev5, dev7; checked on dev2, dev4, dev6) and structured shapes by
# construction: heldout fr 92.7 % / 1.5 %, en 88.2 % / 4.4 % (one clean message more flagged);
# heldout2 fr 88.4 % / 4.7 %, en 93.0 % / 7.1 %; heldout3 fr 88.8 % / 4.0 %, en 84.0 % / 11.9 %;
# heldout4 fr 86.6 % / 0.6 %, en 85.3 % / 2.0 %; heldout5 fr 93.9 % / 3.1 %, en 84.9 % / 5.8 %;
# heldout6 fr 85.4 % / 3.9 %, en 78.5 % / 9.7 %.
# 2026-12-03 evening, after firm and person frames (tuned on dev, dev3, dev5, dev7; checked on
# dev2, dev4, dev6, dev8) and e-mails and addresses from sourced shapes: heldout en 90.1 % / 4.4 %,
# heldout2 en 94.2 % / 7.1 %, heldout4 en 85.9 % / 2.0 %, heldout6 en 80.1 % / 9.7 %, the others
# unchanged; heldout7 (written blind that evening, measured on the rules before that work: fr
# 80.4 % / 3.1 %, en 80.7 % / 10.1 %) fr 80.4 % / 3.1 %, en 81.8 % / 10.1 %.
# 2026-12-03 night, after firms and persons no list holds, English grammar, identifiers as
# dictated, and each message judged in its own language (tuned on dev, dev3, dev5, dev7, dev8;
# checked on dev2, dev4, dev6, dev9): heldout en 91.3 % / 4.4 %; heldout2 fr 89.4 % / 4.7 %;
# heldout4 en 85.9 % / 1.4 %; heldout6 fr 86.0 % / 3.9 %, en 79.6 % / 9.2 % (one message less
# caught); heldout7 fr 82.1 % / 3.1 %, en 83.4 % / 9.3 %; the others unchanged; heldout8
# (written blind that night, a quarter of its clean lines public text; measured on the rules
# before that work: fr 79.4 % / 2.8 %, en 72.9 % / 3.5 %) fr 81.2 % / 2.8 %, en 72.9 % / 3.5 %.
# `python -m benchmarks.screening.scoreboard` prints them all.
# {set: {"fr": (fully caught >=, clean flagged <=)}}.
# 2026-12-04: the four oldest held-out sets (heldout to heldout4, measured at every round for
# two days) retired to development sets dev10 to dev13, tuned on from then, to give the rules
# human-written misses; the blind judges are heldout5 to heldout9. The retired sets' floors
# are in GUARDED_SETS, at the figures reached once tuned on. Later that day heldout5 and
# heldout6 retired the same way, to dev14 and dev15.
# 2026-12-04 morning, after the rounds of that night (probes from generated data, then the
# misses people wrote in dev10-dev13): heldout5 fr 94.4 % / 3.1 %, en 88.2 % / 5.2 %;
# heldout6 fr 86.5 % / 3.9 %, en 80.6 % / 8.7 %; heldout7 fr 83.3 % / 3.1 %, en 84.5 % / 8.5 %;
# heldout8 fr 83.0 % / 2.8 %, en 73.5 % / 2.8 %; heldout9 fr 85.1 % / 1.9 %, en 80.8 % / 5.0 %.
# 2026-12-04 afternoon: heldout7, heldout8 and heldout9 (measured blind at every round since
# the evening of 2026-12-03) retired to dev17, dev18 and dev19, at their last blind figures
# (fr 85.7 % / 3.1 %, en 86.2 % / 7.8 %; fr 83.0 % / 2.8 %, en 74.1 % / 2.1 %; fr 86.3 % / 1.9 %,
# en 81.4 % / 5.0 %): the blind judges are heldout10 onwards.
HELDOUT_FLOORS: dict[str, dict[str, tuple[float, float]]] = {
    # heldout10 (2026-12-04 morning, blind: mentees answering the bot's steps and mentors'
    # replies, new sectors): first measured untouched at fr 85.1 % / 3.3 %, en 85.7 % / 2.0 %
    "heldout10": {"fr": (0.85, 0.035), "en": (0.855, 0.02)},
    # heldout11 (2026-12-04 morning, blind: payload-style lines as other projects write them,
    # long pasted documents): first measured untouched at fr 84.3 % / 8.2 %, en 79.8 % / 15.6 %
    "heldout11": {"fr": (0.84, 0.085), "en": (0.795, 0.16)},
    # heldout12 (2026-12-04 morning, blind: the year-long journey's texts, mentee, sponsor and
    # coach): first measured untouched at fr 81.4 % / 1.2 %, en 73.3 % / 3.6 %
    "heldout12": {"fr": (0.81, 0.015), "en": (0.73, 0.04)},
    # heldout13 (2026-12-04 evening, blind from the labelling guide only, English written
    # apart from the French): first measured untouched at fr 95.3 % / 0.0 %, en 89.9 % / 5.9 %
    "heldout13": {"fr": (0.95, 0.005), "en": (0.895, 0.06)},
}
HELDOUT_DIRS = {
    "heldout10": DATA / "heldout10",
    "heldout11": DATA / "heldout11",
    "heldout12": DATA / "heldout12",
    "heldout13": DATA / "heldout13",
}
# dev fr 99.6 % after the 2026-12-03 evening frames ("la SG me propose un poste")
DEV_FLOORS: dict[str, tuple[float, float]] = {"fr": (0.995, 0.01), "en": (0.98, 0.01)}
DEV2_FLOORS: dict[str, tuple[float, float]] = {"fr": (0.94, 0.01), "en": (0.97, 0.01)}
# dev3 (2026-12-02, written from the labelling guide only): measured untouched first (fr
# 81.5 % / 4.9 %, en 72.7 % / 27.8 %), then tuned on (2026-12-03 afternoon, places and
# eponyms from data, brands and whole names: en 98.5 % / 0.8 %)
# (2026-12-03 evening, firm frames: en 99.2 % / 0.8 %; night, firms no list holds: fr 96.0 % / 0.4 %)
DEV3_FLOORS: dict[str, tuple[float, float]] = {"fr": (0.955, 0.01), "en": (0.99, 0.01)}
# dev4 (2026-12-02, written blind by another helper): measured untouched first with the
# rules of main (fr 84.3 % / 5.1 %, en 69.5 % / 8.5 %), then tuned on
DEV4_FLOORS: dict[str, tuple[float, float]] = {"fr": (0.93, 0.01), "en": (0.89, 0.015)}
# dev5 (2026-12-02, written blind on two branches): measured untouched first, with the rules
# of main (fr 79.8 % / 9.4 %, en 77.1 % / 15.6 %) and with this morning's general rules before
# any change for it (fr 83.1 % / 8.9 %, en 79.0 % / 15.6 %); early afternoon, after localities,
# capitals that are no names, firm heads and addresses of several parts: fr 85.9 % / 6.4 %, en
# 86.4 % / 8.1 %; late afternoon, after places and people shown by their frames, firms listed
# or announced, cited authors: fr 90.6 % / 2.0 %, en 89.7 % / 4.3 %. Not in DEV_SETS: its
# addresses and phones are not all caught yet, so only its figures are guarded. 2026-12-03
# afternoon (places and public bodies from data; brands, whole names and firms, saints'
# institutions): fr 92.5 % / 2.0 %, en 92.5 % / 2.2 %.
# (2026-12-03 evening, firm frames: fr 93.9 % / 2.0 %, en 94.4 % / 2.2 %; night: fr 94.4 % / 2.0 %)
# (2026-12-03 night, English grammar and initials: en 95.3 % / 1.1 %)
DEV5_FLOORS: dict[str, tuple[float, float]] = {"fr": (0.94, 0.025), "en": (0.95, 0.015)}
# dev6 (2026-12-02, written blind by two other sessions, merged at 15:15): measured untouched
# first, with the rules of main (fr 89.6 % / 10.3 %, en 82.2 % / 8.9 %) and with this
# afternoon's rules before any change for it (fr 89.6 % / 8.3 %, en 82.8 % / 8.9 %), then
# tuned on (fr 94.0 % / 3.2 %, en 91.1 % / 4.1 %). Guarded like dev5 (a few addresses are not
# caught yet). 2026-12-03 night (checked only, names over a particle and surname first):
# fr 95.1 % / 3.2 %.
DEV6_FLOORS: dict[str, tuple[float, float]] = {"fr": (0.945, 0.035), "en": (0.91, 0.045)}
# dev8 (2026-12-03, written blind that evening): a check set, never tuned on, totals only
# (fr 80.0 % / 1.9 %, en 86.5 % / 9.3 %, the same before and after that evening's rules);
# tuned on that night (firms and French persons no list holds; English grammar, list heads,
# initials): fr 89.3 % / 0.0 %, en 89.2 % / 1.9 % (each round alone).
DEV8_FLOORS: dict[str, tuple[float, float]] = {"fr": (0.89, 0.01), "en": (0.89, 0.02)}
# dev7 (tuned on since 2026-12-03 morning), English only here: 2026-12-03 night en 93.1 % / 0.6 %
DEV7_FLOORS: dict[str, tuple[float, float]] = {"en": (0.93, 0.01)}
REGRESSION_FLOOR = (0.99, 0.005)
STRUCTURED = ("email", "phone", "iban", "card", "nir", "siret", "url", "address")


def _report(path: Path, lang: str | None) -> Report:
    examples = load_examples(path, lang=lang)
    if not examples:
        pytest.skip(f"no labelled messages in {path} for {lang}")
    return evaluate(screeners(), examples)


@pytest.mark.parametrize(
    ("name", "lang"), [(name, lang) for name, floors in HELDOUT_FLOORS.items() for lang in sorted(floors)]
)
def test_heldout_figures(name: str, lang: str) -> None:
    floor = HELDOUT_FLOORS[name][lang]
    report = _report(HELDOUT_DIRS[name], lang)
    assert report.fully_caught >= floor[0]
    assert report.false_alarm <= floor[1]


# a message in the other language than the firm's: heldout7's halves (now dev17) screened
# under the other locale, the engine following each message's language (bot.screening.language);
# with the locale fixed they gave fr 81.5 % / 17.1 %, en 71.3 % / 15.5 %
CROSS_LOCALE_FLOORS: dict[str, tuple[float, float]] = {"fr": (0.82, 0.035), "en": (0.83, 0.095)}


@pytest.mark.parametrize("lang", sorted(CROSS_LOCALE_FLOORS))
def test_figures_hold_under_the_other_locale(lang: str) -> None:
    from bot.screening.engine import ScreeningEngine

    examples = load_examples(DATA / "dev17", lang=lang)
    engine = ScreeningEngine(locale="en" if lang == "fr" else "fr")
    report = evaluate(engine, examples)
    caught, flagged = CROSS_LOCALE_FLOORS[lang]
    assert report.fully_caught >= caught
    assert report.false_alarm <= flagged


# each development set: its folder, its floors, and the least it must hold (with data, clean)
DEV_SETS: dict[str, tuple[Path, dict[str, tuple[float, float]], tuple[int, int]]] = {
    "dev": (DEV_DIR, DEV_FLOORS, (100, 90)),
    "dev2": (DEV2_DIR, DEV2_FLOORS, (150, 120)),
    "dev3": (DEV3_DIR, DEV3_FLOORS, (130, 130)),
    "dev4": (DEV4_DIR, DEV4_FLOORS, (150, 150)),
}


@pytest.fixture(
    scope="module",
    params=[(name, lang) for name, (_, floors, _) in DEV_SETS.items() for lang in sorted(floors)],
)
def dev(request: pytest.FixtureRequest) -> tuple[str, str, Report]:
    name, lang = request.param
    return name, lang, _report(DEV_SETS[name][0], lang)


def test_dev_figures(dev: tuple[str, str, Report]) -> None:
    name, lang, report = dev
    _, floors, (with_data, clean) = DEV_SETS[name]
    caught, flagged = floors[lang]
    assert report.with_data >= with_data and report.clean >= clean
    assert report.fully_caught >= caught
    assert report.false_alarm <= flagged


def test_dev_structured_identifiers_are_all_caught(dev: tuple[str, str, Report]) -> None:
    _, _, report = dev
    for kind in STRUCTURED:
        if kind in report.recall:
            assert report.recall[kind] == 1.0, kind


# the development sets guarded by their figures only: folder name, floors, least held
GUARDED_SETS: dict[str, tuple[dict[str, tuple[float, float]], tuple[int, int]]] = {
    "dev5": (DEV5_FLOORS, (200, 180)),
    "dev6": (DEV6_FLOORS, (170, 150)),
    "dev7": (DEV7_FLOORS, (140, 150)),
    "dev8": (DEV8_FLOORS, (70, 50)),
    # retired held-out sets (see HELDOUT_FLOORS): last blind figures, then tuned on (2026-12-04)
    "dev10": ({"fr": (0.945, 0.02), "en": (0.92, 0.04)}, (160, 155)),
    "dev11": ({"fr": (0.92, 0.05), "en": (0.96, 0.05)}, (170, 150)),
    "dev12": ({"fr": (0.925, 0.045), "en": (0.86, 0.085)}, (190, 170)),
    "dev13": ({"fr": (0.92, 0.01), "en": (0.90, 0.01)}, (150, 140)),
    # heldout5 and heldout6, retired on 2026-12-04 at their last blind figures (fr 94.4 % / 3.1 %,
    # en 88.2 % / 5.2 %; fr 86.5 % / 3.9 %, en 80.6 % / 8.7 %)
    "dev14": ({"fr": (0.94, 0.035), "en": (0.88, 0.055)}, (180, 159)),
    "dev15": ({"fr": (0.86, 0.04), "en": (0.805, 0.09)}, (171, 181)),
    # heldout7, heldout8 and heldout9, retired on 2026-12-04 (afternoon) at their last blind
    # figures (see HELDOUT_FLOORS' history)
    "dev17": ({"fr": (0.855, 0.035), "en": (0.86, 0.08)}, (168, 129)),
    "dev18": ({"fr": (0.83, 0.03), "en": (0.74, 0.025)}, (165, 143)),
    "dev19": ({"fr": (0.86, 0.02), "en": (0.81, 0.055)}, (172, 157)),
}


@pytest.mark.parametrize(
    ("name", "lang"), [(name, lang) for name, (floors, _) in GUARDED_SETS.items() for lang in sorted(floors)]
)
def test_guarded_dev_figures(name: str, lang: str) -> None:
    floors, (with_data, clean) = GUARDED_SETS[name]
    report = _report(DATA / name, lang)
    assert report.with_data >= with_data and report.clean >= clean
    assert report.fully_caught >= floors[lang][0]
    assert report.false_alarm <= floors[lang][1]


@pytest.fixture(scope="module")
def regression() -> Report:
    return evaluate(screeners(), load_examples(REGRESSION_SET))


def test_regression_set_is_big_and_varied_enough(regression: Report) -> None:
    assert regression.messages >= 400 and regression.clean >= 150
    assert set(regression.support) == {"person", "organization", *STRUCTURED}


def test_regression_figures(regression: Report) -> None:
    assert regression.fully_caught >= REGRESSION_FLOOR[0]
    assert regression.false_alarm <= REGRESSION_FLOOR[1]
    for kind in STRUCTURED:
        assert regression.recall[kind] == 1.0, kind
