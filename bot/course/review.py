"""Review tasks (a toolchain the sandbox lacks, e.g. PyO3): the hand-in is judged by what it is.

Never run, so judged by structure rather than words (review8 F39): the extension's attributes
must decorate real functions outside comments, the named function must use its argument and
not be left `todo!()`; the benchmark must call a timer on both implementations and compare
their outputs; the report's samples must vary as measured timings do.
"""

from __future__ import annotations

import ast
import re
import statistics
import tomllib
from typing import Any

from bot.course.checks import CheckItem, Verdict
from bot.course.content import Task
from bot.course.rust_port import braced_block, port_shape
from bot.text import markdown

_RUST_COMMENT = re.compile(r"//[^\n]*|/\*.*?\*/", re.S)
_RUST_STRING = re.compile(r'"(?:\\.|[^"\\])*"')
_ATTRIBUTES = r"(?:#\[[^\]]*\]\s*)*"
_FN = r"(?:pub(?:\([^)]*\))?\s+)?fn\s+(\w+)\s*(?:<[^>{]*>)?\s*\(([^)]*)\)"
_UNFINISHED = re.compile(r"\b(?:todo|unimplemented)!\s*\(")
_TIMERS = {"timeit", "repeat", "Timer", "perf_counter", "perf_counter_ns", "Runner", "bench_func"}


def _blocks(text: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for block in markdown.code_blocks(text):
        found.setdefault(block.language or "text", []).append((block.code or "") + "\n")
    return found


def _num_list(value: Any) -> list[float] | None:
    if not isinstance(value, list) or not value:
        return None
    if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value):
        return None
    return [float(v) for v in value]


def review(task: Task, text: str) -> Verdict:
    """Validate a review submission: the extension code, the bench script, the report's numbers."""
    p = task.params
    function = str(p.get("function", "count_primes"))
    blocks = _blocks(text)
    rust = "\n".join(blocks.get("rust", []))
    bench = "\n".join(blocks.get("python", []))
    ok, detail = _extension(rust, p["code_markers"], function)
    # a missing block is said in the learner's language (review10 T33); the rest names code
    key, params = "" if rust.strip() else "fault_no_rust", {}
    if ok:  # the body must have the algorithm's shape, not just the signature (review12 V23)
        known = {int(v) for v in p.get("known_results", [])} | _asserted(bench)
        shape = port_shape(_code(rust), function, known)
        if shape.fault:
            ok, detail, key = False, shape.detail, shape.fault
            params = {"function": function, "value": shape.value}
    checks = [CheckItem("extension code", ok, detail, key, params)]
    bench_ok, bench_detail = _bench_script(bench, function)
    checks.append(
        CheckItem(
            "benchmark script", bench_ok, bench_detail, "" if bench.strip() else "fault_no_bench"
        )
    )
    m: dict[str, Any] = {}
    raw = "\n".join(blocks.get("toml", []))
    try:
        report = tomllib.loads(raw) if raw else None
    except tomllib.TOMLDecodeError as exc:
        error = str(exc)[:300]
        checks.append(
            CheckItem(
                "report",
                False,
                f"the ```toml report does not parse: {error}",
                "fault_report_toml",
                {"error": error},
            )
        )
        return Verdict(task.id, tuple(checks), m)
    if report is None:
        checks.append(CheckItem("report", False, "no ```toml report block", "fault_no_report"))
        return Verdict(task.id, tuple(checks), m)
    checks.extend(_report_checks(report, p, m))
    return Verdict(task.id, tuple(checks), m)


def _body(code: str, start: int) -> str:
    """The braces-balanced body of the item whose signature ends at `start`."""
    opened = code.find("{", start)
    return "" if opened < 0 else braced_block(code, opened)


def _code(rust: str) -> str:
    """The Rust code with comments and string literals erased: words there do nothing."""
    return _RUST_STRING.sub('""', _RUST_COMMENT.sub(" ", rust))


def _asserted(bench: str) -> set[int]:
    """The integers the benchmark compares outputs with (`... == 148933`)."""
    try:
        tree = ast.parse(bench)
    except SyntaxError:
        return set()
    return {
        side.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Compare)
        for side in (node.left, *node.comparators)
        if isinstance(side, ast.Constant)
        and isinstance(side.value, int)
        and not isinstance(side.value, bool)
    }


def _extension(rust: str, markers: list[str], function: str) -> tuple[bool, str]:
    """Attributes on real items (comments and strings erased); the named function does work."""
    if not rust.strip():
        return False, "no ```rust block"
    code = _code(rust)
    decorated: dict[str, list[tuple[str, str, int]]] = {}
    for marker in markers:
        pattern = re.escape(marker.rstrip("]")) + r"[^\]]*\]\s*" + _ATTRIBUTES + _FN
        for found in re.finditer(pattern, code):
            decorated.setdefault(marker, []).append((found[1], found[2], found.end()))
    missing = [mk for mk in markers if mk not in decorated]
    if missing:
        return False, "no function carries " + ", ".join(missing) + " (comments do not count)"
    own = [item for items in decorated.values() for item in items if item[0] == function]
    if not own:
        return False, f"no #[pyfunction] `fn {function}`: the extension must define it"
    _, params, end = own[0]
    names = [p.split(":")[0].strip().removeprefix("mut ").strip() for p in params.split(",")]
    used = [n for n in names if n and not n.startswith("_") and n != "py"]
    body = _body(code, end)
    if _UNFINISHED.search(body):
        return False, f"`fn {function}` is still todo!() / unimplemented!()"
    if not used or not any(re.search(rf"\b{re.escape(n)}\b", body) for n in used):
        return False, f"`fn {function}` never uses its argument: it computes nothing"
    return True, f"a ```rust block with {', '.join(markers)} on `fn {function}`"


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return "?"


