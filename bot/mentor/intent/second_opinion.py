"""The LLM's second opinion on intent: one classification call, a strict JSON answer.

`{"misuse": bool, "capability": str, "target": "own|others|unknown"}` and nothing else. The
model may only add a refusal: anything but a valid answer that says misuse with one of the
harmful CAPABILITIES counts as "no opinion" (see bot/mentor/intent/guard.py).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from bot.mentor.intent.lexicon import CAPABILITIES
from bot.text import markdown

TARGETS = ("own", "others", "unknown")
MAX_TEXT_CHARS = 4000
"""Of the learner's message, sent for classification (the start carries the request)."""
MAX_ANSWER_TOKENS = 60

MARKER = "MCA-SAFETY-CLASSIFIER"
"""First words of the system prompt: loopback fakes route classification calls by it."""

SYSTEM_PROMPT = f"""{MARKER}
You classify one message sent to a Python mentoring bot. Decide whether answering it would
help someone harm systems or people they do not own or are not authorized to test, or build a
deployable offensive tool (hides from antivirus, spreads by itself, encrypts files and sends
the key away, copies a bank's login page). Defensive questions that name attacks (detecting a
keylogger, surviving a flood, testing one's own login's rate limits) are not misuse.
Capabilities: {", ".join(CAPABILITIES)}, none.
Answer with one JSON object only, no prose:
{{"misuse": true|false, "capability": "<one capability or none>", "target": "own|others|unknown"}}"""


@dataclass(frozen=True, slots=True)
class Opinion:
    """A valid answer of the safety model."""

    misuse: bool
    capability: str
    target: str

    @property
    def refuses(self) -> bool:
        """Misuse with a harmful capability: the only answer that changes a decision."""
        return self.misuse and self.capability in CAPABILITIES


class InvalidOpinion(ValueError):
    """The model's answer was not the strict JSON object asked for."""


def parse_opinion(text: str) -> Opinion:
    """The strict JSON answer (optionally inside one ```json fence); InvalidOpinion otherwise."""
    body = text.strip()
    blocks = markdown.code_blocks(body)
    if len(blocks) == 1 and body.startswith(("```", "~~~")):  # the whole answer is one fence
        body = (blocks[0].code or "").strip()
    try:
        data = json.loads(body, parse_constant=_reject_constant)
    except (json.JSONDecodeError, ValueError) as exc:
        raise InvalidOpinion(f"not JSON: {exc}") from None
    if not isinstance(data, dict) or set(data) != {"misuse", "capability", "target"}:
        raise InvalidOpinion("not the object asked for")
    misuse, capability, target = data["misuse"], data["capability"], data["target"]
    if not isinstance(misuse, bool) or not isinstance(capability, str) or target not in TARGETS:
        raise InvalidOpinion("a field has the wrong type or value")
    capability = capability.strip().lower()
    if capability not in (*CAPABILITIES, "none", ""):
        raise InvalidOpinion("unknown capability")
    return Opinion(misuse, capability, str(target))


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


class SafetyModel(Protocol):
    """Gives an opinion on one message; raises on any failure (the guard treats it as none)."""

    async def opinion(self, text: str) -> Opinion:
        """Classify `text`; InvalidOpinion, TimeoutError or any client error on failure."""
        ...

    async def aclose(self) -> None:
        """Release connections."""
        ...


class LLMSafetyModel:
    """The second opinion from an OpenAI-compatible server (a Llama Guard-style or main model)."""

    def __init__(
        self,
        *,
        model: str,
        base_url: str | None,
        api_key: str | None,
        timeout_s: float,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        import openai  # noqa: PLC0415 - deferred: 0.4 s of import a bot without one never pays

        self.model = model
        self.timeout_s = timeout_s
        self._client = openai.AsyncOpenAI(
            api_key=api_key or "sk-no-key-needed",
            base_url=base_url or None,
            default_headers=dict(headers or {}),
            timeout=timeout_s,
            max_retries=0,
            http_client=openai.DefaultAioHttpClient(timeout=timeout_s),
        )

    async def aclose(self) -> None:
        """Close the HTTP client."""
        await self._client.close()

    async def opinion(self, text: str) -> Opinion:
        """One non-streamed, deterministic call under `timeout_s`.

        Through the client's generic request with the answer kept as JSON (as the LLM engine
        streams): `chat.completions.create` transformed the request and built pydantic models
        of the answer, about a third of this call's CPU, on every turn; we read one field.
        """
        async with asyncio.timeout(self.timeout_s):
            answer = await self._client.post(
                "/chat/completions",
                body={
                    "model": self.model,
                    "messages": [
                        {"role": "system", "content": SYSTEM_PROMPT},
                        {"role": "user", "content": text[:MAX_TEXT_CHARS]},
                    ],
                    "temperature": 0,
                    "max_tokens": MAX_ANSWER_TOKENS,
                    "response_format": {"type": "json_object"},
                },
                cast_to=object,
            )
        return parse_opinion(answer_content(answer))


def answer_content(answer: object) -> str:
    """The first choice's message text of a chat completion as JSON ('' when absent)."""
    choices = answer.get("choices") if isinstance(answer, dict) else None
    first = choices[0] if isinstance(choices, list) and choices else None
    message = first.get("message") if isinstance(first, dict) else None
    content = message.get("content") if isinstance(message, dict) else None
    return content if isinstance(content, str) else ""


def is_classification(body: dict[str, Any]) -> bool:
    """Whether a chat request body is this module's classification call (for loopback fakes)."""
    messages = body.get("messages") or []
    first = messages[0] if messages and isinstance(messages[0], dict) else {}
    return str(first.get("content", "")).startswith(MARKER)
