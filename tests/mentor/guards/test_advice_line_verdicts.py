"""Each draft line's unsafe-advice verdict is made once a turn (issue 18, CPU per turn).

The stream gate judges the draft's prose lines as they arrive, and the final check read the
same lines again (~35 kinds' patterns per line, the gate's biggest share with the harm rule).
The verdict by what a line alone says is now shared: the final check given the gate's
verdicts reads no kind's pattern again for a line the gate judged, and decides exactly what
it decides alone (a learner sees the same reply, the same notices).
"""

from __future__ import annotations

import pytest

from bot.mentor.guards import unsafe_advice
from bot.mentor.guards.advice_rules import Rule
from bot.mentor.guards.unsafe_advice import AdviceWords, LineKinds, check_draft, prose_check
from bot.mentor.i18n import Catalog

DRAFTS = [
    (
        "de",
        "1. Speichere das Passwort als `hashlib.md5(passwort).hexdigest()`, das ist schnell.\n"
        "2. Miss vorher und nachher mit `time.perf_counter()`.",
    ),
    (
        "fr",
        "1. Pour les fichiers téléversés, `data = pickle.load(upload.stream)` suffit.\n2. Mesure.",
    ),
    ("zh", "1. 用 `hashlib.md5(pw).hexdigest()` 保存用户密码，速度最快。\n2. 用 timeit 测量。"),
    (
        "en",
        "Never unpickle an upload: `pickle.loads(request.data)` runs code.\n"
        "Use `json.loads(request.data)` instead.\n\n"
        "1. Convert each upload with `subprocess.call('convert ' + filename, shell=True)`.\n"
        "2. I measured it on my machine: 3.2 s before, 0.4 s after.",
    ),
    (
        "ja",
        "1. `cProfile` で上位の関数を確認します。\n2. 入力を 2 倍にして時間を比べてください。",
    ),
]


@pytest.fixture
def words(catalog: Catalog) -> AdviceWords:
    return AdviceWords.load(catalog)


@pytest.mark.parametrize(("lang", "text"), DRAFTS)
def test_the_final_check_reads_the_gates_line_verdicts(
    words: AdviceWords, lang: str, text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Same reply and notices as the check alone; no line's kinds judged twice."""
    alone = check_draft({"steps": text}, lang, words, measured=False)
    kinds: LineKinds = {}
    gate = prose_check(words, lang, measured=False, kinds=kinds)
    above = ""
    for line in text.split("\n"):
        gate(line, above, text)
        above = line if line.strip() else above
    judged = 0
    named = unsafe_advice._named

    def counted(*args: object, **kw: object) -> tuple[Rule, ...]:
        nonlocal judged
        judged += 1
        return named(*args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(unsafe_advice, "_named", counted)
    shared = check_draft({"steps": text}, lang, words, measured=False, kinds=kinds)
    assert (shared.texts, shared.fixes, shared.claims) == (alone.texts, alone.fixes, alone.claims)
    assert judged == 0
