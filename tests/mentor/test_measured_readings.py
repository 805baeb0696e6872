"""Follow-ups reason from what the learner measured (review11 U5, U26, U33 and growth over time).

A faster run whose output changed is not yet a win and names what could change the output; a
number read after the program ran for hours is a rate, not the after of a change, and "does that
explain it?" is answered first (yes, partly with its share, or no); a first question asking why
a change made it slower gets no verdict, and a low CPU beside parallel workers reads as waiting;
a short concept question gets its yes or no first and no Python version held as a constraint.
Every wording here is new (none is in the lexicons or the benches).
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from bot.app import App
from bot.mentor.facts import ThreadMemory
from bot.mentor.i18n import Catalog
from bot.mentor.insight import read_turn
from bot.mentor.memory import remember
from bot.mentor.models import MentorRequest
from bot.mentor.understanding import extract


def notes(catalog: Catalog, lang: str, turns: list[str]) -> tuple[str, ...]:
    """The evidence lines of the last turn, the earlier turns remembered as the thread's."""
    memory = ThreadMemory()
    for text in turns[:-1]:
        memory = remember(memory, extract(text, language=lang), asked=text)
    insight = read_turn(
        turns[-1], code=None, report=None, memory=memory, language=lang, catalog=catalog
    )
    return insight.notes


def marker(catalog: Catalog, lang: str, key: str) -> str:
    """The longest literal part of a message: it says the line is there, whatever its values."""
    template = catalog.message(lang, key, **{k: "\x00" for k in _FIELDS})
    return max(template.split("\x00"), key=len).strip()


_FIELDS = (
    "label",
    "before",
    "after",
    "ratio",
    "pct",
    "rate",
    "elapsed",
    "reason",
    "cpu",
    "answer",
    "workers",
    "cores",
)


def said(catalog: Catalog, lang: str, key: str, lines: tuple[str, ...]) -> bool:
    return any(marker(catalog, lang, key) in line for line in lines)


# ---------------------------------------------------------------- U26: faster, output changed
CHANGED = [
    (
        "en",
        [
            "The nightly report build takes 95 s.",
            "I switched the loop to a merge: 12 s now, but the totals per region no longer match last week's file.",
        ],
        "values",
    ),
    (
        "pt",
        [
            "O relatório diário leva 80 s para gerar.",
            "Troquei o loop por um merge: agora 9 s, mas saíram 230 linhas a menos no CSV final.",
        ],
        "rows",
    ),
    (
        "es",
        [
            "La agregación de ventas tarda 64 s.",
            "Reescribí el bucle con numpy: ahora 5 s, pero la suma total es distinta de la de antes.",
        ],
        "values",
    ),
    (
        "fr",
        [
            "Le calcul des stocks prend 50 s.",
            "J'ai remplacé la boucle par un set pour dédoublonner : 3 s maintenant, mais l'ordre des articles a changé dans l'export.",
        ],
        "order",
    ),
    (
        "de",
        [
            "Der Import der Bestellungen dauert 70 s.",
            "Ich habe die Schleife durch drop_duplicates ersetzt: jetzt 6 s, aber es fehlen 40 Zeilen im Ergebnis.",
        ],
        "rows",
    ),
    (
        "it",
        [
            "Il calcolo delle medie impiega 40 s.",
            "Ho riscritto con numpy vettorizzato: ora 2 s, però le medie non tornano più con quelle di ieri.",
        ],
        "values",
    ),
    (
        "nl",
        [
            "Het samenvoegen van de klantbestanden duurt 90 s.",
            "Ik heb er een join van gemaakt: nu 8 s, maar het resultaat heeft 15 rijen minder dan eerst.",
        ],
        "rows",
    ),
    (
        "pl",
        [
            "Generowanie raportu trwa 75 s.",
            "Przepisałem pętlę na groupby: teraz 4 s, ale suma jest inna niż w starym raporcie.",
        ],
        "values",
    ),
    (
        "tr",
        [
            "Fatura özetini çıkarmak 60 sn sürüyor.",
            "Döngüyü groupby ile değiştirdim: şimdi 5 sn, ama sonuçta 30 satır eksik.",
        ],
        "rows",
    ),
    (
        "ru",
        [
            "Сборка отчёта занимает 88 с.",
            "Я заменил цикл на merge: теперь 7 с, но итоговая сумма не совпадает со старой.",
        ],
        "values",
    ),
    (
        "uk",
        [
            "Обробка замовлень триває 66 с.",
            "Я переписав цикл на groupby: тепер 5 с, але рядків у результаті стало менше.",
        ],
        "rows",
    ),
    (
        "ja",
        [
            "売上集計に 72 秒かかります。",
            "ループを groupby に置き換えたら 6 秒になりましたが、合計が以前と合いません。",
        ],
        "values",
    ),
    (
        "zh",
        ["订单汇总需要 58 秒。", "我把循环改成了 merge，现在 4 秒，但是输出的行数变少了。"],
        "rows",
    ),
    (
        "ko",
        [
            "주문 집계에 84초가 걸립니다.",
            "루프를 set으로 바꿨더니 3초가 됐는데 결과 순서가 바뀌었어요.",
        ],
        "order",
    ),
]


