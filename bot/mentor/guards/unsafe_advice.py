"""Unsafe advice and invented measurements in an LLM draft (review11 U18, U19).

The harm guards look for attacks on others; this one looks for a careless draft that makes the
learner's OWN program exploitable: unpickling an upload, `yaml.load` without a safe Loader, TLS
verification turned off, `eval` of input, a shell command or SQL query built from input, MD5 or
SHA-1 for passwords, a secret written into the code; and (review12 V3) an uploaded tar unpacked
without a filter, a JWT decoded unverified, `debug=True` on a server others reach, `random` for
a token, `df.query`/`sympify` of a request's text, CORS `*` with credentials, a form exempt from
CSRF, `sh -c` with an f-string. In a code block the unsafe line becomes its
safe form when there is one (`yaml.safe_load`, `json.loads`, verification left on, the secret
read from the environment) and is removed otherwise; a step or line of prose recommending it
is removed. The learner is told in one line what changed and why. A defensive draft that shows
the unsafe form as what NOT to do (a warning word next to it, and the fix in the draft) is kept.

The same pass drops a draft's claim to have run or measured the learner's code when no sandbox
ran in the thread (U19, `invented_runs`): the bot only cites what it measured. The kinds of
unsafe advice, their spellings and rewrites are data (config/guards/unsafe_advice.toml, read by
`advice_rules`); the warning words, the words of input from outside, of passwords, and the
claims' phrasings too, in 14 languages (config/i18n/unsafeadvice).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import structlog

from bot.mentor.guards.advice_rules import PASSWORD_CODE, UNTRUSTED_CODE, Rule, load_rules
from bot.mentor.guards.answers_question import renumber
from bot.mentor.guards.draft_turn import DraftTurn
from bot.mentor.guards.invented_runs import FENCE, MEASURE, drop_claims
from bot.mentor.i18n import FALLBACK, Catalog
from bot.mentor.models import Sections
from bot.text.word_alternation import grouped

log = structlog.get_logger()

_NUMBERED = re.compile(r"^(\s*)\d{1,2}([.)])\s", re.M)


Words = Mapping[str, re.Pattern[str]]
"""Per language: one pattern of a word list (matched in that language's and English text)."""

_NEVER = re.compile(r"(?!x)x")


_GAP = r"[^.!?;:\n]{1,40}?"
"""What ' … ' in a word stands for: a few words of the same clause ("schakel … uit")."""


def _pattern(words: list[str]) -> re.Pattern[str]:
    """Latin and Cyrillic words match whole, or as a stem when they end in '*'; CJK anywhere.

    A leading '*' also matches inside a compound ("*wachtwoord*": "databasewachtwoord"); ' … '
    is a gap of a few words, for a verb split around its object ("schakel de controle uit").
    """
    parts: list[tuple[str, str, str]] = []
    for word in words:
        first, *rest = word.strip("*").lower().split(" … ")
        more = "".join(_GAP + re.escape(piece) for piece in rest)
        if not all(ch.isascii() or "\u00c0" <= ch <= "\u04ff" for ch in word if ch != "…"):
            parts.append((first, "", more))
        else:
            start = "" if word.startswith("*") else r"\w"
            parts.append((first, start, more + ("" if word.endswith("*") else r"(?!\w)")))
    # filed by first character (bot/text/word_alternation.py): the same matches, less work
    return re.compile(grouped(parts)) if parts else _NEVER


@dataclass(frozen=True, slots=True)
class AdviceWords:
    """Every language's words for this guard (config/i18n/unsafeadvice)."""

    warnings: Words = field(default_factory=dict)
    """A warning next to the unsafe form ("never", "unsafe"): the draft shows it as a don't."""
    untrusted: Words = field(default_factory=dict)
    """Input from outside ("upload", "user", "client"): what makes pickle or eval unsafe."""
    passwords: Words = field(default_factory=dict)
    claims: Words = field(default_factory=dict)
    """The draft's first-person claim of having run or measured the code ("I measured")."""
    disables: Words = field(default_factory=dict)
    """Turning a check off ("disable", "отключи"): TLS verification turned off in words."""
    runs: Words = field(default_factory=dict)
    """Where or how a run happened ("on my machine", "bei mir", "手元で"): a claim when the
    same sentence reports a measured quantity (3.2 s, 84 %), not in advice without one."""
    in_code: Words = field(default_factory=dict)
    """Putting a value into the source ("hardcode", "directly in the code", "直接写在代码里"):
    with a password or key word, a secret kept in the program in words."""
    secrets: Words = field(default_factory=dict)
    """What must not be guessable ("reset token", "password", "API key"): with the `random`
    module, a predictable secret."""
    credentials: Words = field(default_factory=dict)
    """What a program logs in with ("password", "API key"; no "token", which a tokenizer has
    too): with `in_code` words, a secret written into the program."""
    exposed: Words = field(default_factory=dict)
    """A server others reach ("in production", "on the public server", "本番"): with
    `debug=True`, a debugger console anyone can open."""

    enables: Words = field(default_factory=dict)
    """Turning a thing on or leaving it on ("aktiviere", "有効"): XML entities resolved."""
    all_origins: Words = field(default_factory=dict)
    """Every origin ("*", "alle Ursprünge", "所有来源"): CORS for any site (review13 W18)."""
    cookies: Words = field(default_factory=dict)
    """The visitor's login travelling along ("cookies", "credentials", "セッション")."""
    containers: Words = field(default_factory=dict)
    """A container ("Container", "コンテナ", "容器"): root there is the host's root."""
    plaintext: Words = field(default_factory=dict)
    """Stored as is ("im Klartext", "平文", "en clair"): with a password word, no hash."""
    commits: Words = field(default_factory=dict)
    """Into version control ("commit", "ins Repo", "リポジトリ"): with a secret, shared."""
    no_auth: Words = field(default_factory=dict)
    """Without a login ("ohne Passwort", "认证なし"): with a reachable service, open to all."""

    def named(self, name: str) -> Words:
        """One of the lists by its name in the kinds' table (`prose_when`, `words_when`)."""
        words = getattr(self, name, None)
        return words if isinstance(words, Mapping) else {}

    def all_named(self, names: str, language: str, text: str) -> bool:
        """Each list of "a+b" (`prose_when`) has a word in `text`."""
        return all(self.has(self.named(name), language, text) for name in names.split("+"))

    @classmethod
    def load(cls, catalog: Catalog) -> AdviceWords:
        """Each language's lists of the `[unsafe_advice]` table."""
        lists: dict[str, dict[str, re.Pattern[str]]] = {
            kind: {}
            for kind in (
                "warnings",
                "untrusted",
                "passwords",
                "claims",
                "runs",
                "disables",
                "in_code",
                "secrets",
                "credentials",
                "exposed",
                "enables",
                "all_origins",
                "cookies",
                "containers",
                "plaintext",
                "commits",
                "no_auth",
            )
        }
        for lang, data in catalog.languages.items():
            table = data.get("unsafe_advice", {})
            for kind, patterns in lists.items():
                patterns[lang] = _pattern([str(w) for w in table.get(kind, ())])
        return cls(**lists)

    @staticmethod
    def has(words: Words, language: str, text: str) -> bool:
        """A word of the language's (or English) list in `text`."""
        low = text.lower().replace("\u2019", "'")
        return any(
            words.get(lang, _NEVER).search(low) for lang in dict.fromkeys((language, FALLBACK))
        )

    def claimed(self, language: str, text: str) -> bool:
        """`text` claims a run or a measurement of the learner's code."""
        return self.has(self.claims, language, text) or (
            MEASURE.search(text) is not None and self.has(self.runs, language, text)
        )


@dataclass(frozen=True, slots=True)
class Checked:
    """The draft's texts after the check, the fixes made and the claims dropped."""

    texts: dict[str, str]
    fixes: tuple[Rule, ...] = ()
    claims: int = 0


LineKinds = dict[tuple[str, bool], tuple[Rule, ...]]
"""One turn's kinds by line (a code statement: True) that the line alone may break: the stream
gate and the final check read the same lines; the first judges them (~35 kinds' patterns)."""


@dataclass(frozen=True, slots=True)
class _Draft:
    words: AdviceWords
    whole: str
    language: str
    kinds: LineKinds = field(default_factory=dict)

    def fixed(self, rule: Rule) -> bool:
        """The draft names the safe form somewhere: a warned-against form is a lesson."""
        return _fix_named(rule, self.whole, self)


def _hits(line: str, context: str, draft: _Draft, *, code: bool) -> tuple[Rule, ...]:
    """The rules `line` breaks; `context` is where its input comes from (its block, its item).

    In prose a kind may be named in words only ("read the uploads with pickle", "отключи
    проверку сертификата"): its `prose` pattern, with the kind's conditions read in the
    draft's language (input from outside, a check turned off).
    """
    named = draft.kinds.get((line, code))
    if named is None:
        named = draft.kinds[(line, code)] = _named(line, draft, code=code)
    found: list[Rule] = []
    words = draft.words
    lang = draft.language
    for rule in named:
        if rule.only_when != "password" and (
            not rule.also(line, context)
            and not (
                not code
                and rule.only_when == "interpolated"
                and words.has(words.untrusted, lang, line)
            )
        ):
            said = line if code else context  # "in production" on the line, or its item's lead
            if not (rule.words_when and words.has(words.named(rule.words_when), lang, said)):
                continue
        if rule.untrusted and not (
            UNTRUSTED_CODE.search(context)
            or (not code and words.has(words.untrusted, lang, context))
        ):
            continue
        found.append(rule)
    return tuple(found)


def _named(line: str, draft: _Draft, *, code: bool) -> tuple[Rule, ...]:
    """The kinds `line` alone may break: spelled or worded, its fix not named, its words said."""
    found: list[Rule] = []
    words = draft.words
    lang = draft.language
    for rule in load_rules():
        spelled = rule.unsafe.search(line) is not None
        worded = (
            not spelled and not code and rule.prose is not None and bool(rule.prose.search(line))
        )
        if not (spelled or worded) or _fix_named(rule, line, draft):
            continue
        if worded and rule.prose_when and not words.all_named(rule.prose_when, lang, line):
            continue
        if worded and rule.prose_unless and words.has(words.named(rule.prose_unless), lang, line):
            continue  # "schalte DEBUG in der Produktion aus": the safe form told in words
        if rule.only_when == "password" and not (
            PASSWORD_CODE.search(line) or words.has(words.passwords, lang, line)
        ):
            continue
        found.append(rule)
    return tuple(found)


def _fix_named(rule: Rule, text: str, draft: _Draft) -> bool:
    """`text` names the kind's safe form, and not as a don't.

    "不要用 safe_load", "don't use safe_load": a warning word just before the fix's token
    negates it.
    """
    for match in rule.fixed.finditer(text):
        before = text[max(0, match.start() - 14) : match.start()]
        if not draft.words.has(draft.words.warnings, draft.language, before):
            return True
    return False


def _worded(rules: tuple[Rule, ...], line: str) -> bool:
    """Every kind the line breaks is named in words only (no unsafe call spelled)."""
    return all(rule.unsafe.search(line) is None for rule in rules)


def _warned(text: str, draft: _Draft) -> bool:
    return draft.words.has(draft.words.warnings, draft.language, text)


def _units(lines: list[str]) -> list[range]:
    """The block's statements as line ranges (read with `ast`).

    A call spread over lines (`subprocess.run(` / `f"rm {name}",` / `shell=True)`) is read as
    one; line by line when the block is not Python (a shell line, YAML) or does not parse.
    """
    spans = [range(i, i + 1) for i in range(len(lines))]
    try:
        tree = ast.parse("\n".join(lines))
    except (SyntaxError, ValueError):
        return spans
    for node in ast.walk(tree):
        if isinstance(node, ast.stmt) and not hasattr(node, "body"):
            last = node.end_lineno or node.lineno
            if last > node.lineno:
                for i in range(node.lineno - 1, last):
                    spans[i] = range(node.lineno - 1, last)
    return list(dict.fromkeys(spans))


def _check_code(lines: list[str], lead: str, draft: _Draft) -> tuple[list[str], list[Rule]]:
    """A code block's lines with unsafe ones made safe or removed (kept when shown as a don't)."""
    block = "\n".join(lines)
    fixes: list[Rule] = []
    out: list[str] = []
    title = lines[0] if lines and lines[0].strip().startswith("#") else ""
    for span in _units(lines):
        unit = [lines[i] for i in span]
        rules = _hits(" ".join(ln.strip() for ln in unit), block, draft, code=True)
        above = lines[span.start - 1] if span.start else ""
        if not rules or (
            _warned(f"{lead} {title} {' '.join(unit)} {above}", draft)
            and all(draft.fixed(r) for r in rules)
        ):
            out.extend(unit)
            continue
        fixes.extend(rules)
        if any(rule.rewrite is None for rule in rules):
            continue  # no safe form of this statement: it goes
        made: list[str] = []
        for line in unit:
            new = line
            for rule in rules:
                new = rule.rewrite(new) if rule.rewrite else ""
            made.append(new)
        if any(
            rule.unsafe.search(" ".join(made)) and rule.also(" ".join(made), block)
            for rule in rules
        ):
            continue  # the rewrite did not reach this spelling (`pickle.Unpickler(...)`): it goes
        out.extend(new for new in made if new.strip())
    kept = "\n".join(out)
    if any(r.name == "deserialise" for r in fixes):  # what is read as JSON is written as JSON
        out = [re.sub(r"\b(?:c?pickle|dill|marshal)\.(dumps?)\(", r"json.\1(", ln) for ln in out]
        kept = "\n".join(out)
    if any(r.name == "deserialise" for r in fixes) and not re.search(r"\bc?pickle\.", kept):
        out = [re.sub(r"^(\s*)import c?pickle\s*$", r"\1import json", ln) for ln in out]
    if any(r.name == "eval_input" for r in fixes) and "import ast" not in kept:
        out = ["import ast", *out]
    if any(r.name == "hard_secret" for r in fixes) and "import os" not in kept:
        out = ["import os", *out]
    if "secrets." in kept and "import secrets" not in kept:  # random.choice -> secrets.choice
        out = ["import secrets", *out]
    return out, fixes


def _check_text(text: str, draft: _Draft) -> tuple[str, list[Rule]]:
    """A section with unsafe prose lines removed and code blocks made safe."""
    lines = text.split("\n")
    out: list[str] = []
    fixes: list[Rule] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        fence = FENCE.match(line)
        if fence:
            end = index + 1
            while end < len(lines) and not lines[end].strip().startswith(fence.group(2)):
                end += 1
            lead = next((ln for ln in reversed(out) if ln.strip()), "")
            body, found = _check_code(lines[index + 1 : end], lead, draft)
            fixes.extend(found)
            out.append(line)
            out.extend(body)
            if end < len(lines):
                out.append(lines[end])
            index = end + 1
            continue
        above = next((ln for ln in reversed(lines[:index]) if ln.strip()), "")
        rules = _hits(line, f"{above}\n{line}", draft, code=False)  # "the upload:" / its call
        if rules and not (
            _warned(line, draft) and (_worded(rules, line) or all(draft.fixed(r) for r in rules))
        ):
            fixes.extend(rules)
            if line[:1].isspace() and out and out[-1].rstrip().endswith(":"):
                out.pop()  # its item's lead-in ("Accept the upload as a pickle:") goes with it
        else:
            out.append(line)
        index += 1
    return "\n".join(out), fixes


def prose_check(
    words: AdviceWords, language: str, *, measured: bool, kinds: LineKinds | None = None
) -> Callable[[str, str, str], bool]:
    """For the streaming preview: whether the final check would change a prose line.

    (line, the line above, the prose so far) -> unsafe advice not shown as a don't with its
    fix, or a claim of a run when nothing ran. The preview must not show what the final
    reply removes. `kinds`: the turn's line verdicts, shared with the final check.
    """
    judged: LineKinds = {} if kinds is None else kinds

    def check(line: str, above: str, prose: str) -> bool:
        draft = _Draft(words, prose, language, judged)
        rules = _hits(line, f"{above}\n{line}", draft, code=False)
        if rules and not (
            _warned(line, draft) and (_worded(rules, line) or all(draft.fixed(r) for r in rules))
        ):
            return True
        return not measured and words.claimed(language, line)

    return check


def check_draft(
    texts: Mapping[str, str],
    language: str,
    words: AdviceWords,
    *,
    measured: bool,
    kinds: LineKinds | None = None,
) -> Checked:
    """The draft's sections with unsafe advice made safe.

    When nothing was measured in the thread, its claims of a run or a measurement go too.
    """
    draft = _Draft(words, "\n".join(texts.values()), language, {} if kinds is None else kinds)

    def claimed(text: str) -> bool:
        return words.claimed(language, text)

    out: dict[str, str] = {}
    fixes: list[Rule] = []
    claims = 0
    for key, text in texts.items():
        new, found = _check_text(text, draft)
        new, dropped = (new, 0) if measured else drop_claims(new, claimed)
        claims += dropped
        fixes.extend(found)
        new = renumber(new) if new != text and _NUMBERED.search(text) else new
        out[key] = new
    unique = tuple(dict.fromkeys(fixes))
    return Checked(out, unique, claims)


def changes_line(fixes: tuple[Rule, ...], removed: str) -> str:
    """What changed, language-neutral: "`yaml.load` → `yaml.safe_load`, `exec()` (removed)"."""
    parts: list[str] = []
    for rule in fixes:
        part = f"`{rule.label}` → `{rule.safe}`" if rule.safe else f"`{rule.label}` ({removed})"
        if part not in parts:
            parts.append(part)
    return ", ".join(parts)


def guard_advice(
    sections: Sections,
    turn: DraftTurn,
    *,
    words: AdviceWords,
    catalog: Catalog,
    notices: list[str],
    count: Callable[[str, str, int], None],
    kinds: LineKinds | None = None,
) -> Sections:
    """The draft with unsafe advice made safe and invented runs dropped; a notice for each."""
    checked = check_draft(
        sections.to_dict(), turn.language, words, measured=turn.measured, kinds=kinds
    )
    if not (checked.fixes or checked.claims):
        count("unsafe_advice", "passed", 1)
        return sections
    count("unsafe_advice", "made_safe", len(checked.fixes))
    count("unsafe_advice", "claim_dropped", checked.claims)
    log.warning(
        "guard.unsafe_advice",
        turn=turn.turn_id,
        kinds=sorted({rule.name for rule in checked.fixes}),
        claims=checked.claims,
    )
    if checked.fixes:
        removed = catalog.message(turn.language, "guardsout_unsafe_removed")
        changes = changes_line(checked.fixes, removed)
        notices.append(catalog.message(turn.language, "guardsout_unsafe_changed", changes=changes))
    if checked.claims:
        notices.append(catalog.message(turn.language, "guardsout_claims_removed"))
    return Sections.from_dict(checked.texts)
