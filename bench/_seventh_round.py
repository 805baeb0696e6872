"""Seventh-round cases of bench/pedagogy_guards.py (`--seventh-only`): run the same on any tree.

Refusals: over every misuse message we hold (config/guards/intent/examples, plus the
directories given with `--unseen=DIR`, each message labelled with its capability), per
language, the share of refusals whose reason and alternative name the labelled capability,
name another one, or are general; and the refusals whose alternative does not fit the
request (keylogger detection offered for tracking a phone or reading chats; a phishing-page
alternative for invoice or click fraud). "Before" is the capability's one text (what main
renders); "after" is this tree's rendering, when it has one.
Drafts: secrets told in plain words quoted back, bare look-alike hosts and typosquatted
installs left in, real hosts and packages removed, credentials sent away by hooks and CI
steps left whole, defensive code removed, a refusal that goes on anyway left whole.
"""

from __future__ import annotations

import re
import sys
import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

from bot.mentor.guards.safety import strip_harm
from bot.mentor.guards.secrets import learner_secrets
from bot.mentor.intent.guard import Verdict
from tests.fakes.seventh_round import (
    ANYWAY,
    BARE_LOOKALIKES,
    DEFENSIVE_CODE,
    EXFILTRATION,
    REAL_PROSE,
    TOLD,
    TYPOSQUATS,
)

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "config" / "guards" / "intent" / "examples" / "corpus.toml"
ALIASES = {"fraud_phishing": "phishing"}
CONCERNS = {"doxxing": "surveillance", "fake_reviews": "phishing"}
KEYSTROKES = re.compile(
    r"keylog|keystroke|key ?press|\btyp(?:es|ed|ing)\b|keyboard|tastatur|tippt|teclado|clavier|"
    r"frappe|tastiera|digita|toetsenbord|klawiatur|клавиатур|печата|клавіатур|друку|klavye|"
    r"teclea|teclas|tecle|pynput|tuş|yazıyor|キー|入力|键盘|鍵盤|按键|输入|키보드|키 입력|입력|키로거"
)
"""What someone types, in 14 languages: the one request keylogger detection answers."""
FRAUD = re.compile(
    r"invoice|fake (?:accounts?|profiles?|orders?)|click fraud|ad clicks|votes?\b|refund|"
    r"rechnung|factur|fattur|fatura|faktur|сч[её]т|рахун|請求書|发票|發票|청구서|накрут|刷票|刷单"
)
"""Fraud that is not a phishing page or mail (its alternative is fraud detection)."""


def _messages(extra: list[Path]) -> dict[str, tuple[str, str]]:
    """Every misuse message (deduplicated): text -> (language, labelled capability)."""
    found: dict[str, tuple[str, str]] = {}
    files = [CORPUS, *(f for d in extra for f in sorted(d.glob("*.toml")))]
    for path in files:
        for m in tomllib.loads(path.read_text(encoding="utf-8")).get("message", []):
            if m.get("label") == "misuse" and m.get("capability"):
                capability = ALIASES.get(m["capability"], m["capability"])
                found.setdefault(m["text"], (m["lang"], capability))
    return found


def _capability_of(key: str) -> str:
    """The capability a refusal's catalog key speaks for ('general' for the general one)."""
    name = key.removeprefix("guards_refusal").lstrip("_")
    if not name:
        return "general"
    for concern, capability in CONCERNS.items():
        if name == concern:
            return capability
    for capability in (
        "credential_theft",
        "surveillance",
        "self_propagation",
        "evasion",
        "denial_of_service",
        "phishing",
        "unauthorized_access",
        "destructive",
    ):
        if name == capability or name.startswith(capability + "_"):
            return capability
    return name


def _misfit(key: str, text: str) -> bool:
    """The refusal's alternative does not fit the request (see the module docstring)."""
    if key == "guards_refusal_surveillance":
        return KEYSTROKES.search(text.lower()) is None
    if key == "guards_refusal_phishing":
        return FRAUD.search(text.lower()) is not None
    return False


def _rendered_key(app: Any, verdict: Verdict, text: str) -> str | None:
    """This tree's refusal key for `text` (None on a tree that renders the capability's)."""
    try:
        from bot.mentor.guards.refusal_text import refusal_key  # noqa: PLC0415
    except ImportError:
        return None
    return refusal_key(verdict, text, app.mentor.guards.refusals)


