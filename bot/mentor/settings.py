"""Mentor settings (the `[mentor]` table): languages, input limits, context size, allowances."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

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

    @field_validator("languages")
    @classmethod
    def _the_mentors_languages(cls, languages: list[str]) -> list[str]:
        """Only languages the mentor has texts for (review9 R37: `xx` was taken silently).

        An empty list is said as such (review12 V17: it was blamed on the default language).
        """
        if not languages:
            raise ValueError("is empty; name at least one of " + ", ".join(LANGUAGES))
        unknown = [lang for lang in languages if lang not in LANGUAGES]
        if unknown:
            raise ValueError(
                f"unknown language(s) {', '.join(unknown)}; the mentor writes "
                + ", ".join(LANGUAGES)
            )
        return languages

    @field_validator("default_language", mode="before")
    @classmethod
    def _locale_form(cls, value: object) -> object:
        """`pt-BR`, `pt_BR`, `PT` are Portuguese (review10 T1).

        The locale form the README uses for `--locale` names the language by its first part.
        """
        if isinstance(value, str):
            return value.strip().replace("_", "-").split("-", 1)[0].lower()
        return value

    @model_validator(mode="after")
    def _default_among_the_languages(self) -> MentorSettings:
        """The language of last resort must be one the mentor is configured to write.

        Said of the pair, so the error names whichever of the two the operator set: with
        `MCA_MENTOR_LANGUAGES=pt` the shipped default `en` is not at fault (review12 V17).
        """
        if self.default_language not in self.languages:
            raise ValueError(
                f"the default language {self.default_language!r} is not one of the languages "
                f"({', '.join(self.languages)}): set default_language to one of them, or add "
                "it to languages"
            )
        return self
