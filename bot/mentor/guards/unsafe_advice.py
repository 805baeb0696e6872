"""Unsafe advice and invented measurements in an LLM draft (review11 U18, U19).

The harm guards look for attacks on others; this one looks for a careless draft that makes the
learner's OWN program exploitable: unpickling an upload, `yaml.load` without a safe Loader, TLS
verification turned off, `eval` of input, a shell command or SQL query built from input, MD5 or
SHA-1 for passwords, a secret written into the code. In a code block the unsafe line becomes its
safe form when there is one (`yaml.safe_load`, `json.loads`, verification left on, the secret
read from the environment) and is removed otherwise; a step or line of prose recommending it
is removed. The learner is told in one line what changed and why. A defensive draft that shows
the unsafe form as what NOT to do (a warning word next to it, and the fix in the draft) is kept.

The same pass drops a draft's claim to have run or measured the learner's code when no sandbox
ran in the thread (U19): the bot only cites what it measured. The warning words, the words of
input from outside, of passwords, and the claims' phrasings are data, in 14 languages
(config/i18n/unsafeadvice).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import structlog

from bot.mentor.guards.answers_question import renumber
from bot.mentor.guards.draft_turn import DraftTurn
from bot.mentor.i18n import FALLBACK, Catalog
from bot.mentor.models import Sections

log = structlog.get_logger()

_FENCE = re.compile(r"^(\s*)(```|~~~)")
_NUMBERED = re.compile(r"^(\s*)\d{1,2}([.)])\s", re.M)

# Input that comes from outside the program: network, uploads, users (code spellings).
_UNTRUSTED_CODE = re.compile(
    r"\brequest\b|\brequests?\.(?:get|post)\b|\.get_data\(|\.recv\(|\bsocket\b|\binput\(|"
    r"sys\.stdin|\burlopen\(|\bhttpx\b|\baiohttp\b|\.files\b|\bupload|\bpayload\b|"
    r"\buser_?(?:input|data)\b|\bbody\b|\bform\b|\bwebsocket\b|\bmessage\b|\bargv\b|"
    r"@app\.(?:post|put|route)|\bfastapi\b|\bUploadFile\b|\bflask\b",
    re.I,
)
_INTERPOLATED = re.compile(
    r"""\bf["']|\.format\(|["']\s*%\s*[\w(]|["']\s*\+\s*\w|\w\s*\+\s*["']""",
)
_SQL = r"(?:\bselect\b[^\"']*\bfrom\b|\binsert\s+into\b|\bupdate\s+\w+\s+set\b|\bdelete\s+from\b|\bwhere\b)"


def _sql_built() -> re.Pattern[str]:
    """A query string with a value put in: f-string, `%` or `.format()` or `+` (per quote)."""
    forms: list[str] = []
    for q in ('"', "'"):
        inner = f"[^{q}\\n]*"
        sql = _SQL.replace("[^\\\"']*", inner)
        forms.append(rf"\bf{q}{inner}{sql}{inner}\{{")
        forms.append(rf"{q}{inner}{sql}{inner}{q}\s*(?:%\s*[\w(]|\.format\(|\+\s*\w)")
    return re.compile("|".join(forms), re.I)


_PASSWORD_CODE = re.compile(r"passw|\bpwd\b|\bpasswd\b", re.I)
_PLACEHOLDER = re.compile(
    r"^(?:\[redacted\]|<.*>|\.\.\.|x+|\*+|your[-_ ].*|changeme|\{.*\}|"
    r"(?:test|dummy|fake|example|sample)\w*)$",
    re.I,
)
"""A value standing for a secret, not one (a test's dummy, a redacted or template value)."""


@dataclass(frozen=True, slots=True)
class Rule:
    """One kind of unsafe advice: how it is spelled, its safe form, and the fix's tokens."""

    name: str
    unsafe: re.Pattern[str]
    label: str
    """How the notice names what was changed (code, language-neutral)."""
    safe: str
    """The safe form the notice names ('' when the line is only removed)."""
    fixed: re.Pattern[str]
    """Tokens of the safe form: a line naming them is about the fix, not the unsafe form."""
    untrusted: bool = False
    """Unsafe only on input from outside (pickle of one's own cache file is fine)."""
    rewrite: Callable[[str], str] | None = None
    """The code line's safe form; None: the line is removed."""
    also: Callable[[str], bool] = field(default=lambda line: True)
    """A further condition on the line (interpolation, a password word)."""


