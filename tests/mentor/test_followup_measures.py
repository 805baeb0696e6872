"""A follow-up pairs a before and an after only when they measure the same thing (review10).

A setting the learner configures (a cache TTL, a timeout) is no measurement; another operation's
time (the merge after the groupby, a COUNT query inside the page) is not the thread's number
measured again; what a profile or a log shows is a finding, not the result of a change; a part
"of it" is a share; the learner's own arrow ("95 s -> 52 s") is a before and an after; around
unchanged code, the message's own two runs are compared with each other (T2 T9 T13 T16 T35).
"""

from __future__ import annotations

import pytest

from bot.app import App
from bot.mentor.facts import ThreadMemory
from bot.mentor.i18n import Catalog
from bot.mentor.memory import remember
from bot.mentor.models import MentorRequest
from bot.mentor.number_roles import role
from bot.mentor.quantities import quantities
from bot.mentor.reasoning import evidence_notes
from bot.mentor.understanding import extract


def notes(catalog: Catalog, lang: str, turns: list[str]) -> str:
    """The evidence lines of the last turn, the earlier turns remembered as the thread's."""
    memory = ThreadMemory()
    for text in turns[:-1]:
        memory = remember(memory, extract(text, language=lang), asked=text)
    last = turns[-1]
    return "\n".join(evidence_notes(extract(last, language=lang), memory, lang, catalog, last))


def assert_no_verdict(catalog: Catalog, lang: str, text: str) -> None:
    """No ratio verdict at all: neither "faster", "worse", "noise" nor "revert it"."""
    since = catalog.message(lang, "reasoning_since_earlier", earlier="X").split("X")[0]
    assert since.strip() not in text, text
    assert "→" not in text, text


@pytest.mark.parametrize(
    ("lang", "turns"),
    [
        (
            "ru",
            [
                "Поиск в Elasticsearch занимает 700 мс, а p99 эндпоинта 900 мс.",
                "Я добавил кеш в Redis с TTL 60 с; теперь p50 80 мс.",
                "Попадание в кеш 62%. Стоит ли увеличить TTL до 10 минут?",
            ],
        ),
        (
            "en",
            [
                "Our API calls a slow partner service; each call takes 1.2 s.",
                "I set a client timeout of 5 s and added retries.",
                "Should I raise the timeout to 30 s?",
            ],
        ),
        (
            "de",
            [
                "Der Export dauert 40 s.",
                "Ich habe den Cache mit einer Ablaufzeit von 60 s eingebaut.",
                "Soll ich das Timeout auf 2 Minuten erhöhen?",
            ],
        ),
        (
            "ja",
            [
                "APIの応答に800 msかかります。",
                "Redisキャッシュを追加して、TTLを60秒に設定しました。",
                "TTLを10分に延ばすべきですか？",
            ],
        ),
        (
            "zh",
            [
                "接口响应需要 800 ms。",
                "我加了 Redis 缓存，过期时间设为 60 秒。",
                "要不要把过期时间调到 10 分钟？",
            ],
        ),
    ],
)
def test_a_setting_raised_is_no_measurement_made_worse(
    catalog: Catalog, lang: str, turns: list[str]
) -> None:
    """'Raise the TTL from 60 s to 10 min?' is a setting, never '900% worse, revert it' (T13)."""
    text = notes(catalog, lang, turns)
    assert "900" not in text
    assert "1:00 min" not in text
    assert_no_verdict(catalog, lang, text)


@pytest.mark.parametrize(
    ("lang", "turns"),
    [
        (
            "en",
            [
                "My pandas groupby over 40 M rows takes 12 s.",
                "I converted the key to category: groupby is now 3 s.",
                "Now the merge after the groupby takes 30 s, it's the new bottleneck.",
            ],
        ),
        (
            "pt",
            [
                "Meu groupby no pandas com 40 milhões de linhas leva 12 s.",
                "Converti a chave para category: o groupby agora leva 3 s.",
                "Agora o merge depois do groupby leva 30 s, virou o gargalo.",
            ],
        ),
        (
            "ko",
            [
                "pandas groupby가 12초 걸립니다.",
                "키를 category로 바꿨더니 groupby가 3초가 됐습니다.",
                "이제 groupby 뒤의 merge가 30초 걸립니다.",
            ],
        ),
        (
            "en",
            [
                "Our Django admin changelist for Orders takes 6.5 s to load with 50 rows per page.",
                "django-debug-toolbar shows 53 queries, 1 of them is SELECT COUNT(*) taking 4.9 s.",
            ],
        ),
        (
            "fr",
            [
                "La page d'admin Django des commandes met 6,5 s à charger.",
                "django-debug-toolbar montre 53 requêtes, dont un SELECT COUNT(*) de 4,9 s.",
            ],
        ),
    ],
)
def test_another_operations_time_is_not_the_threads_number_measured_again(
    catalog: Catalog, lang: str, turns: list[str]
) -> None:
    """The merge's 30 s after the groupby's 3 s, a COUNT's 4.9 s in the page: no verdict (T13, T35)."""
    assert_no_verdict(catalog, lang, notes(catalog, lang, turns))