def test_a_changed_output_answers_is_it_ok_with_not_yet(catalog: Catalog) -> None:
    lines = notes(
        catalog,
        "en",
        [
            "The export takes 40 s.",
            "I rewrote the export with polars: 3 s now, but the row count differs. Is it ok now?",
        ],
    )
    assert lines[0].startswith(catalog.message("en", "reasoning_answer_no", reason="").strip())


# ---------------------------------------------------------------- growth over time: a rate
GROWTH = [
    ("en", "The worker uses 300 MB right after boot and 1.5 GB after 8 hours.", "150"),
    ("pt", "O processo começa com 250 MB e depois de 5 horas está em 1,25 GB.", "200"),
    ("es", "El servicio arranca con 400 MB y tras 10 horas ocupa 1,4 GB.", "100"),
    ("fr", "Le démon démarre à 200 MB et au bout de 4 heures il est à 1 GB.", "200"),
    ("de", "Der Dienst startet mit 100 MB und nach 9 Stunden sind es 1 GB.", "100"),
    ("it", "Il worker parte da 150 MB e dopo 3 ore è a 750 MB.", "200"),
    ("nl", "De service start met 200 MB en na 8 uur zit hij op 1 GB.", "100"),
    ("pl", "Proces startuje z 120 MB, a po 6 godzinach zajmuje 720 MB.", "100"),
    ("tr", "Servis 200 MB ile başlıyor, 4 saat sonra 1 GB oluyor.", "200"),
    ("ru", "Сервис стартует с 300 МБ, а через 5 часов занимает 1,3 ГБ.", "200"),
    ("uk", "Сервіс стартує з 100 МБ, а через 9 годин займає 1 ГБ.", "100"),
    ("ja", "ワーカーは起動直後 200 MB で、5時間後には 1.2 GB になります。", "200"),
    ("zh", "服务启动时占用 100 MB，8 小时后变成 900 MB。", "100"),
    ("ko", "서비스는 시작할 때 200 MB인데 4시간 후에는 1 GB가 됩니다.", "200"),
]


@pytest.mark.parametrize(("lang", "text", "rate"), GROWTH)
def test_growth_over_hours_is_a_rate_not_a_change(
    catalog: Catalog, lang: str, text: str, rate: str
) -> None:
    lines = notes(catalog, lang, [text])
    assert said(catalog, lang, "measured_trend_memory", lines), lines
    assert any(re.search(rf"\b{rate} MB/h", line) for line in lines), lines
    for key in ("reasoning_more_memory", "reasoning_regressed", "reasoning_slower"):
        assert not said(catalog, lang, key, lines), lines


def test_how_long_it_ran_is_no_measured_time(catalog: Catalog) -> None:
    facts = extract("Le worker démarre à 200 MB et après 6 heures il est à 1 GB.", language="fr")
    ran = [q for q in facts.quantities if q.kind == "duration"]
    assert ran
    assert all("elapsed" in q.label.split() for q in ran)


