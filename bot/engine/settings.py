"""LLM engine settings (the `[llm]` table); the key and base URL come from OPENAI_* env vars."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class LLMSettings(BaseModel):
    """How the openai client is called; absent an API key or base URL, the offline engine runs."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    timeout_s: float = Field(default=30.0, gt=0, le=600, description="Per-call deadline.")
    deadline_s: float = Field(
        default=45.0,
        gt=0,
        le=900,
        description="Whole reply (all attempts); past it the offline engine answers.",
    )
    max_retries: int = Field(default=2, ge=0, le=10)
    backoff_base_s: float = Field(default=0.5, ge=0, le=60, description="First retry's cap.")
    backoff_max_s: float = Field(default=8.0, ge=0, le=300, description="Largest retry wait.")
    breaker_failures: int = Field(
        default=3, ge=1, le=100, description="Failed replies in a row that open the breaker."
    )
    breaker_reset_s: float = Field(
        default=30.0, gt=0, le=3600, description="Open time before one trial call (half-open)."
    )
    stream: bool = Field(default=True, description="Stream deltas (SSE); false = one response.")
    stream_usage: bool = Field(
        default=True, description="Ask for token usage in the stream (stream_options)."
    )
    safety_timeout_s: float = Field(
        default=4.0,
        gt=0,
        le=60,
        description="The intent guard's classification call; past it the local decision stands.",
    )
    safety_second_opinion: bool = Field(
        default=True, description="Ask the safety model about what the local intent check allowed."
    )
    temperature: float = Field(default=0.3, ge=0, le=2)
    max_output_tokens: int = Field(default=1400, ge=64, le=32000)
    prompt_budget_chars: int = Field(
        default=24000,
        ge=4000,
        description="Prompt size cap, in characters (no tokenizer download).",
    )
