"""What a number measures: the operation its clause names, a setting, a part of a total.

Two numbers are a before and an after only when they measure the same thing. Pairing them by
unit alone read a cache TTL raised from 60 s to 10 min as "900% worse, revert it", the merge's
30 s after the groupby's 12 s as a regression, and a COUNT query's 4.9 s as the page's new
time. Each number gets what its clause names (`of`: code names such as `json.dumps`,
`COUNT(*)`, `groupby`, or an operation noun: the merge, the page, the query) and whether its
message reports a change of the learner's own (`changed`); bot/mentor/reasoning_verdicts.py
pairs a later turn's number with an earlier one only when both agree. Words per language are
data: config/knowledge/lexicon/measures.toml. Windows are bounded, so hostile input stays linear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from bot.mentor.facts import Quantity
from bot.mentor.growth_by_age import aged
from bot.mentor.judgement import PART, WHOLE
from bot.mentor.lexicon import lexicon_file, phrases
from bot.mentor.over_time import ELAPSED, is_elapsed
from bot.mentor.per_item import EACH, is_each
from bot.settings import DEFAULT_CONFIG_DIR

SETTING = "setting"
"""Label word of a value the learner configures (a TTL, a timeout): never a measurement."""
CLAUSE_CHARS = 90
"""How far back a number's clause is read for what it measures."""
SETTING_REACH = 24
"""Characters before a number where a setting's name stands ("TTL до 10 минут", "timeout=30")."""
SETTING_GAP = 12
"""Characters at most between a setting's name and its value ("Ablaufzeit von 60 s")."""
PART_REACH = 16
"""Characters around a number where "of it" / "of which" make it a part of the total."""
MAX_NAMES = 4
"""Named things kept per number: the first is what it measures."""
MAX_TEXT = 4000

_CLAUSE_END = re.compile(r"[.;:!?\n。；：！？]\s|[;\n。；！？]|\s[—–-]\s")
_SHARE_END = re.compile(r"[.;:!?。；：！？](?:\s|$)|[;\n。；！？]|\s[—–-]\s|,\s|，")
"""Where a share's own clause ends: the sentence's end (also the text's last period) or a comma."""
_COMMA = re.compile(r",\s|、|，")
_CODE = re.compile(
    r"`([^`\n]{1,60})`"
    r"|(?<![\w.])([A-Za-z_][A-Za-z0-9_]{0,40}(?:\.[A-Za-z_][A-Za-z0-9_]{0,40}){1,4})(?![\w(])"
    r"|(?<![\w.])([A-Za-z_][A-Za-z0-9_]{1,40})\("
    r"|(?<![\w.])([a-z][a-z0-9]{0,20}(?:_[a-z0-9]{1,20}){1,6})(?!\w)"
    r"|(?<![\w/.])(/[a-z][a-z0-9_-]{1,30}(?:/[a-z0-9_-]{1,30}){0,4})"
    r"|(?<![\w])([A-Z]{3,12})(?=\s{0,2}\()"
)
_DIGIT_OR_END = re.compile(r"\d|[.;:!?。；：！？](?:\s|$)")
_NOT_NAMES = frozenset({"api", "cpu", "ram", "gpu", "the", "and", "http", "https", "json", "sql"})
"""Capitals that name no operation (a resource, a format): "the RAM" is the machine's."""
_ASSIGNED = re.compile(r"(?<![\w.])[A-Za-z_][\w.]{0,40}\s{0,2}(?:=|\()\s{0,2}$")
"""`timeout=30`, `sleep(0.1`, `expire(key, 60`: a number given to a name in code."""


def _bounded(words: list[str], stem: bool = False) -> re.Pattern[str]:
    """Phrases as one regex (bot/mentor/lexicon.py's `phrases`): code names sit among them."""
    return phrases(words, stem=stem, particles=True)


@dataclass(frozen=True)
class Words:
    """The measure words, loaded once."""

    setting: re.Pattern[str]
    limit_before: re.Pattern[str]
    """A limit the learner sets ("older than 14 days", "stay under 2 req/s"): no measurement."""
    limit_after: re.Pattern[str]
    """The same said after the number ("14日より古い", "14 günden eski")."""
    part_after: re.Pattern[str]
    part_before: re.Pattern[str]
    operation: re.Pattern[str]
    change: re.Pattern[str]
    instrument: re.Pattern[str]
    finding: re.Pattern[str]

    @classmethod
    def load(cls, config_dir: Path) -> Words:
        """Read config_dir/knowledge/lexicon/measures.toml."""
        data = lexicon_file(config_dir, "measures")
        part = data.get("part", {})
        # "deployed", "after the fix": the environment reader's change words count too
        shipped = lexicon_file(config_dir, "environment_shift").get("changed", [])
        return cls(
            setting=_bounded(data.get("setting", {}).get("cues", [])),
            limit_before=_bounded(data.get("limit", {}).get("before", [])),
            limit_after=re.compile(
                rf"^[\s\w]{{0,3}}?(?:{_bounded(data.get('limit', {}).get('after', [])).pattern})"
            ),
            part_after=_bounded(part.get("after", [])),
            part_before=_bounded(part.get("before", [])),
            operation=_bounded(data.get("operation", {}).get("cues", []), stem=True),
            change=_bounded([*data.get("change", {}).get("cues", []), *shipped]),
            finding=_bounded(data.get("finding", {}).get("cues", []), stem=True),
            instrument=re.compile(
                f"(?:{_bounded(data.get('instrument', {}).get('cues', [])).pattern})"
                r"(?:\s{1,2}\w{1,10}){0,3}\s{1,2}$"
            ),
        )


