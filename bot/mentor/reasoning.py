"""Reasoning over evidence: what the learner's numbers and the sandbox report mean.

`evidence_notes` turns what the learner reported into conclusions (a before/after pair becomes
a ratio and a direction; a number is compared with the one reported earlier in the thread; a
test result is acknowledged), never a copy of their words. `findings` (bot/mentor/
sandbox_reasoning.py) reads the sandbox report and the static scan of the code.
Every line is localized (config/i18n/reasoning/<lang>.toml, keys `reasoning_*`).
"""

from __future__ import annotations

import re
from typing import Any

from bot.mentor.facts import Quantity, QuestionFacts, ThreadMemory
from bot.mentor.first_readings import (
    asks_why,
    first_slower,
    first_turn,
    more_workers_than_cores,
    waiting_workers,
)
from bot.mentor.i18n import Catalog
from bot.mentor.judgement import PART, WHOLE, called_worse, compares_variants, small_gain
from bot.mentor.measures import apart, reports_change
from bot.mentor.number_roles import lead_with_roles
from bot.mentor.observed_pair import observation
from bot.mentor.over_time import trend_line
from bot.mentor.quantities import measured
from bot.mentor.reasoning_verdicts import (
    NOISE,
    before_after_pairs,
    direction,
    earlier_number,
    evidence_reported,
    finding_names,
    is_comparable,
    kind_family,
    percentile,
    refuted,
    side,
)
from bot.mentor.result_change import faster_but_changed, output_line, reads_changed_output
from bot.mentor.sandbox_reasoning import (
    findings,
    hotspot_lines,
    is_waiting,
    learners_frame,
    sandbox_line,
)
from bot.mentor.shift_reading import environment_notes, first_turn_symptom, regressed, variants
from bot.mentor.tradeoffs import after_contrast, cpu_saturation
from bot.mentor.turn_readings import extrapolation, growth, profiled_part, warmup_line
from bot.mentor.value_format import format_seconds, format_value
from bot.sandbox.render import inline_safe

__all__ = [
    "compare",
    "direction",
    "evidence_notes",
    "evidence_reported",
    "finding_names",
    "findings",
    "format_seconds",
    "format_value",
    "hotspot_lines",
    "is_waiting",
    "learners_frame",
    "refuted",
    "sandbox_line",
]

_FAILED = re.compile(
    r"\bfail|falh|fall[aó]|échou|echou|fehlgeschlagen|schlagen fehl|fallit|mislukt|faalt"
    r"|nie przech|başarısız|упал|падают|не проход|падають|не прох|失敗|失败|실패",
    re.I,
)


def compare(
    before: Quantity, after: Quantity, language: str, catalog: Catalog, text: str = ""
) -> str:
    """One line interpreting a before/after pair: the ratio, the direction, what it means.

    A gain too small to be the fix (under 10%, or one the learner calls "barely better" in
    `text`) is said as such: the change did not reach the main cost, no "the change worked".
    """
    kind = kind_family(before)
    b, a = before.value, after.value
    label = percentile(after) or percentile(before)
    params: dict[str, Any] = {
        "label": f"{label} " if label else "",
        "before": format_value(before, after),
        "after": format_value(after, before),
    }
    if b <= 0 or a <= 0:
        return ""
    change = (a - b) / b
    if before.unit == "x" == after.unit:
        return _speedup(before, after, language, catalog, params)
    if abs(change) < NOISE:
        return catalog.message(
            language, "reasoning_noise", pct=f"{abs(change) * 100:.1f}", **params
        )
    better = a < b if kind in {"time", "memory"} else a > b
    ratio = max(a, b) / min(a, b)
    params["ratio"] = f"{ratio:.1f}"
    params["pct"] = f"{abs(change) * 100:.0f}"
    if better and called_worse(text):
        return ""  # the learner called it worse: no "the change worked" against their reading
    if better and small_gain(abs(change), text):
        return catalog.message(language, "reasoning_small_gain", **params)
    key = {
        ("time", True): "reasoning_faster",
        ("time", False): "reasoning_slower",
        ("memory", True): "reasoning_less_memory",
        ("memory", False): "reasoning_more_memory",
        ("throughput", True): "reasoning_more_throughput",
        ("throughput", False): "reasoning_less_throughput",
    }.get((kind, better))
    if key is None:
        key = "reasoning_changed"
    return catalog.message(language, key, **params)


