"""Every section is judged for substance in every language, not only steps in English.

A context question, a next step or a reflection made only of generic words ("What is the
problem exactly?", "Continua a studiare e a fare pratica.", "Was hast du gelernt?",
"具体是什么问题？") names nothing the learner can answer, do or measure (review10 T15): alone it
is replaced by the offline answer's section, beside real lines it goes. A line naming an
object (rows, workers, the platform, memory, a library, a number) is never judged hollow.
"""

from __future__ import annotations

import pytest

from bench import _eleventh_round as round11
from bot.app import App
from bot.mentor.guards.hollow_lines import names_nothing
from bot.mentor.guards.substance import SectionRules
from bot.mentor.i18n import Catalog
from bot.mentor.knowledge import KnowledgeBase
from bot.mentor.models import Sections
from bot.mentor.sections import SectionParser
from bot.settings import DEFAULT_CONFIG_DIR
from tests.fakes.eleventh_round import CONCRETE, HOLLOW, LATE_CONCRETE, LATE_HOLLOW
from tests.fakes.hostile_llm import BODIES

ASKS_NOTHING = [
    ("en", "Could you describe your overall goal?"),
    ("pt", "Pode explicar melhor a situação?"),
    ("es", "¿Puedes darme más detalles sobre el problema?"),
    ("fr", "Peux-tu préciser le contexte ?"),
    ("de", "Kannst du das Problem genauer beschreiben?"),
    ("it", "Puoi spiegare meglio la situazione?"),
    ("nl", "Kun je het probleem beter uitleggen?"),
    ("pl", "Czy możesz opisać dokładniej swój problem?"),
    ("ru", "Можешь подробнее описать задачу?"),
    ("uk", "Можеш детальніше описати задачу?"),
    ("tr", "Durumu biraz daha açıklar mısın?"),
    ("ja", "もう少し詳しく状況を説明してください。"),
    ("zh", "请详细描述一下你的情况。"),
    ("ko", "상황을 좀 더 자세히 설명해 주세요."),
]
NAMES_SOMETHING = [
    ("en", "Does the job run on a single core or on several?"),
    ("pt", "A fila é compartilhada entre os processos?"),
    ("es", "¿El índice cubre la columna del filtro?"),
    ("fr", "Les fichiers sont-ils sur un disque réseau ?"),
    ("de", "Läuft der Dienst im Container oder direkt auf dem Host?"),
    ("it", "Le richieste arrivano a raffiche o in modo costante?"),
    ("nl", "Staat de database op dezelfde machine?"),
    ("pl", "Czy zapytania blokują tabelę?"),
    ("ru", "Запросы идут к одной таблице или к нескольким?"),
    ("uk", "Чи кешуєш відповіді сервера?"),
    ("tr", "Sorgular aynı tabloya mı gidiyor?"),
    ("ja", "ワーカーはスレッドですか、プロセスですか？"),
    ("zh", "请求是否都访问同一张表？"),
    ("ko", "요청이 같은 테이블을 읽나요?"),
]


@pytest.fixture(scope="module")
def rules() -> SectionRules:
    catalog = Catalog.load(DEFAULT_CONFIG_DIR)
    parser = SectionParser.load(DEFAULT_CONFIG_DIR, catalog)
    return SectionRules.load(catalog, KnowledgeBase.load(DEFAULT_CONFIG_DIR), parser.heading_key)


def draft(language: str, **changes: str) -> Sections:
    """A plausible draft in `language` with some sections changed."""
    data = dict(zip(Sections.from_dict({}).to_dict(), BODIES[language], strict=True))
    return Sections.from_dict({**data, **changes})


@pytest.mark.parametrize(("language", "line"), ASKS_NOTHING)
def test_a_question_of_generic_words_asks_nothing_in_every_language(
    language: str, line: str
) -> None:
    assert names_nothing(line, language)


@pytest.mark.parametrize(("language", "line"), NAMES_SOMETHING)
def test_a_question_naming_an_object_asks_something_in_every_language(
    language: str, line: str
) -> None:
    assert not names_nothing(line, language)


def test_no_line_of_a_knowledge_unit_is_judged_hollow() -> None:
    """The offline answer's own questions and steps (19,000+ lines in 14 languages) pass."""
    units = KnowledgeBase.load(DEFAULT_CONFIG_DIR).units.units
    hollow = [
        (unit.id, lang, line)
        for unit in units
        for lang, text in unit.text.items()
        for line in (text.question, *text.steps)
        if line.strip() and names_nothing(line, lang)
    ]
    assert hollow == []


@pytest.mark.parametrize(
    ("language", "key", "body"),
    [
        ("en", "context", "- Could you describe your overall goal?"),
        ("de", "reflection", "- Was war für dich die wichtigste Erkenntnis?"),
        ("it", "next_steps", "- Continua a esplorare l'argomento con calma."),
        ("zh", "context", "- 请详细描述一下你的情况。"),
        ("ru", "reflection", "- Что ты понял из этого?"),
    ],
)
def test_a_section_that_names_nothing_is_replaced_by_the_offline_answer(
    rules: SectionRules, language: str, key: str, body: str
) -> None:
    spare = draft(language)
    hollow = draft(language, **{key: body})
    assert key in rules.hollow(hollow, language, wants_scaffold=False)
    repaired = rules.repair(hollow, spare, language, wants_scaffold=False).sections.to_dict()
    assert body not in repaired[key]
    assert repaired[key] == spare.to_dict()[key]


@pytest.mark.parametrize(
    ("language", "real", "hollow"),
    [
        ("en", "- Does the job run on a single core or on several?", "- What are your needs?"),
        ("fr", "- Les fichiers sont-ils sur un disque réseau ?", "- Quel est ton objectif ?"),
        ("pl", "- Czy zapytania blokują tabelę?", "- Jaki jest twój cel?"),
        ("ja", "- ワーカーはスレッドですか、プロセスですか？", "- 何が問題ですか？"),
    ],
)
def test_a_hollow_question_beside_a_real_one_goes_and_the_real_one_stays(
    rules: SectionRules, language: str, real: str, hollow: str
) -> None:
    mixed = draft(language, context=f"{real}\n{hollow}")
    shown = rules.repair(mixed, draft(language), language, wants_scaffold=False).sections
    assert real in shown.context
    assert hollow not in shown.context


def test_the_front_page_of_python_org_is_no_reference(rules: SectionRules) -> None:
    """A link to python.org's home tells the learner nothing to read; a page does."""
    assert not rules.reference("https://www.python.org/")
    assert not rules.reference("https://docs.python.org/3/")
    assert rules.reference("https://docs.python.org/3/library/timeit.html")
    assert rules.reference("https://aiokafka.readthedocs.io/")


async def test_hollow_sections_of_the_eleventh_round_are_never_shown(app: App) -> None:
    """Context, next steps, reflections and steps in 14 languages (one app for all)."""
    assert await round11.shown_lines(app, {**HOLLOW, **LATE_HOLLOW}) == []


async def test_concrete_sections_of_the_eleventh_round_are_shown_whole(app: App) -> None:
    assert await round11.cut_sections(app, {**CONCRETE, **LATE_CONCRETE}) == []
