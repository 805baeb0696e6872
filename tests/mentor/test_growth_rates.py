"""Growth given as a rate is compared as a rate (review13 W6 ko; brief followup14 item 3).

"grows about 40 MB a day; after 9 days 360 MB" was read "40 MB → 360 MB over 9 days": the rate
taken for a first reading. "300 MB a day", then "now 200 MB in 12 h" is 400 MB a day: faster,
whatever the smaller number says. Each growth is brought to a day and compared.
"""

from __future__ import annotations

import pytest

from bot.mentor.facts import ThreadMemory
from bot.mentor.i18n import Catalog
from bot.mentor.insight import read_turn
from bot.mentor.memory import remember
from bot.mentor.understanding import extract

ONE_MESSAGE = [
    ("en", "Our worker's RSS grows about 25 MB a day; after 8 days it sits 200 MB above where it started. Normal for a cache?"),
    ("de", "Der RSS unseres Dienstes wächst etwa 50 MB pro Tag; nach 6 Tagen liegt er 300 MB über dem Start. Ist das normal?"),
    ("fr", "La mémoire du worker grimpe d'environ 30 Mo par jour ; après 10 jours elle est 300 Mo au-dessus du départ. C'est normal ?"),
    ("ru", "Память сервиса растёт примерно на 60 МБ в день; через 5 дней она на 300 МБ выше старта. Это нормально?"),
]  # fmt: skip

TWO_TURNS = [
    ("en", "The API worker's memory grows about 300 MB a day.", "With the new cache limit it grew 200 MB in 12 hours. Better?", "measured_rate_faster"),
    ("de", "Der Speicher des Workers wächst etwa 300 MB pro Tag.", "Mit dem neuen Cache-Limit sind es 100 MB in 12 Stunden. Besser?", "measured_rate_slower"),
    ("ja", "ワーカーのメモリが1日あたり300MBずつ増えます。", "キャッシュに上限を付けたら、12時間で200MB増えました。良くなりましたか？", "measured_rate_faster"),
    ("pt", "A memória do worker cresce uns 300 MB por dia.", "Com o limite novo no cache cresceu 100 MB em 12 horas. Melhorou?", "measured_rate_slower"),
    ("es", "La memoria del worker crece unos 300 MB al día.", "Con el límite nuevo de la caché creció 200 MB en 12 horas. ¿Mejoró?", "measured_rate_faster"),
]  # fmt: skip


def fixed_words(catalog: Catalog, lang: str, key: str) -> str:
    """The longest fixed part of a message (what stays whatever the numbers are)."""
    blank = dict.fromkeys(("old", "new", "then", "now", "ratio"), "\0")
    return max(catalog.message(lang, key, **blank).split("\0"), key=len).strip()


def notes_of(lang: str, turns: list[str], catalog: Catalog) -> tuple[str, ...]:
    """The last turn's notes, the earlier turns remembered as the thread."""
    memory = ThreadMemory()
    for text in turns[:-1]:
        memory = remember(memory, extract(text), asked=text)
    return read_turn(
        turns[-1], code=None, report=None, memory=memory, language=lang, catalog=catalog
    ).notes


@pytest.mark.parametrize(("lang", "text"), ONE_MESSAGE)
def test_a_rate_and_a_reading_in_one_message_are_the_same_steady_growth(
    lang: str, text: str, catalog: Catalog
) -> None:
    """25 MB a day and 200 MB after 8 days: the same growth per day, no '25 MB → 200 MB'."""
    notes = notes_of(lang, [text], catalog)
    assert any(fixed_words(catalog, lang, "measured_rate_same") in n for n in notes), notes
    assert not any("→" in n for n in notes), notes


@pytest.mark.parametrize(("lang", "first", "second", "key"), TWO_TURNS)
def test_growth_over_other_periods_is_compared_per_day(
    lang: str, first: str, second: str, key: str, catalog: Catalog
) -> None:
    """300 MB a day, then 200 MB in 12 h: 400 MB a day is faster, not a smaller number."""
    notes = notes_of(lang, [first, second], catalog)
    assert any(fixed_words(catalog, lang, key) in n for n in notes), notes


def test_korean_readings_after_a_day_and_after_12_hours_are_compared_per_day(
    catalog: Catalog,
) -> None:
    """'하루가 지나면' and '12시간이 지났는데' are ages (review13 W6 ko): compared per day."""
    first = "Gunicorn 워커 메모리가 시작할 때 200MB인데 하루가 지나면 2.6GB가 됩니다."
    second = "max_requests=500으로 설정하고 12시간이 지났는데 지금 1.7GB예요. 나아졌나요?"
    notes = notes_of("ko", [first, second], catalog)
    blank = dict.fromkeys(
        ("old", "new", "old_days", "new_days", "start", "then", "now", "ratio"), "\0"
    )
    said = catalog.message("ko", "measured_growth_faster", **blank)
    assert any(max(said.split("\0"), key=len).strip() in n for n in notes), notes
