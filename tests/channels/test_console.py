"""The console channel: its files (a terminal cannot show a picture or a document, so the
console writes it, owner-only, into its folder and prints where, under the caption) and
its wrapping, which keeps French high punctuation on the line of the word before it."""

from __future__ import annotations

import io
import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from bot.channels.console import CONSOLE_MENTOR, CONSOLE_USER, ConsoleChannel, wrap
from bot.config.i18n import Catalogue
from bot.domain import Attachment, Outbound, UserRef
from bot.runtime.clock import ManualClock
from tests.conftest import paris
from tests.harness import TRANSCRIPT_WIDTH, ServiceConsole

PNG = Attachment("bilan-A-17-mentee.png", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(range(64)))
PDF = Attachment("../bilan A-17.pdf", "application/pdf", b"%PDF-1.7\n")


def console(tmp_path: Path) -> tuple[ConsoleChannel, io.StringIO]:
    out = io.StringIO()
    channel = ConsoleChannel(
        io.StringIO(), out, clock=ManualClock(paris("2027-03-06T09:00")), exports_dir=tmp_path / "files"
    )
    return channel, out


async def test_an_image_is_written_and_its_path_printed_under_the_caption(tmp_path: Path) -> None:
    channel, out = console(tmp_path)
    ident = await channel.send_image(CONSOLE_USER, PNG, "Vos questions par mois")
    path = tmp_path / "files" / "bilan-A-17-mentee.png"
    assert path.read_bytes() == PNG.content and path.stat().st_mode & 0o777 == 0o600
    assert out.getvalue() == f"Vos questions par mois\n  [{path}]\n\n"
    assert ident is not None and channel.sent[-1].attachment == PNG


async def test_a_document_for_someone_else_is_prefixed_and_its_name_made_safe(tmp_path: Path) -> None:
    channel, out = console(tmp_path)
    await channel.send_document(CONSOLE_MENTOR, PDF)
    path = tmp_path / "files" / "bilan-A-17.pdf"  # no way out of the folder, no space
    assert path.read_bytes() == PDF.content
    assert out.getvalue() == f"[→ mentor] [{path}]\n\n"


async def test_a_file_for_another_channel_is_not_the_consoles(tmp_path: Path) -> None:
    channel, out = console(tmp_path)
    assert await channel.send_document(UserRef("telegram", "1"), PDF, "Bilan") is None
    assert out.getvalue() == "" and not (tmp_path / "files").exists()


STRANDED = re.compile(r"^\s*[?!:;»]|«$", re.MULTILINE)
"""A line that starts with French high punctuation, or ends with an opening guillemet."""


async def test_at_the_transcript_width_a_colon_stays_after_its_word(catalogue: Catalogue) -> None:
    out = io.StringIO()
    channel = ConsoleChannel(
        io.StringIO(), out, clock=ManualClock(paris("2027-03-06T09:00")), width=TRANSCRIPT_WIDTH
    )
    text = catalogue.text("core.media_refused", "fr")  # " : " falls on column 72
    await channel.send(Outbound(to=CONSOLE_USER, text=text, key="k"))
    assert out.getvalue() == (
        "Je ne reçois ni photo, ni document, ni message vocal, ni capture\n"
        "  d'écran : rien n'a été ouvert ni conservé. La charte demande de tout\n"
        "  écrire, sans pièce jointe ni donnée identifiante.\n\n"
    )


async def test_on_a_narrow_console_the_question_mark_stays_after_its_word(project: Path) -> None:
    console = await ServiceConsole.start(
        project / "config", paris("2026-11-23T10:00"), consent=False, width=40
    )
    await console.type("/start")
    printed = await console.type("bonjour")
    assert printed.startswith(
        "Pour commencer, j'ai besoin de votre\n  réponse à la charte :\n  l'acceptez-vous ?\n"
    )
    assert STRANDED.search(printed) is None


PHRASES = st.builds(
    lambda opening, word, closing: " ".join(part for part in (opening, word, closing) if part),
    st.sampled_from(["", "«"]),
    st.sampled_from(["mentor", "question", "l'équipe", "réunion", "a", "délais", "aujourd'hui"]),
    st.sampled_from(["", "?", "!", ":", ";", "»"]),
)
"""A word as French writes it: perhaps after «, perhaps before ? ! : ; or », a space between."""


@given(phrases=st.lists(PHRASES, min_size=1, max_size=30), width=st.integers(20, 72))
def test_no_line_starts_with_high_punctuation_nor_ends_with_a_guillemet(
    phrases: list[str], width: int
) -> None:
    text = " ".join(phrases)
    lines = wrap(text, width).split("\n")
    assert " ".join(line.strip() for line in lines) == text, "every word kept, in order"
    assert [line for line in lines if STRANDED.search(line)] == []
    assert all(len(line) <= width for line in lines)