def test_a_latency_growing_day_by_day_is_a_trend(catalog: Catalog) -> None:
    lines = notes(
        catalog, "de", ["Der p99 unserer API steigt jeden Tag ein bisschen, heute 900 ms."]
    )
    assert said(catalog, "de", "measured_trend_words", lines), lines


# ---------------------------------------------------------------- "does that explain it?"
EXPLAINS = [
    (
        "en",
        [
            "RSS is 200 MB at boot and 1.1 GB after 6 h.",
            "I disabled the template cache and after 6 h RSS is 700 MB now. Is that the cause?",
        ],
        "measured_explains_partly",
        "44",
    ),
    (
        "es",
        [
            "El p95 del endpoint subió de 120 ms a 900 ms desde el despliegue.",
            "Quité el middleware de auditoría y ahora el p95 es 150 ms. ¿Eso lo explica?",
        ],
        "measured_explains_yes",
        "",
    ),
    (
        "ru",
        [
            "p95 нашего API 700 мс.",
            "Я включил сжатие ответов, теперь p50 90 мс, а p95 800 мс. Это объясняет проблему?",
        ],
        "measured_explains_no",
        "",
    ),
    (
        "pl",
        [
            "Proces startuje z 100 MB, a po 10 godzinach ma 2,1 GB.",
            "Wyłączyłem cache sesji i po 10 godzinach jest 1,1 GB. Czy to wyjaśnia problem?",
        ],
        "measured_explains_partly",
        "50",
    ),
    (
        "ja",
        [
            "API の p99 が 80 ms から 600 ms に悪化しました。",
            "ログ出力を減らしたら p99 は 560 ms になりました。これが原因ですか？",
        ],
        "measured_explains_no",
        "",
    ),
    (
        "tr",
        ["Endpoint'in p99'u 1,2 s.", "N+1 sorgularını düzelttim, şimdi p99 300 ms. Sebebi bu mu?"],
        "measured_explains_yes",
        "",
    ),
]


@pytest.mark.parametrize(("lang", "turns", "key", "pct"), EXPLAINS)
def test_does_that_explain_it_is_answered_first(
    catalog: Catalog, lang: str, turns: list[str], key: str, pct: str
) -> None:
    lines = notes(catalog, lang, turns)
    assert lines
    assert said(catalog, lang, key, lines[:1]), lines
    if pct:
        assert pct in lines[0], lines[0]


# ---------------------------------------------------------------- U5: a first question's why
SLOWER = [
    (
        "en",
        "I added select_related to fix an N+1, but the view went from 250 ms to 800 ms. Why would it be slower?",
    ),
    (
        "pt",
        "Tentei usar um índice composto, mas a consulta foi de 40 ms para 130 ms. Por que ficou mais lenta?",
    ),
    (
        "de",
        "Ich habe joinedload probiert, aber die Seite ging von 200 ms auf 700 ms. Warum ist sie langsamer?",
    ),
    (
        "it",
        "Ho provato orjson ma la serializzazione è passata da 20 ms a 60 ms. Come mai è più lenta?",
    ),
    (
        "pl",
        "Dodałem prefetch_related, ale widok wydłużył się z 300 ms do 1,2 s. Dlaczego jest wolniej?",
    ),
    ("ko", "joinedload를 써 봤는데 페이지가 150 ms에서 600 ms로 늘었어요. 왜 더 느려졌나요?"),
]


IDLE = [
    (
        "en",
        "My ProcessPoolExecutor with 12 workers is only 2x faster than one process and the CPU stays at 25%. Files come from S3. Where is the bottleneck?",
    ),
    (
        "es",
        "Con multiprocessing y 8 procesos solo gano 1,8x y la CPU está al 35%. ¿Dónde está el cuello de botella?",
    ),
    (
        "ja",
        "multiprocessing で 16 プロセス使っても 2 倍しか速くならず、CPU 使用率は 20% です。ボトルネックはどこですか？",
    ),
    (
        "uk",
        "З multiprocessing.Pool(6) обробка лише в 1,4 раза швидша, а CPU завантажений на 30%. Де вузьке місце?",
    ),
]


