"""Mentor settings (the `[mentor]` table): languages, input limits, context size."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

KiB = 1024


class MentorSettings(BaseModel):
    """What the mentor accepts and how much of a thread it keeps in mind."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    languages: list[str] = Field(
        default_factory=lambda: ["en", "pt", "es", "fr", "de", "it"],
        description="Languages the mentor answers in; others get English with a notice.",
    )
    default_language: str = "en"
    max_question_chars: int = Field(default=12000, ge=100, le=200000)
    max_code_bytes: int = Field(default=64 * KiB, ge=1 * KiB)
    history_turns: int = Field(default=12, ge=0, le=200, description="Recent turns kept verbatim.")