def _sub(pattern: str, repl: str) -> Callable[[str], str]:
    compiled = re.compile(pattern)
    return lambda line: compiled.sub(repl, line)


def _no_verify_off(line: str) -> str:
    line = re.sub(r",\s*verify\s*=\s*False", "", line)
    line = re.sub(r"verify\s*=\s*False\s*,\s*", "", line)
    line = re.sub(r"verify\s*=\s*False", "verify=True", line)
    line = re.sub(r"ssl\._create_unverified_context\(\)", "ssl.create_default_context()", line)
    line = re.sub(r"\bCERT_NONE\b", "CERT_REQUIRED", line)
    return re.sub(r"check_hostname\s*=\s*False", "check_hostname = True", line)


def _yaml_safe(line: str) -> str:
    line = re.sub(r",\s*Loader\s*=\s*[\w.]+", "", line)
    line = re.sub(r"yaml\.(?:unsafe_load|full_load|load)_all\(", "yaml.safe_load_all(", line)
    return re.sub(r"yaml\.(?:unsafe_load|full_load|load)\(", "yaml.safe_load(", line)


def _from_environment(line: str) -> str:
    def env(match: re.Match[str]) -> str:
        return f'{match.group("head")}os.environ["{match.group("name").upper()}"]'

    return _HARD_SECRET.sub(env, line)


_HARD_SECRET = re.compile(
    r"""(?P<head>\b(?P<name>\w*(?:password|passwd|secret|api_?key|token|access_key)\w*)\s*[:=]\s*)"""
    r"""(?P<q>["'])(?P<value>[^"'\s]{4,})(?P=q)""",
    re.I,
)


def _hard_secret(line: str) -> bool:
    match = _HARD_SECRET.search(line)
    return match is not None and not _PLACEHOLDER.match(match.group("value"))