# ---------------------------------------------------------------- U33: concept questions
CONCEPTS = [
    ("en", "Does a Python dict remember the order keys were inserted in, since 3.7?", "Yes"),
    ("pt", "O dicionário do Python preserva a ordem de inserção a partir do 3.7?", "Sim"),
    ("es", "¿Es estable sort() cuando ordeno por una tupla como clave?", "Sí"),
    ("fr", "Est-ce que list.append est thread-safe en CPython 3.12 ?", "Oui"),
    (
        "de",
        "Ist sorted() in Python 3.11 stabil, wenn mehrere Elemente denselben Schlüssel haben?",
        "Ja",
    ),
    ("it", "Un set in Python mantiene l'ordine di inserimento?", "No"),
    ("nl", "Is counter += 1 atomic als meerdere threads het tegelijk doen?", "Nee"),
    ("pl", "Czy dict w Pythonie 3.8 gwarantuje kolejność wstawiania kluczy?", "Tak"),
    ("tr", "CPython'da list.append birden fazla thread ile güvenli mi, thread-safe mi?", "Evet"),
    ("ru", "Сохраняет ли set порядок элементов в Python 3.10?", "Нет"),
    ("uk", "Чи стабільне сортування sorted() з ключем-кортежем?", "Так"),
    ("ja", "Python 3.9 の dict はキーの挿入順序を保証しますか？", "はい"),
    ("zh", "多个线程同时执行 x += 1 是原子的吗？", "不是"),
    ("ko", "여러 스레드에서 list.append를 호출해도 스레드 안전한가요?", "네"),
]


@pytest.mark.parametrize(("lang", "text", "first"), CONCEPTS)
def test_a_concept_question_is_answered_first(
    catalog: Catalog, lang: str, text: str, first: str
) -> None:
    memory = ThreadMemory()
    insight = read_turn(text, code=None, report=None, memory=memory, language=lang, catalog=catalog)
    assert insight.notes, text
    assert_answered_first(catalog, lang, insight.notes[0], first)
    assert not any(c.startswith("python:") for c in insight.facts.constraints)


def assert_answered_first(catalog: Catalog, lang: str, line: str, first: str) -> None:
    """`line` is the concept answer's opening, its yes or no (`first`) right after it."""
    opening = catalog.message(lang, "measured_concept", answer="")
    assert line.startswith(opening.strip()), line
    assert line[len(opening) :].lstrip().startswith(first), line


# ---------------------------------------------------------------- whole replies (offline engine)
def _ask(text: str, thread: str) -> MentorRequest:
    return MentorRequest(platform="console", user="u", text=text, thread=thread)


def _context(reply_text: str) -> str:
    return reply_text.split("\n\n", maxsplit=1)[0]


async def test_the_answer_to_does_that_explain_it_opens_the_follow_up(
    app: App, catalog: Catalog
) -> None:
    """The yes/partly/no line comes right after the thread line; no other verdict before it."""
    await app.mentor.handle(_ask("Nasz serwis ma p99 650 ms przy 400 żądaniach na sekundę.", "x1"))
    reply = await app.mentor.handle(
        _ask(
            "Włączyłem kompresję odpowiedzi i teraz p99 wynosi 720 ms. Czy to wyjaśnia problem?",
            "x1",
        )
    )
    lines = [line for line in _context(reply.text).splitlines()[1:] if line.strip()]
    assert lines[1].startswith(marker(catalog, "pl", "measured_explains_no")), lines
    refuted = catalog.message("pl", "followup_refuted", title="\x00", next="\x00").split("\x00")[0]
    assert refuted.strip() not in reply.text


async def test_a_faster_but_different_output_is_never_confirmed(app: App, catalog: Catalog) -> None:
    await app.mentor.handle(
        _ask("Moja agregacja w pandas z groupby().apply() trwa 52 s na 2 milionach wierszy.", "x2")
    )
    reply = await app.mentor.handle(
        _ask("Zamieniłem apply na agg: teraz 5 s, ale w wyniku brakuje 9 wierszy. Dlaczego?", "x2")
    )
    confirmed = catalog.message("pl", "followup_confirmed", found="\x00", title="\x00")
    assert confirmed.split("\x00")[1].strip() not in reply.text
    assert marker(catalog, "pl", "measured_output_rows") in reply.text


