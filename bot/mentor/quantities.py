"""Numbers with units in a learner's message: parsed, normalized and labelled (p99, before...).

Bounded quantifiers and no nested repetition, so hostile input stays linear; at most
MAX_QUANTITIES numbers are read from one message.
"""

from __future__ import annotations

import re

from bot.mentor.facts import Quantity
from bot.mentor.judgement import PART, WHOLE, shares
from bot.mentor.lexicon import Lexicon, alternation, lexicon
from bot.mentor.unit_words import (
    BYTES,
    CONCURRENCY,
    MULTIPLIERS,
    RATES,
    RECORDS,
    SECONDS,
    TIME_UNITS,
)

MAX_QUANTITIES = 24
"""A message with more numbers than this is a paste, not a report: keep the first ones."""
LABEL_WINDOW = 28
"""Characters before a number searched for its label (p99, before, after...)."""

_NUMBER = r"(?<![0-9A-Za-z_.,])(?P<num>\d{1,12}(?:[.,]\d{1,12}){0,3})"
_CLOCK = re.compile(
    r"(?<![0-9A-Za-z_:.])(?P<h>\d{1,2}):(?P<m>[0-5]\d)(?::(?P<s>[0-5]\d))?(?![\w:])"
)
_PERCENTILE = re.compile(
    # not \b at the end: "p99가", "p99は" (a particle right after) are still the p99
    r"\b(p(?:50|75|90|95|99|999)|median|mediana|médiane|медиана|中央値|中位数)(?![0-9A-Za-z_])",
    re.I,
)


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


_QUANTITY = _unit_regex()
_UNIT_OF_TIME = {w.lower(): unit for unit, ws in TIME_UNITS.items() for w in ws}
_FILE_CUE = re.compile(
    r"file|dataset|csv|parquet|table|disk|arquivo|archivo|fichier|datei|tabelle|bestand"
    r"|plik|dosya|файл|ファイル|文件|파일"
    # what travels: a response, a payload, a message, an upload is the data's size, not memory
    r"|response|payload|body|json|upload|attachment|image|document|message"
    r"|resposta|respuesta|réponse|antwort|risposta|antwoord|odpowied|yanıt|ответ|відповід"
    r"|レスポンス|応答|响应|返回|응답|페이로드",
    re.I,
)
_DIGIT = re.compile(r"\d")
_SHAPE_NEXT = re.compile(r"[ \u00a0]{0,2}\d")
"""A digit right after an "x" or "×": the number was one side of a shape ("5000×5000")."""
_BARE_BEFORE = re.compile(
    r"(?<![0-9A-Za-z_.,])(?P<num>\d{1,12}(?:[.,]\d{1,12}){0,3})[ \u00a0]{0,3}"
    r"(?:->|→|=>|—|–|-|to|a|à|para|auf|zu|naar|do|до|на|から|到|에서"
    r"|降到|降至|减到|减少到|升到|增加到|涨到|变成|变为|'den|'dan|'ten|'tan)[ \u00a0]{0,3}$",
    re.I,
)
_RANGE = re.compile(r"[-–]")
"""A hyphen or en dash written tight between two numbers ("40-60 s") marks a range."""
_PERCENT_FIRST = re.compile(r"(?<![\w%])%(?P<num>\d{1,3}(?:[.,]\d{1,3})?)(?![\d%])")
_MEMORY_CUE = re.compile(
    r"rss|memory|ram\b|heap|memória|memoria|mémoire|speicher|geheugen|pamię|bellek|памят|пам'ят"
    r"|メモリ|内存|메모리",
    re.I,
)


def parse_number(raw: str) -> float:
    """'2,1' -> 2.1, '1,200' -> 1200, '1.234,5' -> 1234.5, '1 200' is two numbers upstream."""
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
    return float(raw)