RULES: tuple[Rule, ...] = (
    Rule(
        "deserialise",
        re.compile(r"\b(?:c?pickle|dill|marshal)\.(?:loads?|Unpickler)\b"),
        "pickle.loads",
        "json.loads / msgspec",
        re.compile(r"\bjson\.loads?\b|\bmsgspec\b|\borjson\b|\bhmac\b"),
        untrusted=True,
        rewrite=_sub(r"\b(?:c?pickle|dill|marshal)\.(loads?)\(", r"json.\1("),
    ),
    Rule(
        "deserialise_other",
        re.compile(r"\bjoblib\.load\b|\bshelve\.open\b"),
        "joblib.load / shelve",
        "json / safetensors",
        re.compile(r"\bjson\.loads?\b|\bsafetensors\b|\bskops\b"),
        untrusted=True,
    ),
    Rule(
        "torch_load",
        re.compile(r"weights_only\s*=\s*False"),
        "torch.load(weights_only=False)",
        "torch.load(weights_only=True)",
        re.compile(r"weights_only\s*=\s*True"),
        rewrite=_sub(r"weights_only\s*=\s*False", "weights_only=True"),
    ),
    Rule(
        "yaml_load",
        re.compile(r"\byaml\.(?:unsafe_load|full_load|load)(?:_all)?\b(?![^\n]*Safe)"),
        "yaml.load",
        "yaml.safe_load",
        re.compile(r"\bsafe_load\b|\bC?SafeLoader\b"),
        rewrite=_yaml_safe,
    ),
    Rule(
        "tls_off",
        re.compile(
            r"verify\s*=\s*False|_create_unverified_context|\bCERT_NONE\b|"
            r"check_hostname\s*=\s*False|PYTHONHTTPSVERIFY\s*=\s*0"
        ),
        "verify=False",
        "verify=True",
        re.compile(r"verify\s*=\s*True|CERT_REQUIRED|\bcertifi\b|\bcafile\b"),
        rewrite=_no_verify_off,
    ),
    Rule(
        "eval_input",
        re.compile(r"(?<![.\w])eval\("),
        "eval()",
        "ast.literal_eval()",
        re.compile(r"literal_eval"),
        untrusted=True,
        rewrite=_sub(r"(?<![.\w])eval\(", "ast.literal_eval("),
    ),
    Rule(
        "exec_input",
        re.compile(r"(?<![.\w])exec\("),
        "exec()",
        "",
        re.compile(r"literal_eval"),
        untrusted=True,
    ),
    Rule(
        "shell",
        re.compile(r"\bos\.(?:system|popen)\(|shell\s*=\s*True"),
        "shell=True / os.system",
        "subprocess.run([...]) / shlex.quote",
        re.compile(r"shell\s*=\s*False|shlex\.quote|subprocess\.run\(\s*\["),
        also=lambda line: bool(_INTERPOLATED.search(line)),
    ),
    Rule(
        "sql",
        _sql_built(),
        "SQL f-string",
        'execute("... %s", (value,))',
        re.compile(r"""execute\(\s*["'][^"'\n]*(?:\?|%s|:\w+)[^"'\n]*["']\s*,"""),
    ),
    Rule(
        "weak_password_hash",
        re.compile(r"\b(?:hashlib\.)?(?:md5|sha-?1)\b", re.I),
        "MD5/SHA-1",
        "hashlib.scrypt / argon2 / bcrypt",
        re.compile(r"\bscrypt\b|\bargon2|\bbcrypt\b|\bpbkdf2", re.I),
        also=lambda line: False,  # replaced per language by the password words (see check)
    ),
    Rule(
        "world_writable",
        re.compile(r"\bchmod\s+(?:-R\s+)?(?:0?777|a\+rwx)\b|\b0o777\b"),
        "chmod 777",
        "chmod 750 / 0o640",
        re.compile(r"\b0o?7[0-5]0\b|\b0o?6[0-4]0\b|\bchmod\s+(?:7[0-5]0|6[0-4]0)\b"),
    ),
    Rule(
        "hard_secret",
        _HARD_SECRET,
        "secret in code",
        "os.environ[...]",
        re.compile(r"os\.environ|getenv|\bkeyring\b"),
        rewrite=_from_environment,
        also=_hard_secret,
    ),
)


Words = Mapping[str, re.Pattern[str]]
"""Per language: one pattern of a word list (matched in that language's and English text)."""

_NEVER = re.compile(r"(?!x)x")


