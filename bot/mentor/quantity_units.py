"""One number and its unit in a learner's message: parsed, normalized to seconds, bytes, /s.

"2,1 s", "1.200 ms", "30 MB per hour", "5000 tasks per minute", "3x": the value, its kind
(latency, duration, memory, size, throughput, ratio, concurrency) and the words written.
"""

from __future__ import annotations

import re

from bot.mentor.facts import Quantity
from bot.mentor.lexicon import Lexicon, alternation
from bot.mentor.quantity_labels import at_load, label_of
from bot.mentor.unit_words import (
    BYTES,
    CONCURRENCY,
    MULTIPLIERS,
    RATES,
    RECORDS,
    SECONDS,
    TIME_UNITS,
)

_NUMBER = r"(?<![0-9A-Za-z_.,])(?P<num>\d{1,12}(?:[.,]\d{1,12}){0,3})"


def _unit_regex() -> re.Pattern[str]:
    time_words = [w for ws in TIME_UNITS.values() for w in ws]
    byte_words = list(BYTES)
    mult_words = [m for m in MULTIPLIERS if m]
    return re.compile(
        _NUMBER
        + r"(?:[ \u00a0]|-(?=core|cpu|thread|worker))?(?:(?P<bytes>"
        + alternation(byte_words)
        + r")"
        + r"|(?P<time>"
        + alternation(time_words)
        + r")"
        + r"|(?P<ratio>[x×倍])"
        + r"|(?P<pct>%|％|percent|por cento|por ciento|pour cent|prozent|per cento|procent"
        + r"|yüzde|процент|відсот)"
        + r"|(?P<mult>"
        + alternation(mult_words)
        + r")?\.?[ \u00a0]?"
        + r"(?:(?P<rate>"
        + alternation(RATES)
        + r")"
        + r"|(?P<conc>"
        + alternation(CONCURRENCY)
        + r")"
        + r"|(?P<rec>"
        + alternation(RECORDS)
        + r")))"
        + r"(?![a-zA-Zа-яА-ЯёЁіІїЇєЄ])",
        re.I,
    )


QUANTITY = _unit_regex()
_UNIT_OF_TIME = {w.lower(): unit for unit, ws in TIME_UNITS.items() for w in ws}
_FILE_CUE = re.compile(
    # not inside "profile"/"profiler", "プロファイル", "프로파일", "профайлер" (review12 V21: a
    # profile's peak memory was read as a file's size, then as an input size for growth)
    r"(?<!pro)file|dataset|csv|parquet|table|disk|arquivo|archivo|fichier|datei|tabelle|bestand"
    r"|plik|dosya|(?<!про)файл|(?<!プロ)ファイル|文件|(?<!프로)파일"
    # what travels: a response, a payload, a message, an upload is the data's size, not memory
    r"|response|payload|body|json|upload|attachment|image|document|message"
    r"|resposta|respuesta|réponse|antwort|risposta|antwoord|odpowied|yanıt|ответ|відповід"
    r"|レスポンス|応答|响应|返回|응답|페이로드",
    re.I,
)
_SHAPE_NEXT = re.compile(r"[ \u00a0]{0,2}\d")
"""A digit right after an "x" or "×": the number was one side of a shape ("5000×5000")."""
_MEMORY_CUE = re.compile(
    r"rss|memory|ram\b|heap|memória|memoria|mémoire|speicher|geheugen|pamię|bellek|памят|пам'ят"
    r"|メモリ|内存|메모리"
    # a peak is what a run used, never the data it read
    r"|\bpeak|\bpico\b|spitze|\bpic\b|picco|\bpiek|szczyt|\btepe|\bпик|\bпік|ピーク|峰值|피크"
    r"|tracemalloc|memray",
    re.I,
)


COMMA_DECIMAL = frozenset({"pt", "es", "fr", "de", "it", "nl", "pl", "tr", "ru", "uk"})
"""Languages that write the decimal comma: there "1.000 tarefas" is a thousand, not one."""
_SPACE_GROUPS = re.compile(r"(?<![\w.,])\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d.,])")
"""'1 000 tâches', '12 500 строк': thousands grouped by spaces (fr, ru, uk, pl...)."""


def grouped_by_spaces(text: str, language: str) -> str:
    """`text` with "1 000" written "1.000" in a decimal-comma language, unchanged elsewhere.

    Same length, so the position of every number in the text holds.
    """
    if language not in COMMA_DECIMAL:
        return text
    return _SPACE_GROUPS.sub(lambda m: re.sub(r"[ \u00a0\u202f]", ".", m.group(0)), text)


def parse_number(raw: str, language: str = "") -> float:
    """'2,1' -> 2.1, '1,200' -> 1200, '1.234,5' -> 1234.5, '1 200' is two numbers upstream.

    In a decimal-comma `language` a dot before three digits groups thousands: "1.000" is 1000
    (pt, es, de, it, nl, tr...); in English "1.000" stays 1.0.
    """
    if "," in raw and "." in raw:
        decimal = "," if raw.rfind(",") > raw.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        return float(raw.replace(thousands, "").replace(decimal, "."))
    if raw.count(",") > 1 or raw.count(".") > 1:
        return float(raw.replace(",", "").replace(".", ""))
    if "," in raw:
        head, tail = raw.split(",")
        if len(tail) == 3 and head != "0":
            return float(head + tail)  # 1,200 req/s
        return float(head + "." + tail)  # 2,1 s
    if "." in raw and language in COMMA_DECIMAL:
        head, tail = raw.split(".")
        if len(tail) == 3 and head != "0":
            return float(head + tail)  # 1.000 tarefas, p99 1.200 ms
    return float(raw)


