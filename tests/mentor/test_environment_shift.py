"""Numbers measured around unchanged code elsewhere are compared like with like, never "revert it".

"I changed nothing, but in production with 2M rows p99 is 1.9 s" after "120 ms on my laptop"
was read as "the change did not help. Revert it": the learner changed no code, the machine and
the data changed. The reply names the variable that changed and the measurement that tells the
code's cost from the environment's.
"""

from __future__ import annotations

import pytest

from bot.app import App
from bot.engine.prompt import reading
from bot.mentor.engine_port import EngineRequest
from bot.mentor.facts import QuestionFacts, ThreadMemory
from bot.mentor.i18n import Catalog
from bot.mentor.insight import read_turn
from bot.mentor.memory import remember
from bot.mentor.models import MentorRequest, Role
from bot.mentor.reasoning_verdicts import refuted

# (language, first turn, same code in another environment, the variable that changed)
SHIFTS = [
    ("en", "The export takes 3 s on my laptop.", "Same code on the CI runner: 9 s.", "place"),
    (
        "pt",
        "A rota /busca responde em 90 ms.",
        "Não mexi no código, mas em produção leva 700 ms.",
        "place",
    ),
    (
        "es",
        "El informe tarda 2 s con 10.000 filas.",
        "Sin cambiar el código, con 2.000.000 filas tarda 8 min.",
        "data",
    ),
    (
        "fr",
        "L'appel prend 40 ms avec le serveur simulé.",
        "Même code, contre la vraie API du fournisseur : 1,1 s.",
        "network",
    ),
    (
        "de",
        "Der Job braucht 40 s unter Python 3.11.",
        "Gleicher Code unter Python 3.12: 55 s.",
        "version",
    ),
    (
        "it",
        "L'endpoint risponde con p95 di 150 ms a 10 utenti simultanei.",
        "Stesso codice, a 400 utenti simultanei il p95 è 2,2 s.",
        "concurrency",
    ),
    (
        "nl",
        "Het script doet lokaal 4 s per batch.",
        "Zelfde code in een pod met een CPU-limiet van 500m: 15 s per batch.",
        "limit",
    ),
    ("pl", "Import trwa lokalnie 30 s.", "Kod bez zmian, na serwerze trwa 2 min.", "place"),
    ("tr", "Rapor dizüstünde 5 s sürüyor.", "Aynı kod sunucuda 16 s sürüyor.", "place"),
    (
        "ru",
        "Запрос к сервису занимает 60 мс с моком.",
        "Код тот же, с реальным вызовом внешнего API — 900 мс.",
        "network",
    ),
    (
        "uk",
        "Звіт будується за 20 с на тестових даних.",
        "Код той самий, на реальних даних — 6 хв.",
        "data",
    ),
    (
        "ja",
        "ローカルでは集計に 2 秒かかります。",
        "コードは同じで、本番では 12 秒かかります。",
        "place",
    ),
    ("zh", "单个请求 80 ms。", "代码没改，并发 300 时 p99 变成 2 秒。", "concurrency"),
    (
        "ko",
        "로컬에서 배치 하나가 3초 걸립니다.",
        "코드는 그대로인데 운영 서버에서는 11초 걸립니다.",
        "place",
    ),
]


def turn_after(
    first: str, second: str, lang: str, catalog: Catalog
) -> tuple[QuestionFacts, tuple[str, ...]]:
    """The second turn read against the first turn's memory: its facts and evidence notes."""
    opening = read_turn(
        first, code=None, report=None, memory=ThreadMemory(), language=lang, catalog=catalog
    )
    memory = remember(ThreadMemory(), opening.facts)
    later = read_turn(second, code=None, report=None, memory=memory, language=lang, catalog=catalog)
    return later.facts, later.notes


@pytest.mark.parametrize(("lang", "first", "second", "variable"), SHIFTS)
def test_an_environment_only_change_gets_no_revert_and_names_what_changed(
    lang: str, first: str, second: str, variable: str, catalog: Catalog
) -> None:
    """Unchanged code measured elsewhere: no refutation, the variable and its measurement named."""
    facts, notes = turn_after(first, second, lang, catalog)
    opening = read_turn(
        first, code=None, report=None, memory=ThreadMemory(), language=lang, catalog=catalog
    )
    assert variable in facts.environment
    assert not refuted(facts, remember(ThreadMemory(), opening.facts))
    assert catalog.message(lang, f"reasoning_env_{variable}") in notes
    slower = catalog.message(lang, "reasoning_slower", label="", before="", after="", pct="")
    verdict = slower.split(":", 1)[-1].strip()[:25]  # "the change did not help..." in lang
    assert not any(verdict in note for note in notes)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (
            "p99 is 120 ms in production.",
            "I added an index on created_at: in production p99 is 1.9 s now.",
        ),
        ("The export takes 3 s.", "I switched to ProcessPoolExecutor: 9 s."),
        ("p99 is 300 ms on the API.", "Deployed the fix: in production p99 is 900 ms."),
        ("p99 is 300 ms on the API.", "In production p99 went from 300 ms to 900 ms."),
    ],
)
def test_a_change_the_learner_made_is_still_judged(
    first: str, second: str, catalog: Catalog
) -> None:
    """A worse number after a change of the learner's own (even named with a place), or a
    before/after pair the learner wrote, is still judged: it refutes the change."""
    facts, notes = turn_after(first, second, "en", catalog)
    assert not facts.environment
    assert any("the change did not help" in note for note in notes)