def _speedup(
    before: Quantity, after: Quantity, language: str, catalog: Catalog, params: dict[str, Any]
) -> str:
    """'1.6x -> 5.9x': a before/after pair of speed-ups, the higher the better."""
    change = (after.value - before.value) / before.value
    params["ratio"] = f"{after.value / before.value:.1f}"
    params["pct"] = f"{abs(change) * 100:.0f}"
    if abs(change) < NOISE:
        return catalog.message(language, "reasoning_noise", **params)
    key = "reasoning_speedup_better" if change > 0 else "reasoning_speedup_worse"
    return catalog.message(language, key, **params)


_CORES = re.compile(r"core|cpu|núcleo|cœur|coeur|kern|rdzen|çekirdek|ядр|核|コア|코어", re.I)


def _cores(facts: QuestionFacts, memory: ThreadMemory) -> float:
    """The core count the learner named (this turn first, then the thread), 0 if none."""
    for q in (*reversed(facts.quantities), *reversed(memory.evidence)):
        if q.kind == "concurrency" and q.value >= 2 and _CORES.search(q.text):
            return q.value
    return 0.0


def _efficiency(ratio: Quantity, cores: float, language: str, catalog: Catalog) -> str:
    """A speed-up on N cores as parallel efficiency: 5.9x on 8 cores is 74%."""
    return catalog.message(
        language,
        "reasoning_parallel_efficiency",
        value=format_value(ratio),
        cores=f"{cores:g}",
        pct=f"{min(ratio.value / cores, 1.0) * 100:.0f}",
    )


