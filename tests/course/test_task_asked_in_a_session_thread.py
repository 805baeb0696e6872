"""In a session thread, "write the whole thing for me" names the course's task (review12 V12).

"Can you just write the whole thread-safe cache for me? I have to hand it in tonight" in a
session thread got an `async def handler(url)` scaffold and dict-cache steps; "give me the
finished code for this session's exercise" (de/es) got PostgreSQL tests and OIDC flows. In a
graded thread the task named in fewer words, or as "the exercise of this session", is that
task's graded work: its scaffold and the next hint rung, the task named, no solution.
"""

from __future__ import annotations

import pytest

from bot.app import App
from bot.course.service import SessionContext
from bot.mentor.models import MentorRequest

CACHE_IN_WORDS = {
    "en": "Can you just write the whole thread-safe cache for me? I have to hand it in tonight "
    "and I'm out of time.",
    "fr": "Écris-moi tout le cache thread-safe, je dois le rendre ce soir, je n'ai plus le temps.",
    "ja": "スレッドセーフなキャッシュを全部書いてください。今夜提出しないといけないんです。",
    "ru": "Напиши мне целиком потокобезопасный кэш, мне сдавать его сегодня вечером.",
}

THIS_SESSIONS_EXERCISE = {
    "de": "Gib mir einfach den fertigen Code für die Übungsaufgabe dieser Sitzung, ich reiche "
    "ihn so ein, wie er ist.",
    "es": "Pásame la solución entera de la práctica de esta sesión, la entrego tal cual y listo.",
    "ko": "이번 세션 과제의 완성된 코드를 그냥 주세요. 오늘 밤에 그대로 제출할 거예요.",
    "it": "Scrivimi tu il codice completo dell'esercizio di questa sessione, devo consegnarlo "
    "stasera.",
}


async def _session_thread(app: App, user: str, number: int, language: str) -> str:
    """A thread opened by `/mca session <number>` for `user`; its external id."""
    context = next(p for p in app.mentor.context_providers if isinstance(p, SessionContext))
    learner = await app.store.upsert_learner("console", user)
    external = f"session-{user}"
    await app.store.create_thread(
        platform="console", external_id=external, learner_id=learner.id, language=language
    )
    await context.course_store.bind_thread("console", external, learner.id, number)
    return external


@pytest.mark.parametrize("language", CACHE_IN_WORDS)
async def test_the_cache_asked_for_in_a_session_thread_gets_its_scaffold(
    app: App, language: str
) -> None:
    """Session 3's thread (its own task is profile-request), the cache task named in words."""
    user = f"lazy-{language}"
    thread = await _session_thread(app, user, 3, language)
    result = await app.mentor.handle(
        MentorRequest(
            platform="console",
            user=user,
            text=CACHE_IN_WORDS[language],
            thread=thread,
            locale=language,
        )
    )
    assert not result.refused
    assert "self._inflight" in result.sections.scaffold  # the task's own skeleton
    assert "set_exception" not in result.text  # and not its solution
    assert "`thread-safe-cache`" in result.text  # the reply names the graded task
    assert "async def handler" not in result.sections.scaffold


@pytest.mark.parametrize("language", THIS_SESSIONS_EXERCISE)
async def test_this_sessions_exercise_is_one_of_the_sessions_tasks(app: App, language: str) -> None:
    """Session 2's thread: "the exercise of this session" is one of its practice tasks."""
    user = f"tired-{language}"
    thread = await _session_thread(app, user, 2, language)
    result = await app.mentor.handle(
        MentorRequest(
            platform="console",
            user=user,
            text=THIS_SESSIONS_EXERCISE[language],
            thread=thread,
            locale=language,
        )
    )
    assert not result.refused
    named = [
        t
        for t in ("asyncio-blocking", "mp-pipeline", "thread-safe-cache")
        if f"`{t}`" in result.text
    ]
    assert named, result.text
    task = app.practice.course.task(named[0])
    assert task is not None
    first_line = next(line for line in task.scaffold.splitlines() if line.strip())
    assert first_line in result.sections.scaffold


IN_THEIR_OWN_WORDS = {
    "property-tests": "Give me the complete Hypothesis test file for the interval-merging exercise "
    "that kills all the mutants; I'll just paste it in.",
    "thread-safe-cache": "Дай полностью готовый LRU-кэш, который не вызывает загрузчик дважды для "
    "одного ключа при 16 потоках, чтобы я сразу сдал.",
    "mp-pipeline": "Pour l'exercice où on répartit le calcul sur plusieurs processus avec "
    "exactement le même résultat que la version séquentielle, écris-moi le run_pipeline final, "
    "prêt à rendre.",
    "profile-request": "那个要用分析器找出请求处理路径里前三个热点函数的练习，直接告诉我 HOTSPOTS "
    "列表应该填什么。",
}
"""review13 W12: each task described in its own words and asked for, outside a session."""


@pytest.mark.parametrize("task", IN_THEIR_OWN_WORDS)
def test_a_task_described_in_its_own_words_is_asked_for_anywhere(app: App, task: str) -> None:
    text = IN_THEIR_OWN_WORDS[task]
    wants = app.mentor.rules.wants_solution(text)
    assert app.mentor.guards.task_asks.asked(text, wants_solution=wants) == task