def _label(text: str, start: int, lex: Lexicon) -> str:
    """p99 / before / after from the words just before position `start`."""
    window = text[max(0, start - LABEL_WINDOW) : start].lower()
    masked = _PERCENTILE.sub(lambda m: "p" * len(m.group(0)), window)
    last_digit = max((m.end() for m in _DIGIT.finditer(masked)), default=0)
    window = window[last_digit:]  # a label never reaches past an earlier number
    parts: list[str] = []
    percentile = None
    for match in _PERCENTILE.finditer(window):
        percentile = match.group(1).lower()
    if percentile:
        parts.append("p50" if percentile.startswith(("med", "中")) else percentile)
    tail = window[-14:]
    if lex.instead.search(tail):
        # "now 0.4 s instead of 2.1 s" reports a change; "take 1 s instead of 0.2 s" (no
        # change named) compares what was observed with what was expected.
        parts.append("before" if lex.after.search(_sentence(text, start)) else "expected")
    elif "->" in tail or "→" in tail or "=>" in tail:
        parts.append("after")
    else:
        cues = {
            tag: max((m.end() for m in found.finditer(window)), default=-1)
            for tag, found in (
                ("before", lex.before),
                ("after", lex.after),
                ("goal", lex.goal),
                ("control", lex.control),
            )
        }
        tag, at = max(cues.items(), key=lambda item: item[1])
        if at >= 0 and list(cues.values()).count(at) == 1:
            parts.append(tag)
    return " ".join(parts)


LEADING_CHARS = 30
"""How far into its sentence a leading 'Before the change,' / 'After the change,' is read."""


def _leading_side(text: str, start: int, lex: Lexicon) -> list[str]:
    """'Before the change, the export took 14 min': the sentence opens with its side."""
    head = text[max(0, start - 200) : start]
    cut = max(head.rfind(c) for c in ".?!。？！\n")
    opening = head[cut + 1 :].lstrip()[:LEADING_CHARS].lower()
    before, after = lex.before.search(opening), lex.after.search(opening)
    if bool(before) == bool(after):
        return []
    return ["before" if before else "after"]


def _sentence(text: str, start: int) -> str:
    """The sentence around `start` (bounded), lowercased."""
    head = text[max(0, start - 200) : start]
    cut = max(head.rfind(c) for c in ".?!。？！\n")
    if cut >= 0 and not head[cut + 1 : cut + 2].isdigit():
        head = head[cut + 1 :]
    rest = text[start : start + 200]
    ends = [i for i in (rest.find(c, 1) for c in "?!。？！\n") if i > 0]
    return (head + rest[: min(ends, default=len(rest))]).lower()


def _load(text: str, start: int, lex: Lexicon) -> bool:
    """'at 200 rps', 'under 50 rps': the rate a measurement was taken at."""
    return bool(lex.load_cue.search(text[max(0, start - 8) : start].lower()))


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


def _time_kind(seconds: float, label: str) -> str:
    if label.startswith("p") or seconds < 60:
        return "latency"
    return "duration"


