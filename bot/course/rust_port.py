"""Whether a Rust function's body has the shape of the prime count it claims to port.

review12 V23: the review passed an extension whose `count_primes` was `limit / 10`. A review
task is never built nor run (no Rust in the sandbox), so its numbers are the learner's word;
but the code is in the hand-in, and counting primes has a readable shape: a loop over the
input (a `for`/`while`, or an iterator over `2..limit` or over a table sized by it) that
either marks multiples (a sieve: an indexed store or bit operation, stepped by a prime) or
tests divisibility (`n % d` by a varying divisor). A body with no such loop, one that calls
back into Python, or one holding the result the benchmark asserts is not a port: the review
says so and asks for the code to be reviewed by hand.

Reads the code with comments and strings already erased (bot/course/review.py); helpers the
function calls, defined in the same block, are read with it.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

_FN_ITEM = re.compile(r"\bfn\s+(\w+)\s*(?:<[^>{]*>)?\s*\(([^)]*)\)[^{;]*\{")
_LET = re.compile(r"\blet\s+(?:mut\s+)?(\w+)\s*(?::[^=;]+)?=(?!=)")
_FOR = re.compile(r"\bfor\b[^{;]*?\bin\b([^{;]*)\{")
_WHILE = re.compile(r"\bwhile\b([^{;]*)\{")
_LOOP = re.compile(r"\bloop\s*\{")
_RANGE = re.compile(r"\.\.=?\s*([^;{}]*)")
_ITERATE = re.compile(
    r"\b(\w+)\s*\.\s*(?:iter|into_iter|iter_mut|chunks|chunks_exact|windows|par_iter)\s*\("
)
_ADAPTER = re.compile(
    r"\.\s*(?:filter|map|fold|count|sum|all|any|step_by|for_each|take_while|position|zip|"
    r"enumerate|into_par_iter|par_bridge|filter_map|try_fold|rev|skip)\s*\("
)
_DIVISIBILITY = re.compile(r"%\s*[*&(]*\s*[A-Za-z_]")
_MARK = re.compile(
    r"\w\s*\[[^\]]+\]\s*(?:=(?!=)|\|=|&=|\^=)|\.\s*(?:set|insert|fill|set_range|remove)\s*\("
)
_STEPPED = re.compile(r"\.\s*step_by\s*\(\s*[A-Za-z_*&]|\+=\s*[A-Za-z_*&(]")
_PYTHON = re.compile(
    r"\bimport(?:_bound)?\s*\(|\bPyModule\s*::\s*import|\.\s*call[01]?\s*\(|\.\s*call_method"
    r"[01]?\s*\(|\.\s*getattr\s*\(|\bpy\s*\.\s*(?:eval|run)\w*\s*\(|\bpy_run!|\bPy(?:Any)?::"
    r"from_code"
)
_INT = re.compile(r"(?<![\w.])(\d[\d_]*)(?:u8|u16|u32|u64|u128|usize|i32|i64|isize)?(?![\w.])")
_LOOKUP_ARM = re.compile(r"(\d[\d_]*)\w*\s*=>\s*(\d[\d_]*)")
_BIG = 1000
"""A literal this large, compared with the input or returned by a match on it, is a table."""


@dataclass(frozen=True, slots=True)
class PortShape:
    """What the body does: '' when it has the algorithm's shape, else why not (a fault key)."""

    fault: str
    detail: str
    value: str = ""


def braced_block(code: str, opened: int) -> str:
    """The braces-balanced block whose `{` is at `opened` (without its braces)."""
    depth = 0
    for i in range(opened, len(code)):
        depth += {"{": 1, "}": -1}.get(code[i], 0)
        if depth == 0:
            return code[opened + 1 : i]
    return code[opened + 1 :]


def _functions(code: str) -> dict[str, tuple[list[str], str]]:
    """Each `fn` of the block: its parameter names (not `py`) and its body."""
    found: dict[str, tuple[list[str], str]] = {}
    for item in _FN_ITEM.finditer(code):
        names = [p.split(":")[0].strip().removeprefix("mut ").strip() for p in item[2].split(",")]
        params = [n for n in names if n and n not in {"py", "self", "&self", "_"}]
        found.setdefault(item[1], (params, braced_block(code, item.end() - 1)))
    return found


def _reachable(function: str, fns: dict[str, tuple[list[str], str]]) -> tuple[list[str], str]:
    """The function's body and every helper of the block it calls (transitively)."""
    seen, todo, params, bodies = {function}, [function], [], []
    while todo:
        own_params, body = fns[todo.pop()]
        params += own_params
        bodies.append(body)
        for name in fns:
            if name not in seen and re.search(
                rf"\b{re.escape(name)}\s*(?:::\s*<[^>]*>\s*)?\(", body
            ):
                seen.add(name)
                todo.append(name)
    return params, "\n".join(bodies)