@lru_cache(maxsize=2)
def words(config_dir: Path | None = None) -> Words:
    """The words of `config_dir` (the repository's config by default), cached."""
    return Words.load(config_dir or DEFAULT_CONFIG_DIR)


READINGS_CACHED = 256
"""Messages whose finding/change reading is remembered: a turn reads its text several times."""


@lru_cache(maxsize=READINGS_CACHED)
def reports_finding(text: str) -> bool:
    """The message reports what a tool shows ("the profile shows", "veo avisos", "日志显示")."""
    return bool(words().finding.search(text[:MAX_TEXT].lower()))


@lru_cache(maxsize=READINGS_CACHED)
def reports_change(text: str) -> bool:
    """The message says the learner changed something ("I set", "usei", "поменял").

    Cached by text: the measures, the evidence notes and the changed-output reader each ask
    it of the same message, and the cue list's one regex costs ~0.5-0.8 ms a message.
    """
    return bool(words().change.search(text[:MAX_TEXT].lower()))


def names_in(clause: str, code: bool = True) -> list[str]:
    """Code names and operation nouns in `clause`, in the order written (lowercased).

    A library's name alone (PyPy, DictReader) or a name right after "with"/"using" is what the
    learner used, not what they measured ("with the real requests.get call"): only calls,
    dotted names, snake_case and paths count.
    """
    found: list[tuple[int, str]] = []
    instrument = words().instrument
    for match in _CODE.finditer(clause) if code else ():
        lead = clause[max(0, match.start() - 36) : match.start()].lower()
        if instrument.search(lead):
            continue
        name = next(g for g in match.groups() if g)
        name = name.strip().split("(")[0].lower()
        if name and name not in _NOT_NAMES:
            found.append((match.start(), name))
    lower = clause.lower()
    for m in words().operation.finditer(lower):
        inside_code = lower[m.end() : m.end() + 1] in (".", "(", "_")  # requests.get, count(
        if not inside_code:
            found.append((m.start(), _stem(m.group(0))))
    found.sort()
    return list(dict.fromkeys(name for _, name in found))


def _stem(word: str) -> str:
    """An operation noun without its ending, so "queries" and "query", "запроса" and "запрос" meet."""
    word = word.strip()
    return word[:5] if len(word) > 5 and word.isalpha() else word


def measured_names(text: str, start: int) -> list[str]:
    """What the number's own clause names before it (bounded).

    The comma-clause first: code named there is what the number measures ("…, json.dumps is
    only 0.4 s"). Past a comma only operation nouns count: code named in an aside ("En
    producción, con la llamada real a requests.get, vuelve a tardar 1,9 s") is a cause.
    """
    head = text[max(0, start - CLAUSE_CHARS) : start]
    ends = [m.end() for m in _CLAUSE_END.finditer(head)]
    sentence = head[ends[-1] :] if ends else head
    commas = [m.end() for m in _COMMA.finditer(sentence)]
    if commas:
        near = names_in(sentence[commas[-1] :])
        return near or names_in(sentence, code=False)
    return names_in(sentence)


def names_after(text: str, end: int) -> list[str]:
    """What a share's own clause names after it: "80 % del tiempo es una consulta" (bounded)."""
    tail = text[end : end + CLAUSE_CHARS]
    tail = tail[len(tail) - len(tail.lstrip(" \u00a0—–-:")) :]  # "1,5 с — запрос к базе"
    stop = _SHARE_END.search(tail)
    return names_in(tail[: stop.start()] if stop else tail)


def is_setting(text: str, start: int) -> bool:
    """A value the learner configures: "TTL 60 s", "timeout=30", "sleep(0.1)", "таймаут 5 с"."""
    window = text[max(0, start - SETTING_REACH) : start]
    # the name stands in the number's own clause, after any earlier number ("TTL 60 s; now
    # p50 80 ms": the 80 ms is measured)
    cut = max((m.end() for m in _DIGIT_OR_END.finditer(window)), default=0)
    window = window[cut:]
    if _ASSIGNED.search(window):
        return True
    # the name right before its value ("TTL 60 s", "timeout of 5 s", "TTLを60秒"), not a word
    # earlier in the clause ("asyncio.sleep and now it takes 0.25 s")
    found = [m.end() for m in words().setting.finditer(window.lower())]
    return bool(found) and len(window) - found[-1] <= SETTING_GAP


