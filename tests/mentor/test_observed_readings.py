"""Readings the learner took without changing anything answer their question; they judge no fix.

threads15 (ru): "del big_list: does memory go back to the OS?", then "RSS barely falls, 3,9 ГБ ->
3,6 ГБ. Is it a leak?" was told "only 8% better, too little to call it the fix". Nothing was
changed between the readings: they are evidence for the yes/no question, which is answered
first (no, memory the allocator keeps is no leak; a leak grows per repeat).
"""

from __future__ import annotations

import pytest

from bot.mentor.facts import ThreadMemory
from bot.mentor.i18n import Catalog
from bot.mentor.insight import read_turn
from bot.mentor.memory import remember
from bot.mentor.understanding import extract

FIRST = {
    "en": "Our worker builds a 30M-element list of floats, then we call `del rows`. Does that hand the memory back to the operating system?",
    "de": "Unser Worker baut eine Liste mit 30 Mio. Floats und ruft dann `del rows` auf. Gibt das den Speicher ans Betriebssystem zurück?",
    "fr": "Notre worker construit une liste de 30 millions de floats puis fait `del rows`. Est-ce que la mémoire est rendue au système ?",
    "pl": "Nasz worker buduje listę 30 mln floatów, potem robimy `del rows`. Czy pamięć wraca do systemu operacyjnego?",
    "es": "Nuestro worker crea una lista de 30 millones de floats y luego hace `del rows`. ¿La memoria vuelve al sistema operativo?",
    "ja": "ワーカーで 3000 万要素の float のリストを作り、そのあと `del rows` しています。メモリは OS に返りますか？",
    "zh": "我们的 worker 先建一个 3000 万个 float 的列表，然后 `del rows`。内存会还给操作系统吗？",
}  # fmt: skip

SECOND = [
    ("en", "In top the RSS hardly moves: 2.4 GB -> 2.3 GB. Is that a memory leak?", "No,"),
    ("de", "In htop sinkt der RSS kaum: 5,2 GB -> 5,0 GB. Ist das ein Speicherleck?", "Nein,"),
    ("fr", "Dans htop le RSS ne baisse pas vraiment : 1,8 Go -> 1,7 Go. C'est une fuite mémoire ?", "Non,"),
    ("pl", "W htop RSS prawie nie spada: 6,0 GB -> 5,7 GB. Czy to wyciek pamięci?", "Nie,"),
    ("es", "En htop el RSS apenas baja: 2,4 GB -> 2,3 GB. ¿Es una fuga de memoria?", "No,"),
    ("ja", "htop で見ると RSS はほとんど下がらず 3.2 GB -> 3.0 GB です。これはメモリリークですか？", "いいえ"),
    ("zh", "htop 里 RSS 几乎不降，4.0 GB -> 3.8 GB。这是内存泄漏吗？", "不是"),
]  # fmt: skip


def second_turn(lang: str, text: str, catalog: Catalog) -> tuple[str, ...]:
    """The notes of `text`, read in the thread FIRST[lang] opened."""
    first = FIRST[lang]
    memory = remember(ThreadMemory(), extract(first), asked=first)
    return read_turn(
        text, code=None, report=None, memory=memory, language=lang, catalog=catalog
    ).notes


def fixed_words(catalog: Catalog, lang: str, key: str) -> str:
    """The longest fixed part of a message (what stays whatever the numbers are)."""
    blank = dict.fromkeys(("label", "before", "after", "ratio", "pct", "change"), "\0")
    return max(catalog.message(lang, key, **blank).split("\0"), key=len).strip()


@pytest.mark.parametrize(("lang", "text", "no"), SECOND)
def test_readings_in_a_yes_no_question_are_no_fix_too_small(
    lang: str, text: str, no: str, catalog: Catalog
) -> None:
    """No "too little to call it the fix": the learner changed nothing between the readings."""
    notes = second_turn(lang, text, catalog)
    small = fixed_words(catalog, lang, "reasoning_small_gain")
    assert not any(small in note for note in notes), notes
    assert any(fixed_words(catalog, lang, "reasoning_observed") in note for note in notes), notes


@pytest.mark.parametrize(("lang", "text", "no"), SECOND)
def test_is_it_a_leak_is_answered_first_with_what_would_show_one(
    lang: str, text: str, no: str, catalog: Catalog
) -> None:
    """The answer opens the notes: no, the allocator keeps it; a leak grows per repeat."""
    notes = second_turn(lang, text, catalog)
    assert notes, notes
    assert no in notes[0], notes[0]
    assert "pymalloc" in notes[0], notes[0]
    assert "tracemalloc" in notes[0], notes[0]
