"""LLM engine settings (the `[llm]` table); the key and base URL come from OPENAI_* env vars."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class LLMSettings(BaseModel):
    """How the openai client is called; absent an API key or base URL, the offline engine runs."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    timeout_s: float = Field(default=30.0, gt=0, le=600, description="Per-call deadline.")
    max_retries: int = Field(default=2, ge=0, le=10)
    temperature: float = Field(default=0.3, ge=0, le=2)
    max_output_tokens: int = Field(default=1400, ge=64, le=32000)
    prompt_budget_chars: int = Field(
        default=24000,
        ge=2000,
        description="Prompt size cap, in characters (no tokenizer download).",
    )