async def test_back_to_slow_in_production_is_not_told_to_revert(app: App, catalog: Catalog) -> None:
    """The closing note's case: 60 ms after the fix, 1.9 s in production with the real call."""

    def ask(text: str) -> MentorRequest:
        return MentorRequest(platform="console", user="u", text=text, thread="env")

    await app.mentor.handle(
        ask("Our aiohttp handler makes 40 calls with time.sleep; it takes 2.1 s.")
    )
    await app.mentor.handle(
        ask("I replaced time.sleep with await asyncio.sleep: now 0.06 s instead of 2.1 s.")
    )
    reply = await app.mentor.handle(
        ask("In production with the real requests.get call it's back to 1.9 s.")
    )
    assert "Revert it" not in reply.text
    assert "refute" not in reply.text
    assert "60 ms → 1.9 s" in reply.text
    assert catalog.message("en", "reasoning_env_place") in reply.text


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        (
            "en",
            "My endpoint's p99 went from 40 ms to 900 ms at 200 rps. What should I check first?",
        ),
        ("de", "Die p99 unseres Dienstes ist von 40 ms auf 900 ms gestiegen. Wo fange ich an?"),
        ("ja", "API の p99 が 40 ms から 900 ms に悪化しました。まず何を確認すべきですか？"),
    ],
)
def test_a_first_question_reporting_a_regression_is_not_told_to_revert(
    lang: str, text: str, catalog: Catalog
) -> None:
    """A first turn names no change: 40 ms -> 900 ms is the symptom to explain, not a verdict."""
    notes = read_turn(
        text, code=None, report=None, memory=ThreadMemory(), language=lang, catalog=catalog
    ).notes
    regressed = catalog.message(
        lang, "reasoning_regressed", label="", before="", after="", ratio="\x00"
    ).split("\x00")[1][:25]
    slower = catalog.message(
        lang, "reasoning_slower", label="", before="", after="", pct="\x00"
    ).split("\x00")[1][:25]
    assert any(regressed in note for note in notes)
    assert not any(slower in note for note in notes)


async def test_an_environment_change_is_no_verdict_on_any_hypothesis(
    app: App, catalog: Catalog
) -> None:
    """'Não mudei nada no código' + a slower external API: no hypothesis confirmed or refuted,
    and the stated goal ('a meta é 200 ms') is a goal, never the earlier measurement."""

    def ask(text: str) -> MentorRequest:
        return MentorRequest(platform="console", user="u", text=text, thread="pt-env")

    await app.mentor.handle(ask("O meu endpoint Flask demora 800 ms de p95; a meta é 200 ms."))
    await app.mentor.handle(
        ask("Medi com py-spy: 600 ms dentro de requests.get para uma API externa.")
    )
    reply = await app.mentor.handle(
        ask(
            "Não mudei nada no código, mas hoje o p95 subiu para 1,9 s; a API externa está mais lenta."
        )
    )
    for key in ("followup_refuted", "followup_diagnosed", "followup_confirmed"):
        opening = catalog.message("pt", key, title="\x00", next="", found="\x00").split("\x00")[0]
        assert opening not in reply.text
    assert catalog.message("pt", "reasoning_env_network") in reply.text
    assert "200 ms → 1.9 s" not in reply.text


def test_the_llm_is_told_the_code_did_not_change(catalog: Catalog) -> None:
    """On the LLM path the numbers' reading says: environment, no verdict, nothing to revert."""
    first, second = "p99 is 120 ms on my laptop.", "Same code in production: p99 is 1.9 s."
    facts, _ = turn_after(first, second, "en", catalog)
    opening = read_turn(
        first, code=None, report=None, memory=ThreadMemory(), language="en", catalog=catalog
    )
    request = EngineRequest(
        question=second,
        language="en",
        role=Role.MENTOR,
        facts=facts,
        memory=remember(ThreadMemory(), opening.facts),
    )
    said = reading(request)
    assert "environment did (place)" in said
    assert "nothing to revert" in said
    assert "refuted" not in said