FOLLOW_UP_CONCEPTS = [
    (
        "de",
        [
            "Mein aiohttp-Crawler holt 2.000 Seiten in 3 Minuten.",
            "Andere Frage: blockiert ein normales open() und write() in einer Coroutine den Event-Loop?",
        ],
        "Ja",
    ),
    (
        "tr",
        [
            "FastAPI servisim saniyede 300 istek alıyor.",
            "Başka bir soru: async def içinde düz open() ile dosyaya yazmak event loop'u bloklar mı?",
        ],
        "Evet",
    ),
]


@pytest.mark.parametrize(("lang", "turns", "first"), FOLLOW_UP_CONCEPTS)
def test_a_concept_question_in_a_thread_is_answered_first(
    catalog: Catalog, lang: str, turns: list[str], first: str
) -> None:
    lines = notes(catalog, lang, turns)
    assert lines, turns
    assert_answered_first(catalog, lang, lines[0], first)


CROWDED = [
    (
        "en",
        [
            "Parsing 2 million JSON files takes 50 min with Pool(4) on a 4-core VM.",
            "I raised it to 12 worker processes on the same 4 cores: 50 min -> 19 min. Why does that help?",
        ],
    ),
    (
        "fr",
        [
            "Le traitement de 800 000 images prend 40 min avec 8 processus sur 8 cœurs.",
            "Avec 32 processus sur les mêmes 8 cœurs : 40 min -> 17 min. Pourquoi ?",
        ],
    ),
    (
        "ru",
        [
            "Обработка архива идёт 60 мин: Pool(6) на 6 ядрах.",
            "Поставил 24 процесса на тех же 6 ядрах: 60 мин -> 25 мин. Почему стало быстрее?",
        ],
    ),
    (
        "ja",
        [
            "4 コアのマシンで 4 プロセスだと変換に 36 分かかります。",
            "同じ 4 コアで 16 プロセスにしたら 36 分 -> 14 分になりました。なぜですか？",
        ],
    ),
]


# ---------------------------------------------------------------- one reading per case
def readings(
    name: str, cases: list[Any], says: tuple[str, ...], not_says: tuple[str, ...] = ()
) -> list[Any]:
    """Each case of a table as (lang, turns, lines said, lines not said); `{kind}` in a key is
    the case's third field (the kind of output that changed)."""
    params = []
    for lang, text, *kind in cases:
        keys = tuple(key.format(kind=kind[0] if kind else "") for key in says)
        turns = [text] if isinstance(text, str) else text
        params.append(pytest.param(lang, turns, keys, not_says, id=f"{name}-{lang}"))
    return params


READINGS = [
    # U26: a faster run whose output changed is no win yet, and says what changed
    *readings(
        "faster-output-changed",
        CHANGED,
        ("measured_output_{kind}", "measured_output_faster"),
        ("reasoning_faster",),
    ),
    # U5: a first question asking why a change made it slower gets the why, no verdict
    *readings(
        "first-why-slower",
        SLOWER,
        ("measured_first_slower",),
        ("reasoning_fix_cost", "reasoning_slower", "reasoning_tradeoff"),
    ),
    # a low CPU beside parallel workers reads as waiting, not as a ratio reported
    *readings(
        "low-cpu-workers", IDLE, ("measured_low_cpu_workers",), ("reasoning_ratio_reported",)
    ),
    # more processes than cores that helped: the work waits on I/O
    *readings("more-workers-than-cores", CROWDED, ("measured_more_workers_than_cores",)),
]


@pytest.mark.parametrize(("lang", "turns", "says", "not_says"), READINGS)
def test_a_measured_follow_up_is_read_for_what_it_measured(
    catalog: Catalog, lang: str, turns: list[str], says: tuple[str, ...], not_says: tuple[str, ...]
) -> None:
    lines = notes(catalog, lang, turns)
    for key in says:
        assert said(catalog, lang, key, lines), (key, lines)
    for key in not_says:
        assert not said(catalog, lang, key, lines), (key, lines)
