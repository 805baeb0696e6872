"""Direct concept questions learners ask often get their answer first, then THEIR subject's units.

review12 V2: "is the GIL gone in 3.13 free-threaded?", "does `async def` alone make code faster?",
"is json.loads on user input as dangerous as pickle?" got plans about other things. The answer
(yes or no, its reason and caveat) opens the reply, and the units after it are the concept's own
subject's, never another subject's. Every wording here is new.
"""

from __future__ import annotations

import functools

import pytest

from bot.mentor.concepts import asked_concept
from bot.mentor.facts import ThreadMemory
from bot.mentor.i18n import Catalog
from bot.mentor.insight import read_turn
from bot.mentor.knowledge import KnowledgeBase
from bot.settings import DEFAULT_CONFIG_DIR
from tests.knowledge.offline_turn import answer


@functools.cache
def _catalog() -> Catalog:
    return Catalog.load(DEFAULT_CONFIG_DIR)


@functools.cache
def _topics() -> dict[str, str]:
    return {u.id: u.topic for u in KnowledgeBase.load(DEFAULT_CONFIG_DIR).units.units}


QUESTIONS = [
    ("en", "With python3.13t installed, is the GIL really switched off for my whole app?", "No"),
    ("de", "Ist der GIL im Free-Threaded-Build von Python 3.13 komplett weg?", "Nein"),
    ("ko", "Python 3.13 free-threaded 빌드에서는 GIL이 완전히 사라지나요?", "아니요"),
    (
        "fr",
        "Si je passe toutes mes fonctions en async def, le code devient-il plus rapide ?",
        "Non",
    ),
    ("pl", "Czy samo async def automatycznie przyspiesza funkcję w porównaniu z def?", "Nie"),
    ("ja", "async def にするだけで普通の def より自動で速くなりますか？", "いいえ"),
    ("it", "json.loads su dati degli utenti è pericoloso come pickle?", "No"),
    ("uk", "Чи так само небезпечний json.loads для даних від клієнтів, як pickle?", "Ні"),
    ("es", "¿Es thread-safe un collections.deque con append y popleft desde varios hilos?", "Sí"),
    ("nl", "Kan ik een deque zonder lock tussen threads delen voor append en popleft?", "Ja"),
    ("tr", "round(2.5) neden 2 veriyor, Python'un yuvarlaması bozuk mu?", "Hayır"),
    ("zh", "round(0.125, 2) 的结果不对，Python 的四舍五入有 bug 吗？", "不是"),
    ("pt", "O os.cpu_count() respeita o limite de CPU do contêiner no Kubernetes?", "Não"),
    ("ru", "os.cpu_count() внутри Docker-контейнера показывает квоту CPU или ядра хоста?", "Нет"),
    ("en", "Why does `x is 1000` give False when x == 1000, but `is` works for 5?", "Use `==`"),
    (
        "de",
        "Warum behält meine Funktion mit einer Liste als Default-Wert alte Einträge zwischen Aufrufen?",
        "Ja",
    ),
]


@pytest.mark.parametrize(("lang", "text", "first"), QUESTIONS)
def test_the_answer_opens_the_reply(lang: str, text: str, first: str) -> None:
    seen = read_turn(
        text, code=None, report=None, memory=ThreadMemory(), language=lang, catalog=_catalog()
    )
    opening = _catalog().message(lang, "measured_concept", answer="")
    assert seen.notes, text
    assert seen.notes[0].startswith(opening.strip()), seen.notes[0]
    assert seen.notes[0][len(opening) :].lstrip().startswith(first), seen.notes[0]
    assert not any(c.startswith("python:") for c in seen.facts.constraints)


@pytest.mark.parametrize(("lang", "text", "first"), QUESTIONS)
def test_the_units_after_the_answer_are_of_its_subject(lang: str, text: str, first: str) -> None:
    seen = read_turn(
        text, code=None, report=None, memory=ThreadMemory(), language=lang, catalog=_catalog()
    )
    concept = asked_concept(text, seen.facts, ThreadMemory())
    assert concept is not None, first
    assert concept.units, concept.id
    topics = {_topics()[u] for u in concept.units}
    reply = answer(text, lang, facts=seen.facts)
    assert reply.units, text
    assert reply.units[0] in concept.units, reply.units
    assert {_topics()[u] for u in reply.units} <= topics, reply.units
