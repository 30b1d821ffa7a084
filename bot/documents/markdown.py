"""A composed Document as Markdown (the picture is referenced next to the file, by name)."""

from __future__ import annotations

from bot.journey.compose import Bullets, Document, Heading, Paragraph, Picture, Table


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(document: Document, *, picture_name: str | None = None) -> str:
    lines = [f"# {document.title}", ""]
    # the title is the one level-1 heading: the document's top sections are "##" whatever
    # level the composer gave them (the report's start at 2), so no level is skipped
    top = min((b.level for b in document.blocks if isinstance(b, Heading)), default=1)
    for block in document.blocks:
        if isinstance(block, Heading):
            lines += [f"{'#' * (block.level - top + 2)} {block.text}", ""]
        elif isinstance(block, Paragraph):
            if block.is_quote:
                lines += [*(f"> {line}" if line else ">" for line in block.text.splitlines()), ""]
            else:
                lines += [block.text, ""]
        elif isinstance(block, Bullets):
            lines += [*(f"- {item}" for item in block.items), ""]
        elif isinstance(block, Table):
            lines.append("| " + " | ".join(_cell(h) for h in block.headers) + " |")
            lines.append("|" + "|".join(" --- " for _ in block.headers) + "|")
            lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in block.rows]
            lines.append("")
        elif isinstance(block, Picture) and picture_name is not None:
            lines += [f"![{block.caption}]({picture_name})", ""]
    return "\n".join(lines).rstrip() + "\n"