@pytest.mark.parametrize(
    ("lang", "turns"),
    [
        (
            "en",
            [
                "My Flask endpoint /report takes 4.2 s; it builds 30,000 dicts and json.dumps them.",
                "I profiled with cProfile: most of it is in the ORM loading, json.dumps is only 0.4 s.",
            ],
        ),
        (
            "pl",
            [
                "Serwis ma skoki latencji do 3 s co kilka minut.",
                "Skoki pokrywają się z pełnym odśmiecaniem (gc generation 2), trwa 2,6 s.",
            ],
        ),
        (
            "es",
            [
                "Mi consumidor asyncio procesa 5.000 mensajes por segundo y el bucle se bloquea 2 ms.",
                'Activé loop.set_debug(True) y veo avisos "Executing <Task> took 0.350 seconds".',
            ],
        ),
        (
            "it",
            [
                "La pagina impiega 2 s a caricarsi.",
                "Dal profiler vedo che json.dumps richiede 0,3 s.",
            ],
        ),
    ],
)
def test_what_a_profile_or_a_log_shows_is_a_finding_not_a_changes_result(
    catalog: Catalog, lang: str, turns: list[str]
) -> None:
    """'json.dumps is only 0.4 s', a GC pause of 2.6 s, a debug warning: no 'the change worked' (T9, T13)."""
    assert_no_verdict(catalog, lang, notes(catalog, lang, turns))


def test_a_change_of_the_whole_is_read_against_the_whole_not_against_a_part(
    catalog: Catalog,
) -> None:
    """After a 0.4 s part, 'now the endpoint is 4.0 s' is 4.2 -> 4.0 s, too small (T9)."""
    text = notes(
        catalog,
        "en",
        [
            "My Flask endpoint /report takes 4.2 s; it builds 30,000 dicts and json.dumps them.",
            "I profiled with cProfile: most of it is in the ORM loading, json.dumps is only 0.4 s.",
            "I switched to session.execute(select(...)).mappings(); now the endpoint is 4.0 s.",
        ],
    )
    assert "4.2 s → 4 s" in text
    assert "900%" not in text
    assert "Revert" not in text


def test_the_pages_time_after_a_setting_is_read_against_the_page_not_the_count(
    catalog: Catalog,
) -> None:
    """'still 5.8 s' after the COUNT's 4.9 s is the page's 6.5 s -> 5.8 s, not 18% worse (T35)."""
    text = notes(
        catalog,
        "en",
        [
            "Our Django admin changelist for Orders takes 6.5 s to load with 50 rows per page.",
            "django-debug-toolbar shows 53 queries, 1 of them is SELECT COUNT(*) taking 4.9 s.",
            "I set show_full_result_count = False; still 5.8 s.",
        ],
    )
    assert "6.5 s → 5.8 s" in text
    assert "4.9 s" not in text
    assert "Revert" not in text


@pytest.mark.parametrize(
    ("lang", "last", "share"),
    [
        (
            "en",
            "Now the remaining 0.9 s: 0.6 s of it is 50 queries for the customer's name.",
            "67%",
        ),
        ("de", "Von den übrigen 0,9 s sind 0,6 s davon 50 Abfragen für den Kundennamen.", "67"),
        ("ru", "Осталось 0,9 с: из них 0,6 с уходит на 50 запросов имени клиента.", "67"),
        ("zh", "剩下的 0.9 s 里，其中 0.6 s 是 50 次查询客户名。", "67"),
    ],
)
def test_a_part_of_it_is_a_share_of_the_total_just_named(
    catalog: Catalog, lang: str, last: str, share: str
) -> None:
    """'0.6 s of it' after 'the remaining 0.9 s' is 67% of it, not '1.5x faster' (T35)."""
    text = notes(catalog, lang, ["The admin page takes 0.9 s now.", last])
    assert share in text
    assert "1.5x" not in text


@pytest.mark.parametrize(
    ("lang", "text", "before", "after"),
    [
        ("en", "I switched to csv.reader with indices: 95 s -> 52 s.", 95.0, 52.0),
        ("de", "Mit orjson: 800 ms -> 120 ms pro Anfrage.", 0.8, 0.12),
        ("pt", "Troquei para orjson: 3,2 s -> 1,1 s.", 3.2, 1.1),
        ("ja", "orjsonに変えた: 95 s -> 52 s。", 95.0, 52.0),
    ],
)
def test_an_ascii_arrow_is_the_learners_before_and_after(
    lang: str, text: str, before: float, after: float
) -> None:
    """'95 s -> 52 s' is a before and an after, like '→' (T16)."""
    timed = [q for q in quantities(text, language=lang) if q.unit == "s"]
    assert [(q.value, q.label.split()[-1]) for q in timed] == [
        (pytest.approx(before), "before"),
        (pytest.approx(after), "after"),
    ]


