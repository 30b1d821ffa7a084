"""The closing review's picture: questions per month by theme, with the sessions marked.

matplotlib on its Agg backend (no display, no GUI toolkit), a figure object of our own
(never pyplot's global state, so two reviews drawn at once cannot mix), DejaVu Sans, a
muted palette, French month names from Babel. PNG for the channels, PDF for print; both
are byte-stable for the same review (no creation date written).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import matplotlib

matplotlib.use("Agg")

from babel.dates import format_date
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from bot.config.i18n import Catalogue
from bot.documents.fonts import dejavu
from bot.journey.compose import catalogue_locale, plural, theme_label
from bot.journey.review import Review

PALETTE = ("#3F5E8C", "#7FA39B", "#C9A66B", "#A86F7E", "#6C5B7B", "#9DB4C0", "#B0A18F")
"""Muted tones that stay apart in greyscale print; the unclassified theme is always grey."""
NO_THEME_COLOUR = "#C8CCD0"
INK, MUTED, RULE = "#212529", "#6C757D", "#DEE2E6"
SESSION_COLOUR = "#343A40"


@dataclass(frozen=True)
class Timeline:
    png: bytes
    pdf: bytes


def _x(day: date) -> float:
    """A day as the x coordinate: days since 1970-01-01 (plain numbers, no date axis)."""
    return float((day - date(1970, 1, 1)).days)


def _month_ticks(months: tuple[date, ...], locale: str) -> list[str]:
    babel_locale = catalogue_locale(locale)
    labels = []
    for index, month in enumerate(months):
        name = format_date(month, "LLL", locale=babel_locale).rstrip(".")
        if index == 0 or month.month == 1:
            name = f"{name}\n{month.year}"
        labels.append(name)
    return labels


def _capitalised(label: str) -> str:
    """A legend entry starts with a capital, like the themes the coach named ("non précisé"
    comes from the digest, where it follows a colon)."""
    return label[:1].upper() + label[1:]


def draw_timeline(review: Review, *, zone: ZoneInfo, locale: str, catalogue: Catalogue) -> Timeline:
    regular = FontProperties(fname=str(dejavu()))
    bold = FontProperties(fname=str(dejavu("Bold")))
    figure = Figure(figsize=(10, 4.6), dpi=150, facecolor="white")
    axes = figure.add_axes((0.07, 0.27, 0.9, 0.58))
    months = review.months
    centres = [_x(m + timedelta(days=14)) for m in months]
    bottoms = [0] * len(months)
    for index, theme in enumerate(review.themes):
        heights = [review.count(m, theme) for m in months]
        colour = NO_THEME_COLOUR if theme == "" else PALETTE[index % len(PALETTE)]
        # Only the months that have some: an empty segment would still draw its edge.
        drawn = [i for i, height in enumerate(heights) if height]
        axes.bar(
            [centres[i] for i in drawn],
            [heights[i] for i in drawn],
            width=22,
            bottom=[bottoms[i] for i in drawn],
            color=colour,
            edgecolor="white",
            linewidth=0.6,
            label=_capitalised(theme_label(catalogue, theme, locale)),
            zorder=3,
        )
        bottoms = [b + h for b, h in zip(bottoms, heights, strict=True)]
    top = max([*bottoms, 1])
    axes.set_ylim(0, top * 1.24 + 0.6)
    for session in review.sessions_planned:
        local = session.starts_at.astimezone(zone).date()
        if not months or not months[0] <= local <= months[-1] + timedelta(days=31):
            continue
        x = _x(local)
        is_held = session in review.sessions_held
        axes.axvline(
            x,
            color=SESSION_COLOUR,
            linewidth=0.8,
            linestyle="-" if is_held else (0, (2, 2)),
            alpha=0.28,
            zorder=1,
        )
        axes.plot(
            [x],
            [top * 1.12 + 0.3],
            marker="v",
            markersize=4.5,
            color=SESSION_COLOUR if is_held else MUTED,
            zorder=4,
        )
        axes.text(
            x,
            top * 1.22 + 0.5,
            str(session.number),
            ha="center",
            va="top",
            fontproperties=regular,
            fontsize=7.5,
            color=SESSION_COLOUR,
        )
    if months:
        axes.set_xlim(_x(months[0]) - 3, _x(months[-1] + timedelta(days=31)) + 3)
    axes.set_xticks(centres)
    axes.set_xticklabels(_month_ticks(months, locale), fontproperties=regular, fontsize=8.5, color=INK)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    for label in axes.get_yticklabels():
        label.set_fontproperties(regular)
        label.set_fontsize(8.5)
        label.set_color(MUTED)
    axes.grid(axis="y", color=RULE, linewidth=0.7, zorder=0)
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)
    axes.spines["bottom"].set_color(MUTED)
    axes.tick_params(axis="both", length=0, pad=5)
    axes.set_ylabel(
        catalogue.text("journey.picture.y_label", locale), fontproperties=regular, fontsize=9, color=MUTED
    )
    figure.text(
        0.07,
        0.94,
        catalogue.text("journey.picture.title", locale, alias=review.alias),
        fontproperties=bold,
        fontsize=12.5,
        color=INK,
    )
    figure.text(
        0.07,
        0.885,
        " · ".join(
            (
                plural(catalogue, "journey.picture.questions", locale, review.question_count),
                plural(catalogue, "journey.picture.sessions", locale, len(review.sessions_held)),
            )
        ),
        fontproperties=regular,
        fontsize=9,
        color=MUTED,
    )
    handles, labels = axes.get_legend_handles_labels()
    handles.append(Line2D([0], [0], color=SESSION_COLOUR, marker="v", markersize=4.5, linewidth=0))
    labels.append(catalogue.text("journey.picture.session", locale))
    legend = figure.legend(
        handles,
        labels,
        loc="lower left",
        bbox_to_anchor=(0.07, 0.02),
        ncols=min(len(labels), 4),
        frameon=False,
        prop=regular,
        fontsize=8.5,
        handlelength=1.2,
        columnspacing=1.6,
    )
    for text in legend.get_texts():
        text.set_color(INK)
        text.set_fontproperties(regular)
        text.set_fontsize(8.5)
    png, pdf = io.BytesIO(), io.BytesIO()
    figure.savefig(png, format="png", metadata={"Software": None})
    figure.savefig(pdf, format="pdf", metadata={"CreationDate": None, "Producer": None, "Creator": None})
    return Timeline(png.getvalue(), pdf.getvalue())