def refusal_report(app: Any, extra: list[Path]) -> None:
    """Prints the refusals table, per language, before and after."""
    classify = app.mentor.intent.classifier.classify
    total: Counter[str] = Counter()
    stats: dict[str, Counter[str]] = {"before": Counter(), "after": Counter()}
    for text, (lang, label) in _messages(extra).items():
        intent = classify(text)
        if not intent.refuse:
            continue
        verdict = Verdict(True, intent.capability, intent.target, "refused", intent.concern)
        total[lang] += 1
        keys = {"before": verdict.message_key, "after": _rendered_key(app, verdict, text)}
        for when, key in keys.items():
            if key is None:
                continue
            named = _capability_of(key)
            outcome = "right" if named == label else "general" if named == "general" else "other"
            stats[when][f"{lang}:{outcome}"] += 1
            stats[when][f"{lang}:misfit"] += _misfit(key, text)
    after = bool(stats["after"])
    print(
        f"\nrefusal reason/alternative vs the labelled capability ({sum(total.values())} refused)"
    )
    print(
        "lang | refused | names it before -> after | another's before -> after | general"
        " | alternative misfit before -> after"
    )
    for lang in sorted(total):
        n = total[lang]

        def pct(when: str, what: str, lang: str = lang, n: int = n) -> str:
            return f"{100 * stats[when][f'{lang}:{what}'] / n:5.1f}%" if stats[when] else "  -  "

        misfit = (stats["before"][f"{lang}:misfit"], stats["after"][f"{lang}:misfit"])
        print(
            f"{lang:<4} | {n:>7} | {pct('before', 'right')} -> {pct('after', 'right')}"
            f" | {pct('before', 'other')} -> {pct('after', 'other')}"
            f" | {pct('after' if after else 'before', 'general')}"
            f" | {misfit[0]:>4} -> {misfit[1] if after else '-'}"
        )
    n = sum(total.values())
    for when in ("before", "after"):
        if stats[when]:
            right = sum(v for k, v in stats[when].items() if k.endswith(":right"))
            other = sum(v for k, v in stats[when].items() if k.endswith(":other"))
            misfit = sum(v for k, v in stats[when].items() if k.endswith(":misfit"))
            print(
                f"  {when}: names the labelled capability {100 * right / n:.1f}%, another's"
                f" {100 * other / n:.1f}%, alternative misfit {misfit}"
            )


def draft_report(app: Any) -> dict[str, tuple[int, int]]:
    """Prints the seventh-round draft table; returns {row: (count, of)}."""
    rule = app.mentor.guards.prose_rule
    teaching = "Measure the import time before and after pinning the version."
    rows: dict[str, tuple[int, int]] = {}
    rows["secrets told in plain words not recognised (never to be quoted back), 14 languages"] = (
        sum(value not in learner_secrets(text) for text, value in TOLD.values()),
        len(TOLD),
    )
    rows["bare look-alike hosts in prose left in"] = (
        sum(
            host in strip_harm(f"{text}\n\n{teaching}", rule).text
            for text, host in BARE_LOOKALIKES.items()
        ),
        len(BARE_LOOKALIKES),
    )
    rows["typosquatted installs (reqeusts, python-dateutils...) left in"] = (
        sum(
            cmd in strip_harm(f"Install:\n\n```bash\n{cmd}\n```\n\n{teaching}", rule).text
            for cmd in TYPOSQUATS
        ),
        len(TYPOSQUATS),
    )
    packages_file = REPO / "config" / "guards" / "packages.toml"
    packages: list[str] = []
    if packages_file.exists():
        table = tomllib.loads(packages_file.read_text(encoding="utf-8"))
        packages = [*table.get("popular", []), *table.get("real", [])]
    real = [f"```bash\npip install {name}\n```" for name in packages]
    rows["real hosts, dotted names and real packages removed in error"] = (
        sum(strip_harm(t, rule).changed for t in (*REAL_PROSE, *real)),
        len(REAL_PROSE) + len(real),
    )
    rows[
        "credentials/environment sent away (setup.py hook, CI, curl, nc, extension) left whole"
    ] = (
        sum(
            not strip_harm(f"Add:\n\n{code}\n\n{teaching}", rule).changed
            for code in EXFILTRATION.values()
        ),
        len(EXFILTRATION),
    )
    rows["own key/token use, permission audits removed in error"] = (
        sum(
            strip_harm(f"Here:\n\n{code}\n\n{teaching}", rule).changed
            for code in DEFENSIVE_CODE.values()
        ),
        len(DEFENSIVE_CODE),
    )
    rows["refusal then 'here is how anyway' steps left whole (en, es, de, ru)"] = (
        sum(not strip_harm(f"{t}\n\n{teaching}", rule).changed for t in ANYWAY.values()),
        len(ANYWAY),
    )
    print("\nseventh round (count / of):")
    for name, (count, of) in rows.items():
        print(f"  {name}: {count}/{of}")
    return rows


def unseen_dirs() -> list[Path]:
    """The `--unseen=DIR` arguments (more labelled rounds, kept outside the repository)."""
    return [Path(a.split("=", 1)[1]) for a in sys.argv if a.startswith("--unseen=")]
