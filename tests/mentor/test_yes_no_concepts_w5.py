"""Direct yes/no questions advanced learners ask get the answer first (review13 W5).

"is lru_cache thread-safe?", "does gather use several cores?", "does del give memory back to
the OS?" got plans about neighbouring subjects while the yes or no was never said. The reply now
opens with the answer (yes/no, its reason, its caveat) and the units after it are of the same
subject. Every wording here is new (none is the review's), in many of the 14 languages.
"""

from __future__ import annotations

import pytest

from tests.mentor.concept_checks import answer_said, assert_units_of_its_subject

# (language, question, how the answer must open, a word the answer must say)
QUESTIONS = [
    (
        "en",
        "Can I share one @lru_cache function between 8 worker threads safely?",
        "Yes",
        "single-flight",
    ),
    (
        "es",
        "¿functools.lru_cache es seguro si lo llaman varios hilos a la vez?",
        "Sí",
        "single-flight",
    ),
    (
        "ja",
        "asyncio.gather で投げたコルーチンは複数のコアで並列に計算されますか？",
        "いいえ",
        "ProcessPoolExecutor",
    ),
    (
        "it",
        "asyncio.gather sfrutta più core della CPU contemporaneamente?",
        "No",
        "ProcessPoolExecutor",
    ),
    (
        "en",
        "Is a generator expression always quicker than building a list comprehension?",
        "No",
        "timeit",
    ),
    ("pl", "Czy generator jest zawsze szybszy od list comprehension?", "Nie", "timeit"),
    (
        "fr",
        "Est-ce que `del` sur une grosse liste rend la mémoire au système tout de suite ?",
        "Pas forcément",
        "pymalloc",
    ),
    ("zh", "用 del 删除一个大列表后，内存会立刻还给操作系统吗？", "不一定", "pymalloc"),
    (
        "de",
        "Sind Klassen mit __slots__ beim Attributzugriff schneller oder nur sparsamer?",
        "Beides",
        "__dict__",
    ),
    ("ko", "__slots__를 쓰면 속성 접근 속도가 빨라지나요?", "둘 다지만", "__dict__"),
    ("pt", "Rodar com python -O deixa meu programa mais rápido?", "Não", "assert"),
    ("ru", "Станет ли скрипт быстрее, если запускать его как python -O?", "Нет", "assert"),
    ("tr", "time.sleep(0) ile await asyncio.sleep(0) aynı şeyi mi yapar?", "Aynı şey değil", "GIL"),
    (
        "uk",
        "Чи віддає time.sleep(0) керування іншим потокам так само, як asyncio.sleep(0)?",
        "Це не одне й те саме",
        "GIL",
    ),
    ("nl", "Draait een finally-blok nog als mijn proces os._exit(0) aanroept?", "Nee", "sys.exit"),
    ("en", "Can I remove keys from a dict while looping over it with a for loop?", "No", "list(d)"),
    ("ja", "辞書を for 文で回しながら要素を削除しても大丈夫ですか？", "いいえ", "list(d)"),
    (
        "es",
        "¿copy.copy() duplica también las listas internas de una lista de listas?",
        "No",
        "deepcopy",
    ),
    ("de", "Kann ein int in Python bei sehr großen Zahlen überlaufen?", "Nein", "int64"),
    ("en", "Does time.sleep let go of the GIL while a thread sleeps?", "Yes", "asyncio.sleep"),
    (
        "fr",
        "Le threading accélère-t-il un calcul lié au CPU en Python pur ?",
        "Non",
        "ProcessPoolExecutor",
    ),
    ("pl", "Czy operator `is` nadaje się do porównywania napisów?", "Używaj", "=="),
    (
        "de",
        "Läuft ein mit asyncio.shield geschütztes Speichern sicher zu Ende, wenn der Request abbricht?",
        "Nicht immer",
        "create_task",
    ),
    ("es", "¿Es JSON válido lo que genera json.dumps con un float NaN?", "No", "allow_nan"),
    ("uk", "Чи можна через tomllib записати змінений pyproject.toml назад?", "Ні", "tomlkit"),
    (
        "de",
        "Kann ich eine requests Session sicher zwischen mehreren Threads teilen?",
        "Nein",
        "threading.local",
    ),
    (
        "fr",
        "Si je définis __eq__ dans ma classe, pourquoi ses objets ne sont-ils plus hashables ?",
        "Oui",
        "frozen=True",
    ),
]


@pytest.mark.parametrize(("lang", "text", "first", "says"), QUESTIONS)
def test_the_yes_or_no_opens_the_reply(lang: str, text: str, first: str, says: str) -> None:
    said = answer_said(lang, text)
    assert said.startswith(first), said
    assert says in said, said


@pytest.mark.parametrize(("lang", "text", "first", "says"), QUESTIONS)
def test_the_steps_after_the_answer_are_of_its_subject(
    lang: str, text: str, first: str, says: str
) -> None:
    assert_units_of_its_subject(lang, text, first)
