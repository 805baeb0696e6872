"""The offline engine: the method's 7 sections composed from the knowledge base, no network.

Deterministic, so the bot always has an answer (no LLM configured, or the LLM failed), and
tests can assert on it. It still follows the method: questions first, measurable hypotheses
citing the sandbox's evidence, steps with real commands, a scaffold only when asked.
"""

from __future__ import annotations

from bot.engine.base import DeltaCallback, EngineReply, EngineRequest
from bot.mentor.evidence import evidence_lines, hotspot_hypothesis
from bot.mentor.i18n import Catalog
from bot.mentor.knowledge import GENERAL, KnowledgeBase, TopicContent
from bot.mentor.models import SECTION_KEYS, Role, Sections

MAX_STEPS = 6
STEPS_BY_SUPPORT = {"guided": 6, "standard": 4, "advanced": 3}
"""Hint depth: a learner with evidenced competence gets fewer, higher-level steps."""
MAX_REFERENCES = 2
SECURITY = "security"


def _bullets(items: list[str] | tuple[str, ...]) -> str:
    return "\n".join(f"- {item}" for item in items)


def _numbered(items: list[str] | tuple[str, ...]) -> str:
    return "\n".join(f"{i}. {item}" for i, item in enumerate(items, 1))


def _snippet(text: str, limit: int = 90) -> str:
    flat = " ".join(text.replace("`", "'").split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class OfflineEngine:
    """Composes replies from config/knowledge; never raises for any request."""

    name = "offline"

    def __init__(self, *, knowledge: KnowledgeBase, catalog: Catalog) -> None:
        self._kb = knowledge
        self._catalog = catalog

    @property
    def catalog(self) -> Catalog:
        """The headings and messages this engine writes with."""
        return self._catalog

    async def aclose(self) -> None:
        """Nothing to release."""

    def pick_topics(self, request: EngineRequest) -> list[str]:
        """Topic ids for this turn: the refusal's, the question's, the thread's, or general."""
        if request.refuse:
            return [SECURITY] if SECURITY in self._kb.topics else [GENERAL]
        ranked = [t for t, _ in self._kb.classify(request.question, request.code or "")]
        if ranked:
            return ranked[:2]
        known = [t for t in request.thread_topics if t in self._kb.topics]
        return known[:1] or [GENERAL]

    async def reply(
        self,
        request: EngineRequest,
        on_delta: DeltaCallback | None = None,
    ) -> EngineReply:
        """Compose the 7 sections; stream them section by section."""
        topic_ids = self.pick_topics(request)
        main = self._kb.topics[topic_ids[0]].in_language(request.language)
        second = (
            self._kb.topics[topic_ids[1]].in_language(request.language)
            if len(topic_ids) > 1
            else None
        )
        sections = Sections(
            context=self._context(request, main),
            hypotheses=self._hypotheses(request, main),
            steps=self._steps(request, main),
            scaffold=self._scaffold(request, main),
            topics=_bullets([*main.topics, *([second.title] if second else [])]),
            next_steps=self._next_steps(main),
            reflection=_bullets(main.reflection),
        )
        if on_delta is not None:
            body = sections.to_dict()
            for key in SECTION_KEYS:
                heading = self._catalog.heading(request.language, key)
                await on_delta(f"**{heading}**\n{body[key]}\n\n")
        return EngineReply(sections=sections, engine=self.name, topics=tuple(topic_ids))

    def _context(self, request: EngineRequest, main: TopicContent) -> str:
        lang = request.language
        lines: list[str] = []
        if request.refuse:
            lines.append(request.refusal or self._catalog.message(lang, "refusal"))
        previous = [t.text for t in request.history if t.author == "learner"]
        if previous and not request.refuse:
            lines.append(
                self._catalog.message(
                    lang, "followup", topic=main.title, previous=_snippet(previous[-1])
                )
            )
        if request.sandbox_note:
            lines.append(request.sandbox_note)
        questions = list(main.context)
        if request.role is not Role.MENTOR:
            questions = questions[:2]
        return "\n".join([*lines, _bullets(questions)]) if lines else _bullets(questions)

    def _hypotheses(self, request: EngineRequest, main: TopicContent) -> str:
        items: list[str] = []
        if request.sandbox is not None and not request.refuse:
            items.extend(evidence_lines(request.sandbox, request.language, self._catalog))
            measured = hotspot_hypothesis(request.sandbox, request.language, self._catalog)
            if measured:
                items.append(measured)
        items.extend(main.hypotheses)
        return _bullets(items)

    def _steps(self, request: EngineRequest, main: TopicContent) -> str:
        depth = STEPS_BY_SUPPORT.get(request.support_level, MAX_STEPS)
        steps = list(main.steps)[: min(depth, MAX_STEPS)]
        if request.role is Role.AGENT:
            return "\n".join(f"- [ ] {step}" for step in steps)
        return _numbered(steps)

    def _scaffold(self, request: EngineRequest, main: TopicContent) -> str:
        if request.refuse or not request.wants_scaffold or not main.scaffold.strip():
            return ""
        return f"```python\n{main.scaffold.strip()}\n```"

    def _next_steps(self, main: TopicContent) -> str:
        refs = [f"[{title}]({url})" for title, url in main.references[:MAX_REFERENCES]]
        return _bullets([*main.next_steps, *refs])