LIMIT_AFTER = 16
"""Characters after a number where a limit word stands ("14日より古い", "14 gün öncesinden")."""


def is_limit(text: str, start: int, end: int) -> bool:
    """A bound the learner sets, not a measurement: "delete logs older than 14 days".

    "older than 14 days", "stay under 2 req/s", "не старше 7 дней", "14日より古い": what the
    program must do (a constraint), never a baseline to measure against.
    """
    window = text[max(0, start - SETTING_REACH) : start]
    cut = max((m.end() for m in _DIGIT_OR_END.finditer(window)), default=0)
    window = window[cut:].lower()
    found = [m.end() for m in words().limit_before.finditer(window)]
    if found and len(window) - found[-1] <= SETTING_GAP:
        return True
    return bool(words().limit_after.search(text[end : end + LIMIT_AFTER].lower()))


def is_part(text: str, start: int, end: int) -> bool:
    """'0.6 s of it', 'of which 2 s': a part of the total named just before."""
    after = text[end : end + PART_REACH].lower().lstrip()
    before = text[max(0, start - PART_REACH) : start].lower()
    found_after = words().part_after.match(after)
    return bool(found_after) or bool(words().part_before.search(before))


HEAD_LAST = frozenset({"ja", "ko", "tr", "zh"})
"""Languages whose noun phrase ends with its head: "groupby 뒤의 merge" is the merge."""


def read_measures(
    text: str, found: list[tuple[int, Quantity]], language: str = ""
) -> list[Quantity]:
    """Each number with what it measures, whether its message reports a change, its role.

    `found` holds each number's position in `text`. A setting is labelled one; a number said to
    be "of it" becomes the part of the number before it of the same unit (its whole).
    """
    changed = reports_change(text)
    finding = not changed and reports_finding(text)
    out = [q for _, q in found]
    for i, (at, q) in enumerate(found):
        words_now = q.label.split()
        if q.kind in ("latency", "duration") and is_elapsed(text, at, at + len(q.text)):
            # "after 6 h": how long the program ran between two readings, never a measured time
            kept = [w for w in words_now if w not in ("before", "after")]
            out[i] = replace(q, label=" ".join([*kept, ELAPSED]))
        elif (
            q.kind in ("latency", "duration", "throughput")
            and SETTING not in words_now
            and not {PART, WHOLE} & set(words_now)
            and (
                (q.kind != "throughput" and is_setting(text, at))
                or is_limit(text, at, at + len(q.text))
            )
        ):
            kept = [w for w in words_now if w not in ("before", "after")]
            out[i] = replace(q, label=" ".join([*kept, SETTING]))
        elif i and not {PART, WHOLE} & set(words_now) and is_part(text, at, at + len(q.text)):
            whole = out[i - 1]
            if whole.unit == q.unit and 0 < q.value < whole.value:
                out[i] = _relabel(q, PART)
                out[i - 1] = _relabel(whole, WHOLE)
        if (
            q.kind in ("latency", "duration")
            and EACH not in out[i].label.split()
            and is_each(text, at)
        ):
            # "each API answers in about 3 s": one item's time, never the total's before
            out[i] = replace(out[i], label=" ".join([*out[i].label.split(), EACH]))
        # "75% of the time is one SQL query": a share names its part after it, if at all
        share = q.unit == "%" or PART in out[i].label.split()  # "davon 600 ms Jinja2-Rendering"
        after = names_after(text, at + len(q.text)) if share else []
        names = after or measured_names(text, at)
        if language in HEAD_LAST and not after:
            names.reverse()
        names = names[:MAX_NAMES]
        out[i] = replace(out[i], of=" ".join(names), changed=changed, finding=finding)
    # "na twee dagen ... 3 GB": a reading's age, so readings at other ages compare per day
    return aged(text, [(at, q) for (at, _), q in zip(found, out, strict=True)])


def _relabel(q: Quantity, role: str) -> Quantity:
    """The number without a before/after side, marked as a share's part or whole."""
    kept = [w for w in q.label.split() if w not in ("before", "after")]
    return replace(q, label=" ".join([*kept, role]))


def head(q: Quantity) -> str:
    """What the number measures (the first thing its clause names), '' when it names none."""
    return q.of.split()[0] if q.of else ""


def same_measure(new: Quantity, old: Quantity) -> bool:
    """`new` measures what `old` measured: the thing `new` names is among `old`'s names."""
    return bool(head(new)) and head(new) in old.of.split()


def apart(before: Quantity, after: Quantity) -> bool:
    """Two things measured side by side, no change made: "json.dumps 120 ms, orjson.dumps 18 ms".

    Both numbers name what they measure, the names differ, and the message reports no change
    of the learner's own: a comparison of two variants, never "the change worked".
    """
    named = bool(head(before)) and bool(head(after))
    return named and head(before) != head(after) and not (before.changed or after.changed)
