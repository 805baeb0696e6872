"""Mentor settings (the `[mentor]` table): languages, input limits, context size, allowances."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from bot.mentor.units import LANGUAGES

KiB = 1024


class MentorSettings(BaseModel):
    """What the mentor accepts and how much of a thread it keeps in mind."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    languages: list[str] = Field(
        default_factory=lambda: list(LANGUAGES),
        description=(
            "Languages of the offline mentor's texts; with an LLM any detected language is "
            "answered in kind, offline others get English with a notice."
        ),
    )
    default_language: str = "en"
    max_question_chars: int = Field(default=12000, ge=100, le=200000)
    max_code_bytes: int = Field(default=64 * KiB, ge=1 * KiB)
    history_turns: int = Field(default=12, ge=0, le=200, description="Recent turns kept verbatim.")
    summary_max_chars: int = Field(
        default=1500, ge=0, le=20000, description="Running summary of turns older than history."
    )
    rate_limit_questions: int = Field(
        default=10, ge=0, le=10000, description="Questions a learner may ask in a burst; 0 = off."
    )
    rate_limit_refill_s: float = Field(
        default=180.0, gt=0, le=86400, description="Seconds for one question to come back."
    )
    community_daily_tokens: int = Field(
        default=500_000, ge=0, description="LLM tokens a community may use per UTC day; 0 = off."
    )