_PER_TIME = re.compile(
    r"[ \u00a0]{0,2}(?:/|per |pro |por |par |al |all'|a |à |в |за |na |на |an |in an |a an )"
    r"[ \u00a0]{0,2}"
    r"(?P<unit>seconds|second|sec|segundo|seconde|sekunde|secondo|sekundę|секунду|s"
    r"|minutes|minute|minuto|minuut|minutę|минуту|хвилину|min"
    r"|hours|hour|hora|heure|stunde|ora|uur|godzinę|час|годину|h|hr)(?![\w])",
    re.I,
)

_PER_ITEMS = re.compile(
    r"[ \u00a0]{0,2}(?:per|every|each|pro|por|par|ogni|elke|na|каждые|на|кожні|每)[ \u00a0]{1,2}"
    r"(?P<num>\d{1,9}(?:[.,]\d{1,3}){0,2})(?P<mult>k|m|)[ \u00a0]{0,2}(?P<noun>[^\W\d]{2,30})",
    re.I,
)


_PER_TIME_BEFORE = re.compile(
    # Turkish, Japanese, Chinese and Korean say "per hour" before the number
    r"(?:(?P<h>saatte|saatlik|1時間に|1時間あたり|時間あたり|毎時|每小时|每个小时|시간당)"
    r"|(?P<m>dakikada|1分間に|毎分|每分钟|분당)|(?P<s>saniyede|1秒間に|毎秒|每秒|초당))"
    r"[ \u00a0]{0,2}(?:\w{0,4}[ \u00a0]{1,2})?$"
)


def per_time(text: str, end: int, start: int = -1) -> tuple[float, int]:
    """Seconds of the 'per minute' / 'в час' right after `end` and where it ends; (0, end).

    With `start`, a per-time word just before the number counts too ("saatte 30 MB").
    """
    match = _PER_TIME.match(text, end)
    if match is None:
        ahead = _PER_TIME_BEFORE.search(text[max(0, start - 16) : start]) if start > 0 else None
        if ahead is not None:
            return (3600.0 if ahead["h"] else 60.0 if ahead["m"] else 1.0), end
        return 0.0, end
    word = match.group("unit").lower()
    if word.startswith(("s", "с")):
        return 1.0, match.end()
    if word.startswith(("min", "мин", "хв")):
        return 60.0, match.end()
    return 3600.0, match.end()


def time_kind(seconds: float, label: str) -> str:
    """A time under a minute (or a percentile) is a latency; a longer one a duration."""
    if label.startswith("p") or seconds < 60:
        return "latency"
    return "duration"


def read_quantity(
    match: re.Match[str], text: str, lex: Lexicon, language: str = ""
) -> Quantity | None:
    """The number `match` found in `text`, with its unit, kind and label; None if unreadable."""
    try:
        number = parse_number(match.group("num"), language)
    except ValueError:
        return None
    mult_word = (match.group("mult") or "").lower()
    written = match.group(0).strip()
    label = label_of(text, match.start(), lex)
    sided = bool({"before", "after", "goal"} & set(label.split()))
    if not sided and lex.goal_after.match(text, match.end()):  # "200 ms altında", "300 ms 이하"
        label = f"{label} goal".strip()
    if match.group("time"):
        unit = _UNIT_OF_TIME.get(match.group("time").lower(), "s")
        seconds = number * SECONDS[unit]
        return Quantity(time_kind(seconds, label), seconds, "s", written, label)
    if match.group("bytes"):
        size = number * BYTES[match.group("bytes").lower()]
        items = _PER_ITEMS.match(text, match.end())
        if items is not None:  # "+50 MB per 5000 requests": what each request leaves behind
            count = parse_number(items.group("num"), language) * MULTIPLIERS.get(
                items.group("mult").lower(), 1.0
            )
            if count > 0:
                written = f"{text[match.start() : items.end()]}".strip()
                return Quantity("memory", size / count, "B/item", written, label)
        every, end = per_time(text, match.end(), match.start())
        if every:  # "30 MB per hour": a growth rate, compared only with rates
            return Quantity("memory", size / every, "B/s", text[match.start() : end], label)
        near = text[max(0, match.start() - 40) : match.end() + 20]
        kind = "size" if _FILE_CUE.search(near) and not _MEMORY_CUE.search(near) else "memory"
        return Quantity(kind, size, "B", written, label)
    scaled = number * MULTIPLIERS.get(mult_word, 1.0)
    every, end = (
        per_time(text, match.end()) if match.group("conc") or match.group("rec") else (0.0, 0)
    )
    if every:  # "5000 tasks per minute" is a rate
        return Quantity("throughput", scaled / every, "/s", text[match.start() : end], label)
    if (
        (match.group("rate") or match.group("conc"))
        and not label
        and at_load(text, match.start(), lex)
    ):
        label = "load"
    if match.group("rate"):
        return Quantity("throughput", scaled, "/s", written, label)
    if match.group("ratio"):
        if _SHAPE_NEXT.match(text, match.end()):
            return None  # "5000×5000", "1920x1080": a shape or a size, not a speed-up
        return Quantity("ratio", number, "x", written, label)
    if match.group("pct"):
        return Quantity("ratio", number, "%", written, label)
    if match.group("conc"):
        return Quantity("concurrency", scaled, "", written, label)
    return Quantity("size", scaled, "", written, label)