def _bench_script(source: str, function: str) -> tuple[bool, str]:
    """A timer called, both implementations named, their outputs compared (not just words)."""
    if not source.strip():
        return False, "no ```python benchmark block"
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        return False, f"the benchmark script is not valid Python (line {exc.lineno})"
    timers = {
        _dotted(n.func).rsplit(".", 1)[-1]
        for n in ast.walk(tree)
        if isinstance(n, ast.Call) and _dotted(n.func).rsplit(".", 1)[-1] in _TIMERS
    }
    if not timers:
        return False, "it times nothing: call timeit (Timer.repeat), pyperf or perf_counter"
    named = {
        _dotted(n)
        for n in ast.walk(tree)
        if isinstance(n, ast.Name | ast.Attribute) and _dotted(n).rsplit(".", 1)[-1] == function
    }
    if len(named) < 2:
        return False, f"it must time both `{function}` and the extension's (found {len(named)})"
    compared = any(
        isinstance(n, ast.Compare)
        and any(isinstance(op, ast.Eq) for op in n.ops)
        and sum(
            isinstance(side, ast.Call) and _dotted(side.func).endswith(function)
            for side in (n.left, *n.comparators)
        )
        >= 2
        for n in ast.walk(tree)
    )
    if not compared:
        return (
            False,
            f"it never compares the two outputs (e.g. assert {function}(N) == ext.{function}(N))",
        )
    return True, "times with " + ", ".join(sorted(timers)) + "; compares both outputs first"


def _report_checks(report: dict[str, Any], p: dict[str, Any], m: dict[str, Any]) -> list[CheckItem]:
    out: list[CheckItem] = []
    method = report.get("method", {})
    before = report.get("before", {})
    after = report.get("after", {})
    repeats = method.get("repeats")
    b_samples = _num_list(before.get("samples_ms"))
    a_samples = _num_list(after.get("samples_ms"))
    min_repeats = int(p["min_repeats"])
    ok = (
        isinstance(repeats, int)
        and repeats >= min_repeats
        and b_samples is not None
        and a_samples is not None
        and len(b_samples) == repeats == len(a_samples)
    )
    out.append(
        CheckItem(
            "repeats",
            ok,
            f"method.repeats = {repeats!r}; before has {len(b_samples or [])} and after "
            f"{len(a_samples or [])} samples (need >= {min_repeats}, one per repeat)",
        )
    )
    if b_samples is None or a_samples is None:
        return out
    flat = [name for name, s in (("before", b_samples), ("after", a_samples)) if len(set(s)) == 1]
    out.append(
        CheckItem(
            "measured samples",
            not flat and len(b_samples) > 1,
            "the samples vary, as measured timings do"
            if not flat
            else f"every {' and '.join(flat)} sample is the same number: timings of real runs "
            "never repeat exactly, so these were not measured",
        )
    )
    b_med, a_med = statistics.median(b_samples), statistics.median(a_samples)
    tol = float(p["tolerance"])
    medians_ok = all(
        isinstance(claimed, int | float) and abs(claimed - real) <= tol * max(real, 1e-9)
        for claimed, real in ((before.get("median_ms"), b_med), (after.get("median_ms"), a_med))
    )
    out.append(
        CheckItem(
            "medians",
            medians_ok,
            f"median of the samples: before {b_med:.4g} ms, after {a_med:.4g} ms; reported "
            f"{before.get('median_ms')!r} and {after.get('median_ms')!r}",
        )
    )
    speedup = b_med / a_med if a_med > 0 else float("inf")
    claimed = report.get("result", {}).get("speedup")
    out.append(
        CheckItem(
            "speedup",
            isinstance(claimed, int | float) and abs(claimed - speedup) <= tol * speedup,
            f"median before / median after = {speedup:.3g}x; reported {claimed!r}",
        )
    )
    separated = max(a_samples) < min(b_samples)
    out.append(
        CheckItem(
            "beyond noise",
            separated,
            f"slowest after run {max(a_samples):.4g} ms vs fastest before run "
            f"{min(b_samples):.4g} ms"
            + ("" if separated else ": the runs overlap, so the speedup is not established"),
        )
    )
    fair = method.get("same_input") is True and method.get("outputs_match") is True
    out.append(
        CheckItem(
            "fair comparison",
            fair,
            "same input and outputs compared equal"
            if fair
            else "state same_input = true and outputs_match = true (and check it!)",
        )
    )
    m.update(
        repeats=repeats,
        before_median_ms=round(b_med, 6),
        after_median_ms=round(a_med, 6),
        speedup=round(speedup, 3),
        before_spread=round((max(b_samples) - min(b_samples)) / b_med, 3) if b_med else None,
        after_spread=round((max(a_samples) - min(a_samples)) / a_med, 3) if a_med else None,
    )
    return out