def evidence_notes(
    facts: QuestionFacts, memory: ThreadMemory, language: str, catalog: Catalog, text: str = ""
) -> tuple[str, ...]:
    """Localized lines interpreting what the learner reported this turn (most telling first)."""
    if facts.environment:
        goal = _against_goal(facts, memory, language, catalog)
        shifted = environment_notes(facts, memory, language, catalog)
        return (*shifted, goal) if goal else shifted
    notes: list[str] = []
    # "200 MB at start, 1.1 GB after 6 h": a rate over time, no before and after of a change
    trend, read = trend_line(facts, text, language, catalog, reports_change(text))
    if trend:
        notes.append(trend)
    paired: set[int] = set(read)
    sides = [
        (b, a)
        for b, a in before_after_pairs(facts.quantities)
        if id(b) not in read and id(a) not in read
    ]
    # "json.dumps takes 120 ms, orjson.dumps 18 ms": two named variants, no change to judge
    for before, after in [(b, a) for b, a in sides if apart(b, a)]:
        paired.update((id(before), id(after)))
        notes.append(variants(before, after, language, catalog))
    pairs = [(b, a, direction(b, a)) for b, a in sides if not apart(b, a)]
    gains = [(b, a) for b, a, d in pairs if d > 0]
    # A worse number next to a better one, or after "but", is the price of a gain: a
    # trade-off to work on, not a change to revert.
    # a first question asking why a change made it slower wants the mechanism, no verdict (U5)
    why_slower = first_turn(memory) and asks_why(text) and not gains
    costs = [
        (b, a)
        for b, a, d in pairs
        if d < 0 and (gains or after_contrast(a, text, language)) and not why_slower
    ]
    symptom = first_turn_symptom(memory, text)
    # "now 4.5 s, but 12 rows fewer": a faster program computing something else is no win (U26)
    output = reads_changed_output(text, memory, bool(pairs))
    for before, after, found in pairs:
        paired.update((id(before), id(after)))
        if found > 0 and output and kind_family(before) == "time":
            notes.append(faster_but_changed(before, after, output, language, catalog))
        elif found < 0 and why_slower and not symptom:
            notes.append(first_slower(before, after, language, catalog))
        elif found < 0 and symptom and (before, after) not in costs:
            notes.append(regressed(before, after, language, catalog))
        elif found > 0 and symptom and compares_variants(text):
            notes.append(variants(before, after, language, catalog))  # no change made yet
        elif (before, after) not in costs:
            # "RSS 3.9 GB -> 3.6 GB, is it a leak?": nothing changed, evidence for the question
            line = observation(before, after, text, language, catalog) or compare(
                before, after, language, catalog, text
            )
            if line:
                notes.append(line)
    notes.extend(_part_line(p, w, language, catalog) for p, w in _parts(facts.quantities))
    shares = _share_pairs(facts.quantities)
    for before, after in shares:
        paired.update((id(before), id(after)))
        notes.append(_share_line(before, after, language, catalog))
        if after_contrast(after, text, language):
            costs.append((before, after))
    saturated = cpu_saturation(facts.quantities, text)
    # A CPU share is a cost only when said as one ("... but CPU went to 95%"): all cores busy
    # after parallelising is the point, not a price (a lone share is no before/after pair).
    if costs or (saturated is not None and after_contrast(saturated, text, language)):
        notes.append(_tradeoff(gains, costs, saturated, language, catalog))
    if saturated is not None:
        paired.add(id(saturated))
        notes.append(
            catalog.message(language, "reasoning_cpu_saturated", value=format_value(saturated))
        )
    comparable = [q for q in facts.quantities if id(q) not in paired and is_comparable(q)]
    earlier_pairs = [(old, q) for q in comparable for old in [_earlier(q, memory, text)] if old]
    # one verdict per measure: of several numbers of one family against the thread's earlier
    # ones, the last written is the turn's result ("json.dumps took 120 ms, orjson.dumps 18 ms")
    last = {(kind_family(q), percentile(q)): i for i, (_, q) in enumerate(earlier_pairs)}
    earlier_pairs = [
        p for i, p in enumerate(earlier_pairs) if last[kind_family(p[1]), percentile(p[1])] == i
    ]
    moved = {direction(old, q) for old, q in earlier_pairs}
    if not pairs and {1, -1} <= moved:
        # "now 6 GB, but 44 s": memory better, time worse since the last turn: one verdict,
        # the trade-off, never "keep it" and "revert it" side by side
        won = [(o, q) for o, q in earlier_pairs if direction(o, q) > 0]
        lost = [(o, q) for o, q in earlier_pairs if direction(o, q) < 0]
        notes.append(_tradeoff(won, lost, None, language, catalog))
        paired.update(id(q) for _, q in earlier_pairs)
        earlier_pairs = []
    for old, q in earlier_pairs:
        part = profiled_part(q, old, text)
        line = (
            _part_line(q, old, language, catalog)
            if part
            else compare(old, q, language, catalog, text)
        )
        if not part and output and direction(old, q) > 0 and kind_family(q) == "time":
            notes.append(faster_but_changed(old, q, output, language, catalog))
            paired.add(id(q))
        elif part:
            notes.append(line)  # "profiling shows 4.3 s in the template": a share of the 5.1 s
            paired.add(id(q))
        elif line:
            earlier = f"{percentile(old)} {format_value(old)}".strip()
            since = catalog.message(language, "reasoning_since_earlier", earlier=earlier)
            notes.append(f"{since} {line}")
            paired.add(id(q))
    warm = warmup_line(facts, memory, text, language, catalog)
    if warm:
        notes.insert(0, warm)
    expected = next((q for q in facts.quantities if "expected" in q.label.split()), None)
    observed = _observed_for(expected, facts.quantities, comparable)
    if expected is not None and observed is not None and min(expected.value, observed.value) > 0:
        ratio = observed.value / expected.value
        # less time than expected is overlap, never "they ran one after another" (review10
        # T29: "0,11 s au lieu de 1,6 s" for 16 loads of 100 ms is the parallel loads working)
        slower = ratio >= 1
        factor = ratio if slower else 1 / ratio
        notes.append(
            catalog.message(
                language,
                "reasoning_expected" if slower else "reasoning_expected_faster",
                observed=format_value(observed),
                expected=format_value(expected),
                ratio=f"{factor:.1f}" if factor < 10 else f"{factor:.0f}",
            )
        )
        paired.add(id(observed))
    waiting = waiting_workers(facts, text, language, catalog)
    if waiting:
        notes.append(waiting)  # "Pool(8), CPU 30 %": the workers wait; not "which change gave it?"
    faster = bool(gains) or any(direction(old, q) > 0 for old, q in earlier_pairs)
    crowded = more_workers_than_cores(text, _cores(facts, memory), faster, language, catalog)
    if crowded:
        notes.insert(0, crowded)  # 16 processes on 4 cores helped: the workers wait on I/O
    speedups = [q for q in facts.quantities if q.kind == "ratio" and q.unit == "x"]
    cores = _cores(facts, memory)
    if speedups and cores:
        latest = next((q for q in reversed(speedups) if side(q) == "after"), speedups[-1])
        notes.append(_efficiency(latest, cores, language, catalog))
    for q in speedups:
        if not notes:
            notes.append(
                catalog.message(language, "reasoning_ratio_reported", value=format_value(q))
            )
    projected = extrapolation(facts, language, catalog) or growth(facts, language, catalog)
    if projected:
        notes.append(projected)
    if not notes and "result" in facts.given and not facts.quantities:
        key = "reasoning_tests_failed" if _FAILED.search(text) else "reasoning_tests_passed"
        notes.append(catalog.message(language, key))
    if not notes:
        side_by_side = _named_variants([q for q in comparable if id(q) not in paired])
        if side_by_side is not None:
            notes.append(variants(*side_by_side, language, catalog))
    if not notes:
        baseline = [q for q in comparable if id(q) not in paired]
        if baseline and not memory.evidence:
            # As the learner wrote them ("110 Mo/s", not "104.9 MiB/s"): their own number;
            # a cost per item is also shown per item ("50 MB per 5000 requests (9.8 KiB/request)").
            shown = ", ".join(
                f"{percentile(q) + ' ' if percentile(q) else ''}{inline_safe(q.text, 40)}"
                + (f" ({format_value(q)})" if q.unit == "B/item" else "")
                for q in baseline[:3]
            )
            notes.append(catalog.message(language, "reasoning_baseline", values=shown))
    goal = _against_goal(facts, memory, language, catalog)
    if goal:
        notes.append(goal)
    notes = lead_with_roles(notes, facts, memory, text, language, catalog)
    said = output_line(output, language, catalog) if output else ""
    if said and not any(said in n for n in notes):
        notes.insert(0, said)  # the output moved: that decides before any number does
    return tuple(notes[:4])


