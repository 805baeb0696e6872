"""The mentor's parts the composition root builds (bot/app.py): engine, intent and draft guards.

Apart from the root so each stays short; only bot/app.py calls these.
"""

from __future__ import annotations

import structlog
from pydantic import BaseModel, SecretStr

from bot.course.content import Course
from bot.course.hints import level_for
from bot.course.wiring import CourseServices
from bot.engine.offline import OfflineEngine
from bot.mentor.engine_port import ReplyEngine
from bot.mentor.guards.detection import DetectionCues
from bot.mentor.guards.harm_prose import plain_cues
from bot.mentor.guards.integrity import IntegrityGuard, TaskInterfaces, course_checker
from bot.mentor.guards.lookalikes import Lookalikes
from bot.mentor.guards.pipeline import DraftGuards
from bot.mentor.guards.refusal_text import load_facets
from bot.mentor.guards.safety import ProseRule
from bot.mentor.guards.secrets import SecretScrub
from bot.mentor.guards.substance import SectionRules
from bot.mentor.guards.task_asks import TaskAsks
from bot.mentor.guards.told_solution import ToldSolutions
from bot.mentor.i18n import Catalog
from bot.mentor.intent.guard import IntentGuard
from bot.mentor.knowledge import KnowledgeBase
from bot.mentor.language import LanguageDetector
from bot.mentor.sections import SectionParser
from bot.observability import Metrics
from bot.settings import Settings

log = structlog.get_logger()

CHECK_MARGIN_S = 5.0
"""A draft's checker run may take the checker's own wall limit plus this (jail start-up)."""


def build_engine(
    settings: Settings, offline: OfflineEngine, *, metrics: Metrics | None = None
) -> ReplyEngine:
    """The LLM engine when one is configured (OPENAI_BASE_URL or OPENAI_API_KEY), else offline."""
    if not settings.llm_configured:
        return offline
    from bot.engine.llm import LLMEngine  # noqa: PLC0415  # the openai import costs ~0.3 s
    from bot.engine.prompt import PromptBuilder  # noqa: PLC0415

    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else None
    log.info("engine.llm_configured", model=settings.model, base_url=settings.openai_endpoint)
    return LLMEngine(
        settings=settings.llm,
        model=settings.model,
        base_url=settings.openai_endpoint or None,
        api_key=key,
        headers=settings.openai_headers,
        builder=PromptBuilder(offline.catalog, budget_chars=settings.llm.prompt_budget_chars),
        parser=SectionParser.load(settings.config_dir, offline.catalog),
        metrics=metrics or Metrics(),
    )


def build_intent_guard(settings: Settings, *, metrics: Metrics) -> IntentGuard:
    """The input-intent guard; with an LLM configured, the safety model's second opinion."""
    second_opinion = None
    # A language no rule reads is cleared only by a safety model apart from the drafter.
    distinct = bool(settings.safety_model) and settings.safety_model != settings.model
    if settings.llm_configured and settings.llm.safety_second_opinion:
        from bot.mentor.intent.second_opinion import LLMSafetyModel  # noqa: PLC0415  # openai

        key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else None
        second_opinion = LLMSafetyModel(
            model=settings.safety_model or settings.model,
            base_url=settings.openai_endpoint or None,
            api_key=key,
            headers=settings.openai_headers,
            timeout_s=settings.llm.safety_timeout_s,
        )
    return IntentGuard.load(
        settings.config_dir,
        metrics=metrics,
        second_opinion=second_opinion,
        clears_unreadable=distinct,
    )


def build_draft_guards(
    settings: Settings,
    catalog: Catalog,
    knowledge: KnowledgeBase,
    metrics: Metrics,
    course: CourseServices,
    *,
    detector: LanguageDetector | None = None,
) -> DraftGuards:
    """Output safety, integrity (the practice tasks' own checkers) and sections guards."""
    practice = course.practice

    async def hint_level(learner_id: int, task_id: str) -> int:
        subs = await practice.course_store.submissions(learner_id, task_id)
        task = practice.task(task_id)
        return level_for([s.code for s in subs], task.starter, programs=task.kind == "checked")

    integrity = IntegrityGuard(
        interfaces=TaskInterfaces(practice.course.tasks),
        checker=course_checker(practice.runner.check),
        hint_level=hint_level,
        budget_s=settings.course.checker_wall_timeout_s + CHECK_MARGIN_S,
    )
    parser = SectionParser.load(settings.config_dir, catalog)
    rules = SectionRules.load(catalog, knowledge, parser.heading_key, detector)
    return DraftGuards(
        catalog=catalog,
        metrics=metrics,
        rules=rules,
        integrity=integrity,
        prose=ProseRule.from_catalog(
            catalog.languages,
            plain_cues(settings.config_dir),
            SecretScrub(_secrets(settings)),
            DetectionCues.load(settings.config_dir),
            lookalikes=Lookalikes.load(settings.config_dir, rules.vetted_hosts),
        ),
        told=ToldSolutions.load(
            settings.config_dir, integrity.interfaces.task_ids(), _hint_texts(practice.course)
        ),
        refusals=load_facets(settings.config_dir),
        task_asks=TaskAsks.load(settings.config_dir),
    )


def _hint_texts(course: Course) -> list[str]:
    """Every hint rung of every task in every language (the bot's own teaching)."""
    return [hint for task in course.tasks for text in task.text.values() for hint in text.hints]


def _secrets(settings: BaseModel) -> list[str | None]:
    """The bot's own credentials: none of them may appear in a reply (see guards.secrets)."""
    found: list[str | None] = []
    for name in type(settings).model_fields:
        value = getattr(settings, name, None)
        if isinstance(value, SecretStr):
            found.append(value.get_secret_value())
        elif isinstance(value, BaseModel):
            found.extend(_secrets(value))
    return found
