"""Direct concept questions learners ask often get their answer first, then THEIR subject's units.

review12 V2: "is the GIL gone in 3.13 free-threaded?", "does `async def` alone make code faster?",
"is json.loads on user input as dangerous as pickle?" got plans about other things. The answer
(yes or no, its reason and caveat) opens the reply, and the units after it are the concept's own
subject's, never another subject's. Every wording here is new.
"""

from __future__ import annotations

import pytest

from tests.mentor.concept_checks import answer_said, assert_units_of_its_subject, read

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
    assert answer_said(lang, text).startswith(first)
    assert not any(c.startswith("python:") for c in read(lang, text).facts.constraints)


@pytest.mark.parametrize(("lang", "text", "first"), QUESTIONS)
def test_the_units_after_the_answer_are_of_its_subject(lang: str, text: str, first: str) -> None:
    assert_units_of_its_subject(lang, text, first)