def _named_variants(items: list[Quantity]) -> tuple[Quantity, Quantity] | None:
    """Two numbers of one measure naming two different things: variants side by side."""
    for i, first in enumerate(items):
        for second in items[i + 1 :]:
            alike = kind_family(first) == kind_family(second) and first.unit == second.unit
            if alike and not side(first) and not side(second) and apart(first, second):
                return first, second
    return None


def _earlier(q: Quantity, memory: ThreadMemory, text: str) -> Quantity | None:
    """The thread's number `q` is the result of, or the total a profiled part of it belongs to.

    "Profiling shows 4.3 s in the template" reports no change, so it is no result; it is still
    read as a share of the 5.1 s the thread measured.
    """
    old = earlier_number(q, memory)
    if old is None:
        loose = earlier_number(q, memory, as_result=False)
        if loose is not None and profiled_part(q, loose, text):
            return loose
    return old


def _parts(items: tuple[Quantity, ...]) -> list[tuple[Quantity, Quantity]]:
    """(part, whole) of each share the learner wrote: "2.1 s of the 2.4 s"."""
    found: list[tuple[Quantity, Quantity]] = []
    for i, q in enumerate(items[:-1]):
        labels = {*q.label.split(), *items[i + 1].label.split()}
        if {PART, WHOLE} <= labels:
            part, whole = (q, items[i + 1]) if PART in q.label.split() else (items[i + 1], q)
            found.append((part, whole))
    return found


def _part_line(part: Quantity, whole: Quantity, language: str, catalog: Catalog) -> str:
    """A share read as one: where the time (or memory) goes, and the most removing it gives."""
    rest = whole.value - part.value
    left = Quantity(whole.kind, rest, whole.unit, whole.text, "")
    return catalog.message(
        language,
        "reasoning_part_of",
        part=format_value(part, whole),
        whole=format_value(whole, part),
        pct=f"{part.value / whole.value * 100:.0f}",
        rest=format_value(left, whole),
        bound=f"{whole.value / rest:.1f}" if rest > 0 else "∞",
    )


