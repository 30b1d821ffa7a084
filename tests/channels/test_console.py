"""The console channel's files: a terminal cannot show a picture or a document, so the
console writes it (owner-only) into its folder and prints where, under the caption."""

from __future__ import annotations

import io
from pathlib import Path

from bot.channels.console import CONSOLE_MENTOR, CONSOLE_USER, ConsoleChannel
from bot.domain import Attachment, UserRef
from bot.runtime.clock import ManualClock
from tests.conftest import paris

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