def _tainted(params: list[str], body: str) -> set[str]:
    """The input's names: the parameters and every local computed from them."""
    names = set(params)
    grew = True
    while grew:
        grew = False
        for let in _LET.finditer(body):
            if let[1] not in names and _mentions(_statement(body, let.end()), names):
                names.add(let[1])
                grew = True
    return names


def _statement(code: str, start: int) -> str:
    """From `start` to the `;` that ends the statement (`vec![true; n]` holds one inside)."""
    depth = 0
    for i in range(start, len(code)):
        ch = code[i]
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
            if depth < 0:
                return code[start:i]
        elif ch == ";" and depth == 0:
            return code[start:i]
    return code[start:]


def _mentions(text: str, names: set[str]) -> bool:
    return any(re.search(rf"\b{re.escape(n)}\b", text) for n in names)


def _loops(body: str, names: set[str]) -> tuple[int, bool]:
    """(loop constructs, whether one runs over the input)."""
    heads = [m[1] for m in _FOR.finditer(body)] + [m[1] for m in _WHILE.finditer(body)]
    count = len(heads) + len(_LOOP.findall(body))
    over_input = any(_mentions(h, names) for h in heads)
    over_input = over_input or any(
        _mentions(braced_block(body, m.end() - 1), names) for m in _LOOP.finditer(body)
    )
    for chain in _RANGE.finditer(body):  # (2..limit).filter(...), (2..=n).all(...)
        if _mentions(chain[1].split(")")[0], names) and _ADAPTER.search(chain[1]):
            over_input = True
            count += 1
    for chain in _ITERATE.finditer(body):  # sieve.iter().filter(..).count(), sieve sized by n
        if chain[1] in names and _ADAPTER.search(body, chain.end()):
            over_input = True
            count += 1
    return count, over_input


def _written_result(body: str, names: set[str], expected: set[int]) -> str:
    """A result written in the code: the value the benchmark asserts, or a table on the input."""
    for found in _INT.finditer(body):
        value = int(found[1].replace("_", ""))
        if value in expected and value >= _BIG:
            return found[1]
    for name in names:
        compared = re.search(
            rf"\b{re.escape(name)}\s*==\s*(\d[\d_]*)|(\d[\d_]*)\w*\s*==\s*\b{re.escape(name)}\b",
            body,
        )
        if compared and int((compared[1] or compared[2]).replace("_", "")) >= _BIG:
            return compared[1] or compared[2]
        matched = re.search(rf"\bmatch\s+\(?\s*{re.escape(name)}\b[^{{]*\{{", body)
        if matched:
            for arm in _LOOKUP_ARM.finditer(braced_block(body, matched.end() - 1)):
                if int(arm[2].replace("_", "")) >= _BIG:
                    return arm[2]
    return ""


def port_shape(code: str, function: str, expected: Collection[int] = ()) -> PortShape:
    """Read `fn function` (and its helpers) in `code` for the shape of a prime count.

    `expected`: the integers the benchmark asserts the outputs equal (148933).
    """
    fns = _functions(code)
    if function not in fns:
        return PortShape("", "")  # the caller says the function is missing
    params, body = _reachable(function, fns)
    if _PYTHON.search(body):
        return PortShape(
            "fault_port_python",
            f"`fn {function}` calls back into Python (an import, getattr or call on a Python "
            f"object): the work still runs in the interpreter, so it is not a port of {function}",
        )
    names = _tainted(params, body)
    written = _written_result(body, names, set(expected))
    if written:
        return PortShape(
            "fault_port_written",
            f"`fn {function}` holds the result ({written}) instead of computing it: a table of "
            f"answers is not a port of {function}",
            written,
        )
    loops, over_input = _loops(body, names)
    if not over_input:
        return PortShape(
            "fault_port_no_loop",
            f"`fn {function}` has no loop over its input (a for/while, or an iterator over "
            f"2..limit): one expression cannot count primes, so it is not a port of {function}; "
            "review it by hand",
        )
    sieve = bool(_MARK.search(body)) and (loops >= 2 or bool(_STEPPED.search(body)))
    if not sieve and not _DIVISIBILITY.search(body):
        return PortShape(
            "fault_port_no_algorithm",
            f"`fn {function}` loops over its input but neither marks multiples (a sieve) nor "
            f"tests divisibility (n % d): it is not a port of {function}; review it by hand",
        )
    return PortShape("", "")