def _quantity(match: re.Match[str], text: str, lex: Lexicon) -> Quantity | None:
    try:
        number = parse_number(match.group("num"))
    except ValueError:
        return None
    mult_word = (match.group("mult") or "").lower()
    written = match.group(0).strip()
    label = _label(text, match.start(), lex)
    sided = bool({"before", "after", "goal"} & set(label.split()))
    if not sided and lex.goal_after.match(text, match.end()):  # "200 ms altında", "300 ms 이하"
        label = f"{label} goal".strip()
    if match.group("time"):
        unit = _UNIT_OF_TIME.get(match.group("time").lower(), "s")
        seconds = number * SECONDS[unit]
        return Quantity(_time_kind(seconds, label), seconds, "s", written, label)
    if match.group("bytes"):
        size = number * BYTES[match.group("bytes").lower()]
        items = _PER_ITEMS.match(text, match.end())
        if items is not None:  # "+50 MB per 5000 requests": what each request leaves behind
            count = parse_number(items.group("num")) * MULTIPLIERS.get(
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
        and _load(text, match.start(), lex)
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


def quantities(text: str, lex: Lexicon | None = None) -> tuple[Quantity, ...]:
    """Every number-with-unit in `text`, in order (clock times like 3:40 are durations)."""
    lex = lex or lexicon()
    # Turkish writes the percent sign first ("%95"): same length, so positions hold.
    text = _PERCENT_FIRST.sub(r"\g<num>%", text)
    found: list[tuple[int, Quantity]] = []
    for match in _QUANTITY.finditer(text):
        quantity = _quantity(match, text, lex)
        if quantity is None:
            continue
        bare = _BARE_BEFORE.search(text, max(0, match.start() - 32), match.start())
        if bare is not None and _RANGE.fullmatch(text, bare.end("num"), match.start()):
            bare = None  # "40-60 s", "3–4 requests": a range observed, not a change
            # ... nor a number a later turn is compared with ("10-15 min" of delay, then
            # "tasks run 8 min" is another quantity, not 1.9x faster).
            label = f"{quantity.label} {RANGE}".strip()
            quantity = Quantity(quantity.kind, quantity.value, quantity.unit, quantity.text, label)
        if bare is not None and quantity.kind != "ratio":
            # "800 -> 950 ms", "from 2 to 0.4 s": the first number shares the unit.
            scale = quantity.value / (parse_number(match.group("num")) or 1.0)
            pct = " ".join(w for w in quantity.label.split() if w not in ("before", "after"))
            label = _label(text, bare.start(), lex) or pct
            first = Quantity(
                quantity.kind,
                parse_number(bare.group("num")) * scale,
                quantity.unit,
                bare.group("num"),
                _with_side(Quantity("", 0, "", "", label), "before").label,
            )
            found.append((bare.start(), first))
            if pct and not any(w.startswith("p") for w in quantity.label.split()):
                quantity = Quantity(
                    quantity.kind, quantity.value, quantity.unit, quantity.text, pct
                )
            elif not pct and first.label != "before":
                shared = first.label.replace("before", "").strip()
                quantity = Quantity(
                    quantity.kind, quantity.value, quantity.unit, quantity.text, shared
                )
            quantity = _with_side(quantity, "after")
        found.append((match.start(), quantity))
        if len(found) >= MAX_QUANTITIES:
            break
    for match in _CLOCK.finditer(text):
        if len(found) >= MAX_QUANTITIES:
            break
        if match.group("s"):
            seconds = int(match["h"]) * 3600 + int(match["m"]) * 60 + int(match["s"])
        else:
            seconds = int(match["h"]) * 60 + int(match["m"])
        label = _label(text, match.start(), lex)
        found.append((match.start(), Quantity("duration", float(seconds), "s", match[0], label)))
    found.sort(key=lambda item: item[0])
    found = _compound_durations(text, found)
    paired = shares(text, found, _pair_labels(_transitions(text, found, lex)))
    return tuple(_leading(text, at, q, lex) for (at, _), q in zip(found, paired, strict=True))


_JOINER = re.compile(r"[ \u00a0,]{0,2}(?:(?:and|und|et|e|y|i|ve|и|і|та)[ \u00a0]{1,2})?")


def _compound_durations(text: str, found: list[tuple[int, Quantity]]) -> list[tuple[int, Quantity]]:
    """One duration written in two units is one number: "5 minutos 40 s", "1 h 20 min"."""
    out: list[tuple[int, Quantity]] = []
    for at, q in found:
        if out:
            before_at, before = out[-1]
            end = before_at + len(before.text)
            joined = _JOINER.fullmatch(text, end, at) is not None
            whole = 3600.0 if before.value % 3600 == 0 else 60.0
            if (
                joined
                and before.unit == q.unit == "s"
                and before.value >= whole
                and before.value % whole == 0
                and 0 < q.value < whole
                and not q.label
            ):
                value = before.value + q.value
                written = text[before_at : at + len(q.text)]
                kind = _time_kind(value, before.label)
                out[-1] = (before_at, Quantity(kind, value, "s", written, before.label))
                continue
        out.append((at, q))
    return out


def _leading(text: str, start: int, q: Quantity, lex: Lexicon) -> Quantity:
    """'Before the change, the export took 14 min': a lone number takes its sentence's side."""
    if q.label.split() or not measured(q):
        return q
    side = _leading_side(text, start, lex)
    return _with_side(q, side[0]) if side else q


def _transitions(
    text: str, found: list[tuple[int, Quantity]], lex: Lexicon
) -> tuple[Quantity, ...]:
    """'from 2,1 s to 800 ms', '2,1 s para 800ms': neighbours joined by 'to' are before/after."""
    items = [q for _, q in found]
    for i in range(len(items) - 1):
        first, second = items[i], items[i + 1]
        # "from 1% to 6%", "1.6x -> 5.9x": shares and speed-ups pair like any measurement
        same = first.unit == second.unit
        if not same or _side(first.label) or _side(second.label):
            continue
        if not (measured(first) and measured(second)):
            continue
        if _metric(second.label) and _metric(second.label) != _metric(first.label):
            continue
        between = text[found[i][0] + len(first.text) : found[i + 1][0]]
        if len(between) <= 40 and lex.to.search(between.lower()):
            items[i] = _with_side(first, "before")
            items[i + 1] = _with_side(second, "after")
    return tuple(items)


def _pair_labels(items: tuple[Quantity, ...]) -> tuple[Quantity, ...]:
    """Two numbers of one kind where only one is labelled: the other is its counterpart."""
    out = list(items)
    for kind in {q.kind for q in items}:
        same = [i for i, q in enumerate(out) if q.kind == kind and measured(q)]
        if len(same) != 2:
            continue
        first, second = (out[i] for i in same)
        sides = [_side(first.label), _side(second.label)]
        metrics = [_metric(first.label), _metric(second.label)]
        # "before, p95 was 1.2 s ... now 300 ms": a later bare number continues the labelled
        # one; otherwise the metrics must agree (a 300 ms loop hold is not the p99's twin)
        if metrics[0] != metrics[1] and not (sides == ["before", ""] and not metrics[1]):
            continue
        if sides == ["", "after"]:
            out[same[0]] = _with_side(first, "before")
        elif sides == ["before", ""]:
            out[same[1]] = _with_side(second, "after")
        elif sides in (["after", "before"], ["", "before"]):
            out[same[0]] = _with_side(first, "after")
    return tuple(out)


BASELINE_KINDS = frozenset({"latency", "duration", "throughput", "memory"})
RANGE = "range"
"""Label word of a number written as the end of a range ("10-15 min")."""
NOT_MEASURED = frozenset({"goal", "control", "expected", PART, WHOLE})
"""Labels of numbers that are not a measurement of this run: a target, a load held
constant, what the learner expected, a share of a total (read as a share, never paired)."""


def measured(q: Quantity) -> bool:
    """A number the learner measured (not a goal, a control, an expectation or a bare load)."""
    words = set(q.label.split())
    if words & NOT_MEASURED:
        return False
    return "load" not in words or bool(_side(q.label))


def _metric(label: str) -> str:
    """The label's metric words (p99, load...), without the before/after side."""
    return " ".join(w for w in label.split() if w not in ("before", "after"))


def _side(label: str) -> str:
    words = label.split()
    return "before" if "before" in words else "after" if "after" in words else ""


def _with_side(q: Quantity, side: str) -> Quantity:
    words = [w for w in q.label.split() if w not in ("before", "after")]
    return Quantity(q.kind, q.value, q.unit, q.text, " ".join([*words, side]))