def _pattern(words: list[str]) -> re.Pattern[str]:
    """Latin and Cyrillic words match whole, or as a stem when they end in '*'; CJK anywhere."""
    parts: list[str] = []
    for word in words:
        core = re.escape(word.rstrip("*").lower())
        if not all(ch.isascii() or "\u00c0" <= ch <= "\u04ff" for ch in word):
            parts.append(core)
        else:
            parts.append(r"(?<!\w)" + core + ("" if word.endswith("*") else r"(?!\w)"))
    return re.compile("|".join(parts)) if parts else _NEVER


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

    @classmethod
    def load(cls, catalog: Catalog) -> AdviceWords:
        """Each language's lists of the `[unsafe_advice]` table."""
        lists: dict[str, dict[str, re.Pattern[str]]] = {
            kind: {} for kind in ("warnings", "untrusted", "passwords", "claims")
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


@dataclass(frozen=True, slots=True)
class Checked:
    """The draft's texts after the check, the fixes made and the claims dropped."""

    texts: dict[str, str]
    fixes: tuple[Rule, ...] = ()
    claims: int = 0


@dataclass(frozen=True, slots=True)
class _Draft:
    words: AdviceWords
    whole: str
    language: str

    def fixed(self, rule: Rule) -> bool:
        """The draft names the safe form somewhere: a warned-against form is a lesson."""
        return bool(rule.fixed.search(self.whole))


def _hits(line: str, context: str, draft: _Draft, *, code: bool) -> tuple[Rule, ...]:
    """The rules `line` breaks; `context` is where its input comes from (its block, its item)."""
    found: list[Rule] = []
    words = draft.words
    for rule in RULES:
        if not rule.unsafe.search(line) or rule.fixed.search(line):
            continue
        if rule.name == "weak_password_hash":
            if not (
                _PASSWORD_CODE.search(line) or words.has(words.passwords, draft.language, line)
            ):
                continue
        elif not rule.also(line):
            continue
        if rule.untrusted and not (
            _UNTRUSTED_CODE.search(context)
            or (not code and words.has(words.untrusted, draft.language, context))
        ):
            continue
        found.append(rule)
    return tuple(found)


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
        for line in unit:
            new = line
            for rule in rules:
                new = rule.rewrite(new) if rule.rewrite else ""
            if new.strip():
                out.append(new)
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
    return out, fixes


def _check_text(text: str, draft: _Draft) -> tuple[str, list[Rule]]:
    """A section with unsafe prose lines removed and code blocks made safe."""
    lines = text.split("\n")
    out: list[str] = []
    fixes: list[Rule] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        fence = _FENCE.match(line)
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
        above = next((ln for ln in reversed(out) if ln.strip()), "")
        rules = _hits(line, f"{above}\n{line}", draft, code=False)  # "the upload:" / its call
        if rules and not (_warned(line, draft) and all(draft.fixed(r) for r in rules)):
            fixes.extend(rules)
            if line[:1].isspace() and out and out[-1].rstrip().endswith(":"):
                out.pop()  # its item's lead-in ("Accept the upload as a pickle:") goes with it
        else:
            out.append(line)
        index += 1
    return "\n".join(out), fixes


# U19: claims of a run or a measurement -----------------------------------------------------
_MEASURE = re.compile(
    r"\d+(?:[.,]\d+)?\s*(?:%|[mµμun]s\b|s\b|sec|seg|сек|秒|초|分|[kmgt]i?b\b|[кмг]б\b|min\b|мин)",
    re.I,
)
"""A measured quantity (3.2 s, 84 %, 1.9 GB): what an invented run would report."""
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=\S)|(?<=[。！？])")


def _drop_claims(text: str, language: str, words: AdviceWords) -> tuple[str, int]:
    """Each sentence claiming a run or a measurement removed; an item left empty goes.

    "According to my measurement, peak memory was 1.9 GB: use a named cursor" keeps its
    advice after the colon.
    """
    claims = words.claims
    out: list[str] = []
    dropped = 0
    in_code = False
    for line in text.split("\n"):
        if _FENCE.match(line):
            in_code = not in_code
        if in_code or not words.has(claims, language, line):
            out.append(line)
            continue
        head = re.match(r"^(\s*(?:[-*•]|\d{1,2}[.)])?\s*)", line)
        prefix = head.group(1) if head else ""
        kept: list[str] = []
        for sentence in _SENTENCE.split(line[len(prefix) :]):
            if not words.has(claims, language, sentence):
                kept.append(sentence)
                continue
            dropped += 1
            clause, colon, rest = sentence.partition(":")
            if (
                colon
                and rest.strip()
                and words.has(claims, language, clause)
                and not words.has(claims, language, rest)
                and not _MEASURE.search(rest)
            ):
                rest = rest.strip()
                kept.append(rest[:1].upper() + rest[1:])
        body = " ".join(s.strip() for s in kept if s.strip())
        if body:
            out.append(prefix + body)
    return "\n".join(out), dropped


def check_draft(
    texts: Mapping[str, str], language: str, words: AdviceWords, *, measured: bool
) -> Checked:
    """The draft's sections with unsafe advice made safe.

    When nothing was measured in the thread, its claims of a run or a measurement go too.
    """
    draft = _Draft(words, "\n".join(texts.values()), language)
    out: dict[str, str] = {}
    fixes: list[Rule] = []
    claims = 0
    for key, text in texts.items():
        new, found = _check_text(text, draft)
        new, dropped = (new, 0) if measured else _drop_claims(new, language, words)
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
) -> Sections:
    """The draft with unsafe advice made safe and invented runs dropped; a notice for each."""
    checked = check_draft(sections.to_dict(), turn.language, words, measured=turn.measured)
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