def test_an_ascii_arrow_in_a_follow_up_is_the_gain_not_noise(catalog: Catalog) -> None:
    """'95 s -> 52 s' after '95 s' is 1.8x faster, never '1:35 min → 1:35 min: noise' (T16)."""
    text = notes(
        catalog,
        "en",
        [
            "My script parses 2 million CSV rows with csv.DictReader and takes 95 s.",
            "I switched to csv.reader with indices: 95 s -> 52 s. The profile shows strptime.",
        ],
    )
    assert "1.8x faster" in text
    assert "noise" not in text


def ask(text: str, thread: str) -> MentorRequest:
    return MentorRequest(platform="console", user="u", text=text, thread=thread)


@pytest.mark.parametrize(
    ("turns", "pair", "old"),
    [
        (
            [
                "Meu script de fuzzy matching leva 38 s com difflib.",
                "Usei rapidfuzz e caiu para 0,9 s. Mas em produção leva 6 s. O código é o mesmo.",
            ],
            "900 ms → 6 s",
            "38 s →",
        ),
        (
            [
                "Pandas betiğim 95 s sürüyor.",
                "Aynı betik dizüstü bilgisayarda 41 s, sunucuda 140 s sürüyor.",
            ],
            "41 s → 2:20 min",
            "1:35 min →",
        ),
    ],
)
async def test_around_unchanged_code_the_messages_own_two_runs_are_compared(
    app: App, turns: list[str], pair: str, old: str
) -> None:
    """'0.9 s here, 6 s in production, same code': 0.9 vs 6 s, not the old 38 s (T9, T13)."""
    reply = None
    for text in turns:
        reply = await app.mentor.handle(ask(text, thread=f"own-{len(turns[0])}"))
    assert reply is not None
    assert pair in reply.text
    assert old not in reply.text


async def test_a_region_move_with_no_code_change_is_no_revert(app: App) -> None:
    """'Nothing changed in the code … the DB server was moved to another region': no revert (T9)."""
    for text in [
        "My Flask endpoint /report takes 4.2 s; it builds 30,000 dicts and json.dumps them.",
        "I switched to session.execute(select(...)).mappings(); now the endpoint is 4.0 s.",
    ]:
        await app.mentor.handle(ask(text, thread="region"))
    reply = await app.mentor.handle(
        ask(
            "Actually nothing changed in the code yesterday but today it's 9 s on the same "
            "data: the DB server was moved to another region.",
            thread="region",
        )
    )
    assert "Revert" not in reply.text
    assert "refute" not in reply.text


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("uk", "json.dumps займає 120 мс на відповідь, а orjson.dumps 18 мс."),
        ("en", "json.dumps takes 120 ms per response, and orjson.dumps takes 18 ms."),
        ("es", "json.dumps tarda 120 ms por respuesta, y orjson.dumps 18 ms."),
        ("zh", "每个响应 json.dumps 要 120 ms，而 orjson.dumps 18 ms。"),
    ],
)
def test_two_named_variants_measured_side_by_side_are_no_change(
    catalog: Catalog, lang: str, text: str
) -> None:
    """'json.dumps 120 ms, orjson.dumps 18 ms' compares two variants: no 'the change worked' (T2)."""
    said = notes(catalog, lang, [text])
    worked = catalog.message(
        lang, "reasoning_faster", label="", before="", after="", ratio="", pct=""
    )
    assert worked[-25:] not in said
    assert "6.7" in said


def test_one_verdict_per_measure_when_a_turn_names_its_before_again(catalog: Catalog) -> None:
    """'json.dumps took 120 ms, orjson.dumps 18 ms' after 120 ms: one verdict, 120 -> 18 ms."""
    said = notes(
        catalog,
        "en",
        [
            "My API takes 120 ms.",
            "I replaced json.dumps with orjson.dumps: json.dumps took 120 ms, orjson.dumps 18 ms.",
        ],
    )
    assert "6.7x faster" in said
    assert "noise" not in said


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("fr", "Avec un set Python le processus prend 11 Go de RAM et ma machine a 8 Go."),
        ("de", "Mit einem Python-Set braucht der Prozess 11 GB RAM und meine Maschine hat 8 GB."),
        ("zh", "用 Python set 进程要占 11 GB 内存，而机器只有 8 GB。"),
        ("it", "Con un set Python il processo usa 11 GB di RAM e la mia macchina ha 8 GB."),
    ],
)
def test_the_machines_memory_is_its_capacity_not_an_after(
    catalog: Catalog, lang: str, text: str
) -> None:
    """'11 Go de RAM et ma machine a 8 Go' is a process over its machine, not '27% less' (T12)."""
    said = notes(catalog, lang, [text])
    assert "→" not in said
    assert "27" not in said


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "I set a cache TTL of 60 s."),
        ("ru", "Я добавил кеш в Redis с TTL 60 с."),
        ("ja", "TTLを60秒に設定しました。"),
        ("de", "Das Timeout steht auf 30 s."),
    ],
)
def test_a_setting_is_held_never_a_result(lang: str, text: str) -> None:
    """A TTL or a timeout is a value the learner sets: held, never a before or an after (T13)."""
    (setting,) = [q for q in quantities(text, language=lang) if q.unit == "s"]
    assert role(setting) == "held"