def _share_pairs(items: tuple[Quantity, ...]) -> list[tuple[Quantity, Quantity]]:
    """'flaky tests from 1% to 6%', 'CPU 40% -> 95%': before/after pairs of percentages."""
    shares = [q for q in items if q.unit == "%" and measured(q)]
    befores = [q for q in shares if side(q) == "before"]
    afters = [q for q in shares if side(q) == "after"]
    return list(zip(befores, afters, strict=False))


def _share_line(before: Quantity, after: Quantity, language: str, catalog: Catalog) -> str:
    points = after.value - before.value
    low, high = sorted((before.value, after.value))
    ratio = high / low if low > 0 else 0.0
    return catalog.message(
        language,
        "reasoning_share_up" if points >= 0 else "reasoning_share_down",
        before=format_value(before),
        after=format_value(after),
        points=f"{abs(points):g}",
        ratio=f"{ratio:.1f}" if ratio else "∞",
    )


def _pair_text(before: Quantity, after: Quantity) -> str:
    """'p99 900 ms → 120 ms (-87%)': a pair as the trade-off line names it."""
    label = percentile(after) or percentile(before)
    shown = f"{format_value(before, after)} → {format_value(after, before)}"
    if before.unit != "%" and before.value:  # a share's change is in points, already shown
        shown += f" ({(after.value - before.value) / before.value * 100:+.0f}%)"
    return f"{label} {shown}".strip()


def _tradeoff(
    gains: list[tuple[Quantity, Quantity]],
    costs: list[tuple[Quantity, Quantity]],
    saturated: Quantity | None,
    language: str,
    catalog: Catalog,
) -> str:
    """The gain and its price in one line; 'the price of the fix' when the gain was words."""
    if costs:
        cost = _pair_text(*costs[0])
        cost_name = format_value(costs[0][1], costs[0][0])
    else:
        cost = cost_name = f"CPU {format_value(saturated)}" if saturated else ""
    if gains:
        return catalog.message(
            language,
            "reasoning_tradeoff",
            gain=_pair_text(*gains[0]),
            cost=cost,
            cost_name=cost_name,
        )
    return catalog.message(language, "reasoning_fix_cost", cost=cost)


def _against_goal(
    facts: QuestionFacts, memory: ThreadMemory, language: str, catalog: Catalog
) -> str:
    """The newest number measured this turn against the goal stated in the thread (same kind).

    "p99 must stay under 200 ms", said once, is what every later p99 is read against: how far
    from it, or met.
    """
    goals = [q for q in (*memory.evidence, *facts.quantities) if "goal" in q.label.split()]
    for q in reversed(facts.quantities):
        if not is_comparable(q) or side(q) == "before" or q.kind == "ratio":
            continue
        goal = next((g for g in reversed(goals) if _same_measure(g, q)), None)
        if goal is None:
            continue
        label = f"{percentile(q)} " if percentile(q) else ""
        params = {"value": f"{label}{format_value(q)}", "goal": format_value(goal)}
        if direction(goal, q) >= 0:
            return catalog.message(language, "reasoning_goal_met", **params)
        gap = Quantity(q.kind, abs(q.value - goal.value), q.unit, q.text, q.label)
        low, high = sorted((q.value, goal.value))
        return catalog.message(
            language,
            "reasoning_goal_over",
            ratio=f"{high / low:.1f}",
            gap=format_value(gap),
            **params,
        )
    return ""


def _same_measure(goal: Quantity, q: Quantity) -> bool:
    """A goal applies to a number of its kind and unit (a p99 goal to a p99, not to a p50)."""
    same = goal.kind == q.kind and goal.unit == q.unit and goal.value > 0
    return same and percentile(goal) in ("", percentile(q))


def _observed_for(
    expected: Quantity | None, items: tuple[Quantity, ...], comparable: list[Quantity]
) -> Quantity | None:
    """The measurement an expectation is set against: the one said just before it.

    "16 loads of 100 ms finish in 0.11 s instead of 1.6 s" sets 0.11 s against 1.6 s, not
    the per-load 100 ms (review10 T29); with nothing before it, the first of its kind.
    """
    if expected is None:
        return None
    kind = kind_family(expected)
    candidates = {id(q) for q in comparable if kind_family(q) == kind}
    at = next((i for i, q in enumerate(items) if q is expected), len(items))
    before = next((q for q in reversed(items[:at]) if id(q) in candidates), None)
    return before or next((q for q in comparable if id(q) in candidates), None)
