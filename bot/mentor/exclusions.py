"""What a learner rules out, lacks or may not use: "without Redis", "GPU немає", "ops won't run X".

A thing named only to say it is not there is never the subject of the reply (review12 V1): it
is held as a constraint ('avoid:gpu': no step or unit needs it) and it is blanked out of the
words the units are retrieved by, so "we have no GPU, how do I speed up Pillow on 4 cores?" is
answered on Pillow and processes, not on CUDA. Names are libraries and servers (stack.toml) and
things that are no library (a GPU, Alpine, internet access: [excluded.things]). Words per
language are data: config/knowledge/lexicon/constraints.toml, [excluded].
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from bot.mentor.lexicon import NEVER, Lexicon, lexicon, lexicon_file
from bot.mentor.understanding import stack_names
from bot.settings import DEFAULT_CONFIG_DIR
from bot.text import markdown
from bot.text.word_alternation import grouped

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
"""Japanese, Chinese and Korean cues are written against the next word: no word boundary."""
MAX_FILLERS = 2
"""Filler words a cue of several words may carry ("kommt also leider nicht in Frage")."""
SHORT_WORD = 3
"""An article or a particle ("a", "una", "ein"): a touching cue reads the word after it."""


@dataclass(frozen=True)
class ExclusionRules:
    """The cues that rule a name out, and the names beyond libraries, loaded once."""

    before: re.Pattern[str]
    """'without', 'can't add', 'sem': the name that follows is ruled out."""
    after: re.Pattern[str]
    """'olmadan', 'なしで', '없이': the name before is ruled out."""
    before_touching: re.Pattern[str]
    """'нет', 'no hay', '没有': only the word right after is ruled out ("нет GPU")."""
    after_touching: re.Pattern[str]
    """'немає', 'yok', 'がない': only the word right before is ruled out ("GPU немає")."""
    names: Lexicon
    """The stack lexicon plus the things that are no library (gpu, alpine, internet)."""
    thing_stacks: dict[str, frozenset[str]]
    """A ruled-out thing -> the libraries of the units that need it (gpu -> cuda, cupy)."""
    implies: dict[str, str]
    """A ruled-out name -> a constraint that goes with it (internet -> no_deps)."""
    short_cue_after: frozenset[str] = frozenset()
    """Words a short cue ("no") may follow and still rule out: "with no Redis", "no Celery" at
    a clause's start; after anything else it is a preposition (pt "no FastAPI": in FastAPI)."""
    joiners: frozenset[str] = frozenset()
    """Words that carry one exclusion on to the next name: "nada de polars ni dask"."""
    after_joiners: frozenset[str] = frozenset()
    """Words that join the names before a plural ruled-out predicate only: "numba and Cython
    are off the table" rules both out, "we use Django and Celery is ruled out" keeps Django."""
    after_plural: frozenset[str] = frozenset()
    """The ruled-out predicates after which `after_joiners` join the names."""

    @classmethod
    def load(cls, config_dir: Path) -> ExclusionRules:
        """Read [excluded] of config_dir/knowledge/lexicon/constraints.toml."""
        data = lexicon_file(config_dir, "constraints").get("excluded", {})
        fillers = [str(w).lower() for w in data.get("fillers", [])]
        things = {str(k): [str(a).lower() for a in v] for k, v in data.get("things", {}).items()}
        stack = lexicon(config_dir)
        aliases = {**stack.aliases, **{a: name for name, items in things.items() for a in items}}
        aliases.update({name: name for name in things})

        def words(key: str) -> frozenset[str]:
            return frozenset(str(w).lower() for w in data.get(key, []))

        return cls(
            before=_cue_words(data.get("before", []), fillers),
            after=_cue_words([*data.get("after", []), *data.get("after_plural", [])], fillers),
            before_touching=_cue_words(data.get("before_touching", []), fillers),
            after_touching=_cue_words(data.get("after_touching", []), fillers),
            names=replace(stack, aliases=aliases),
            thing_stacks={
                str(k): frozenset(str(n).lower() for n in v)
                for k, v in data.get("rules_out", {}).items()
            },
            implies={str(k): str(v) for k, v in data.get("implies", {}).items()},
            short_cue_after=words("short_after"),
            joiners=words("joiners"),
            after_joiners=words("after_joiners"),
            after_plural=words("after_plural"),
        )


