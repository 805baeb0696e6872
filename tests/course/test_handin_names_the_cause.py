"""A session-3 hand-in that names the cause has identified the hotspot (review12 V21).

"原因はリストの in 判定でした" (the cause was the list `in` test) was marked "hotspot
identified: not yet", and the report's peak memory before and after the fix (40 MiB -> 10
MiB) was read as two input sizes: "time grows like n^1.9". A report names its hotspot in
whatever words it has for the cause; a before/after pair of one quantity is never a growth.
"""

from __future__ import annotations

import pytest

from bot.course.content import Course
from bot.course.handin import assess_handin, feedback
from bot.mentor.facts import ThreadMemory
from bot.mentor.i18n import Catalog
from bot.mentor.reasoning import evidence_notes
from bot.mentor.understanding import extract

REPORTS = {
    "en": "My report for session 3: the run went from 3.4 s to 0.5 s and the peak from 61 MiB "
    "to 14 MiB. The culprit was the list membership test inside dedupe(), which scanned the "
    "whole list for every row.",
    "pt": "Meu relatório da sessão 3: de 3,4 s para 0,5 s, pico de 61 MiB para 14 MiB. A causa "
    "era o teste `in` numa lista dentro de dedupe(), que percorria a lista inteira a cada linha.",
    "es": "Mi informe: de 3,4 s a 0,5 s y el pico de 61 MiB a 14 MiB. El culpable era la "
    "comprobación `in` sobre una lista en dedupe(), que recorría toda la lista por cada fila.",
    "de": "Meine Abgabe: von 3,4 s auf 0,5 s, Speicherspitze von 61 MiB auf 14 MiB. Die Ursache "
    "war der `in`-Test auf einer Liste in dedupe(), der für jede Zeile die ganze Liste durchlief.",
    "fr": "Mon rendu : de 3,4 s à 0,5 s, pic de 61 MiB à 14 MiB. La cause était le test `in` sur "
    "une liste dans dedupe(), qui parcourait toute la liste à chaque ligne.",
    "it": "La mia consegna: da 3,4 s a 0,5 s, picco da 61 MiB a 14 MiB. Il colpevole era il test "
    "`in` su una lista dentro dedupe(), che scorreva tutta la lista per ogni riga.",
    "nl": "Mijn verslag: van 3,4 s naar 0,5 s, piek van 61 MiB naar 14 MiB. De boosdoener was de "
    "`in`-test op een lijst in dedupe(), die voor elke rij de hele lijst doorliep.",
    "pl": "Mój raport: z 3,4 s do 0,5 s, szczyt pamięci z 61 MiB do 14 MiB. Przyczyną był test "
    "`in` na liście w dedupe(), który dla każdego wiersza przeglądał całą listę.",
    "tr": "Raporum: 3,4 s'den 0,5 s'ye, tepe bellek 61 MiB'den 14 MiB'ye indi. Yavaşlığın nedeni "
    "dedupe() içindeki listede yapılan `in` kontrolüydü; her satırda tüm listeyi tarıyordu.",
    "ru": "Мой отчёт: с 3,4 с до 0,5 с, пик памяти с 61 MiB до 14 MiB. Причина была в проверке "
    "`in` по списку в dedupe(): на каждой строке она проходила весь список.",
    "uk": "Мій звіт: з 3,4 с до 0,5 с, пік пам'яті з 61 MiB до 14 MiB. Винуватцем була перевірка "
    "`in` по списку в dedupe(), яка для кожного рядка проходила весь список.",
    "ja": "できたので提出します。プロファイル結果: 修正前 2.9 秒・ピーク 40 MiB、修正後 0.2 秒・"
    "10 MiB。原因はリストの in 判定でした。",
    "zh": "我的报告：从 3.4 秒降到 0.5 秒，峰值内存从 61 MiB 降到 14 MiB。原因是 dedupe() 里对列表"
    "做的 in 判断，每一行都要扫描整个列表。",
    "ko": "제 보고서: 3.4초에서 0.5초로, 피크 메모리는 61 MiB에서 14 MiB로 줄었습니다. 원인은 "
    "dedupe() 안에서 리스트에 대해 한 in 검사였고, 행마다 리스트 전체를 훑었습니다.",
}


CAUSE_STARTS = {
    "en": "The culprit",
    "pt": "A causa",
    "es": "El culpable",
    "de": "Die Ursache",
    "fr": "La cause",
    "it": "Il colpevole",
    "nl": "De boosdoener",
    "pl": "Przyczyną",
    "tr": "Yavaşlığın nedeni",
    "ru": "Причина",
    "uk": "Винуватцем",
    "ja": "原因は",
    "zh": "原因是",
    "ko": "원인은",
}
"""Where each report's sentence naming the cause begins."""


@pytest.mark.parametrize("language", REPORTS)
def test_a_report_naming_the_cause_has_identified_the_hotspot(
    course: Course, language: str
) -> None:
    session = course.session(3)
    assert session is not None
    handin = assess_handin(session, REPORTS[language], course.handin_cues)
    assert handin.is_handin
    assert "hotspot" in handin.covered, handin
    label = next(i for i in session.checklist if i.id == "hotspot").label[language]
    lines = feedback(course, session, handin, language).splitlines()
    assert not [line for line in lines if label in line and "❌" in line]
    # the cause's sentence is what counts: the same numbers without it still miss the hotspot
    numbers_only = REPORTS[language].split(CAUSE_STARTS[language])[0]
    assert "hotspot" in assess_handin(session, numbers_only, course.handin_cues).missing


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("ja", REPORTS["ja"]),
        ("en", "Profile: 3.1 s / 52 MiB, fixed: 0.4 s / 12 MiB."),
        ("ko", "프로파일: 2.9초, 40 MiB, 고친 뒤 0.2초, 10 MiB."),
    ],
)
def test_memory_before_and_after_is_no_input_size(
    catalog: Catalog, language: str, text: str
) -> None:
    """A peak before and after a fix is a result of the change, never two inputs of a growth."""
    notes = " ".join(evidence_notes(extract(text), ThreadMemory(), language, catalog))
    assert "n^" not in notes, notes
    # two files' sizes are inputs: their growth is still read, "profiler" named or not
    files = "The profiler shows a 1 GB file takes 10 s and a 4 GB file takes 45 s."
    assert "n^1.1" in " ".join(evidence_notes(extract(files), ThreadMemory(), "en", catalog))
