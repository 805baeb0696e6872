"""Turn a reply's sections into one Markdown text with localized headings."""

from __future__ import annotations

from bot.mentor.i18n import Catalog
from bot.mentor.models import SECTION_KEYS, Sections


def render_markdown(
    sections: Sections, language: str, catalog: Catalog, *, notice: str = ""
) -> str:
    """The reply as Markdown: a bold heading per section, the scaffold note when empty."""
    parts = [notice.strip()] if notice.strip() else []
    body = sections.to_dict()
    for key in SECTION_KEYS:
        text = body[key].strip()
        if not text and key == "scaffold":
            text = "_" + catalog.message(language, "scaffold_not_asked") + "_"
        parts.append(f"**{catalog.heading(language, key)}**\n{text}")
    return "\n\n".join(parts)