def _cue_words(items: list[str], fillers: list[str]) -> re.Pattern[str]:
    """Cues matched as whole words where words have letters around them ('no' not in 'know').

    A cue of several words may carry filler words between them ("kommt also nicht in Frage").
    """
    words = sorted({str(i).lower() for i in items}, key=len, reverse=True)
    filler = "|".join(re.escape(f) for f in sorted(set(fillers), key=len, reverse=True))
    gap = rf"\s+(?:(?:{filler})\s+){{0,{MAX_FILLERS}}}" if filler else r"\s+"
    branches: list[tuple[str, str, str]] = []
    for word in words:
        if _CJK.search(word):
            branches.append((word, "", ""))
            continue
        first, *rest = word.split()
        more = "".join(gap + re.escape(part) for part in rest)
        end = r"(?!\w)" if word[-1].isalnum() else ""  # "pas d'" runs into "internet"
        branches.append((first, r"\w" if word[0].isalnum() else "", more + end))
    # filed by first character (bot/text/word_alternation.py): the same matches; the flat
    # alternation tried every cue's lookbehind at every position (~1.6 ms per question)
    return re.compile(grouped(branches) if branches else NEVER)


@lru_cache(maxsize=2)
def exclusion_rules(config_dir: Path | None = None) -> ExclusionRules:
    """The rules of `config_dir` (the repository's config by default), cached."""
    return ExclusionRules.load(config_dir or DEFAULT_CONFIG_DIR)


_CLAUSE_END = re.compile(
    r"[,.;:!?()\n，。；：！？、]| and | but | e | y | et | und | ed | en | i | ve | и | і "
)
_LIST_END = re.compile(r"[.;:!?()\n。；：！？]")
"""Where a list of ruled-out names ends: a sentence, not a comma ("sin Redis, Celery ni dask")."""
EXCLUDED_WINDOW = 60
"""Characters read after (or before) an exclusion cue for the name it rules out."""
AFTER_WORDS = 5
"""Words of the clause read before a cue that follows the name ("numpy ist bei uns nicht
erlaubt": the name is four words before it)."""
_EDGE = re.compile(r"^\W+|\W+$")


def excluded(text: str, rule: ExclusionRules | None = None) -> tuple[str, ...]:
    """The names one message rules out: 'without Redis', 'I can't add asyncpg', 'GPU немає'."""
    return tuple(dict.fromkeys(name for name, _ in _readings(text, rule or exclusion_rules())))


def _readings(text: str, rule: ExclusionRules) -> list[tuple[str, str]]:
    """Each ruled-out name with the words that rule it out (the span blanked for retrieval).

    The name must follow its cue within three words of the same clause ("sem trocar para
    Spark"); a cue of two letters ("no") must touch it, so "no errors from asyncio" rules
    nothing out; a negation that says only "there is none" ("нет", "yok") touches its name.
    """
    lower = markdown.prose_and_code(text)[0][:4000].lower()
    out: list[tuple[str, str]] = []
    names = rule.names
    for cue in rule.before.finditer(lower):
        if len(cue.group(0)) <= 2 and not _short_cue_stands(lower[: cue.start()], rule):
            continue
        after = lower[cue.end() : cue.end() + EXCLUDED_WINDOW]
        clause = _LIST_END.split(after, maxsplit=1)[0]
        head = _CLAUSE_END.split(after, maxsplit=1)[0]
        words = head.split()[: 1 if len(cue.group(0)) <= 2 else 3]
        found = stack_names(" ".join(words), names)
        if found:
            # "No pandas estoura" opens a clause: "no" may be pt/es "in", so the name is held
            # ruled out but still a word of the question (no span: nothing is blanked)
            opens = not _CLAUSE_END.split(
                lower[max(0, cue.start() - EXCLUDED_WINDOW) : cue.start()]
            )[-1].strip()
            weak = len(cue.group(0)) <= 2 and opens
            out.append((found[0], "" if weak else cue.group(0) + " " + " ".join(words)))
            out.extend((n, "" if weak else n) for n in _joined(clause, found[0], rule))
    for cue in rule.before_touching.finditer(lower):
        words = _CLAUSE_END.split(lower[cue.end() : cue.end() + EXCLUDED_WINDOW], maxsplit=1)[0]
        first = words.split()[:2]
        if len(first) > 1 and len(_EDGE.sub("", first[0])) > SHORT_WORD:
            first = first[:1]  # "нет доступа": only an article or particle is skipped
        found = stack_names(" ".join(first), names)
        if found:
            out.append((found[0], cue.group(0)))
    for cue in rule.after_touching.finditer(lower):
        before = _CLAUSE_END.split(lower[max(0, cue.start() - EXCLUDED_WINDOW) : cue.start()])[-1]
        last = before.split()[-1:]
        found = stack_names(" ".join(last), names)
        if found:
            out.append((found[-1], cue.group(0).strip()))
    for cue in rule.after.finditer(lower):
        window = lower[max(0, cue.start() - EXCLUDED_WINDOW) : cue.start()]
        words = _CLAUSE_END.split(window)[-1].split()[-AFTER_WORDS:]
        found = stack_names(" ".join(words), names)
        if found:
            out.append((found[-1], " ".join(words) + " " + cue.group(0)))
            # "Polars や Dask は使わず": the names before the last one, joined to it.
            listed = _LIST_END.split(window)
            out.extend(
                (n, n)
                for n in _joined(
                    _reversed_words(listed[-1]),
                    found[-1],
                    rule,
                    rule.after_joiners if cue.group(0) in rule.after_plural else frozenset(),
                )
            )
    return out


def _reversed_words(clause: str) -> str:
    """The clause's words last first, its list marks kept as words (to read a list backward)."""
    spaced = clause.replace(",", " , ").replace("、", " 、 ").replace("，", " ， ")
    return " ".join(reversed(spaced.split()))


def _joined(
    clause: str, first: str, rule: ExclusionRules, also: frozenset[str] = frozenset()
) -> list[str]:
    """The names a list carries on after the first ruled-out one.

    "polars ni dask", "Redis, Celery or Kafka": each joined to the one before by a comma or a
    joiner word only (or one of `also`: read backward before a ruled-out predicate).
    """
    joiners = rule.joiners | also
    words = clause.replace(",", " , ").replace("、", " 、 ").replace("，", " ， ").split()
    out: list[str] = []
    at = next((n for n, w in enumerate(words) if first in stack_names(w, rule.names)), None)
    if at is None:
        return out
    n = at + 1
    while n + 1 < len(words) and (words[n] in joiners or words[n] in {",", "、", "，"}):
        step = 2 if n + 2 < len(words) and words[n + 1] in joiners else 1
        found = stack_names(words[n + step], rule.names)
        if not found:
            break
        out.append(found[0])
        n += step + 1
    return out


def _short_cue_stands(before: str, rule: ExclusionRules) -> bool:
    """A two-letter cue opens its clause or follows a word that makes it a negation."""
    clause = _CLAUSE_END.split(before[-EXCLUDED_WINDOW:])[-1].split()
    return not clause or clause[-1] in rule.short_cue_after


def without_excluded(text: str, rule: ExclusionRules | None = None) -> str:
    """`text` with what it rules out blanked: the units are retrieved by the rest (review12 V1).

    "GPU немає" leaves "GPU" the rarest, strongest word of the question: retrieved by it, the
    reply is six CUDA steps for a machine without one. The cue and the name go, and so does
    every other mention of the name ("ops won't run Redis": "Redis" nowhere in the query).
    """
    rule = rule or exclusion_rules()
    readings = _readings(text, rule)
    if not readings:
        return text
    ruled = {name for name, span in readings if span}
    forms = {span for _, span in readings if span}
    forms |= {alias for alias, name in rule.names.aliases.items() if name in ruled}
    out = text
    for form in sorted(forms, key=len, reverse=True):
        body = r"\s+".join(re.escape(part) for part in form.split())
        # Latin names touch CJK words ("没有GPU", "GPUがない"): only an ASCII letter continues them
        edge = r"(?<![A-Za-z0-9_.])" if form[:1].isascii() and form[:1].isalnum() else ""
        end = r"(?![A-Za-z0-9_])" if form[-1:].isascii() and form[-1:].isalnum() else ""
        out = re.sub(f"{edge}{body}{end}", " ", out, flags=re.I)
    return out


def rules_out_units(
    ruled: set[str], stack: tuple[str, ...], rule: ExclusionRules | None = None
) -> bool:
    """A unit about `stack` needs one of the `ruled` things (a CUDA unit without a GPU)."""
    table = (rule or exclusion_rules()).thing_stacks
    needed = {s.lower() for s in stack}
    return any(needed & table.get(name, frozenset()) for name in ruled)


def implied(names: tuple[str, ...], rule: ExclusionRules | None = None) -> tuple[str, ...]:
    """The constraints the ruled-out names bring with them (no internet: no new dependencies)."""
    table = (rule or exclusion_rules()).implies
    return tuple(dict.fromkeys(table[n] for n in names if n in table))
