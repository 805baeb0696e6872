"""Where a call's argument comes from, read with `ast` (review13 W15).

`render_template_string(request.args['tpl'])` runs the sender's template on the server, while
`render_template_string("<p>{{ n }}</p>", n=request.args['n'])` only fills a value in; a
`send_file` of `os.path.join(BASE, request.args['name'])` serves `../../etc/passwd`, of
`safe_join(BASE, name)` does not. Whether a kind holds is which argument of which call carries
request data: a regex on the line cannot tell, the syntax tree can. The sinks and their
arguments are data (config/guards/unsafe_advice.toml, `sinks`); here is only how provenance is
read: a name assigned from request data (in the block, to a fixpoint), a parameter of a web
route, the request object's fields, `input()` and `sys.argv`; a sanitiser on the way (safe_join,
secure_filename, an allowlist check) clears it.
"""

from __future__ import annotations

import ast
import re
from functools import lru_cache

SOURCE = re.compile(
    r"\brequest\b|\breq\.(?:query|params|body|args|form)\b|\binput\(|\bsys\.argv\b|"
    r"\bUploadFile\b|\.recv\(|\bupload\w*|\buser_?(?:input|data|url|path|template)\b|"
    r"\bquery_params\b|\bpath_params\b|\bself\.get_argument\(",
)
"""Request data in an expression's source (web frameworks, console input, a socket)."""
SANITISED = re.compile(
    r"\bsafe_join\(|\bsecure_filename\(|\bbasename\(|\bsend_from_directory\(|"
    r"\burl_has_allowed_host_and_scheme\(|\bis_safe_url\(|\burl_for\(|\bescape\(|\bquote\(|"
    r"\bint\(|\buuid\.UUID\(|\ballow_?list\b|\bALLOWED_\w+|\bis_relative_to\(",
)
"""A value passed through a check or a transform that removes the hole."""
_ROUTE = re.compile(r"^\s*@\w+\.(?:get|post|put|patch|delete|route|api_route|websocket)\(", re.M)
_ASSIGN = re.compile(r"^\s*(\w+)\s*(?::[^=\n]+)?=(?!=)\s*(.+)$", re.M)
_CHECKED_IN_BLOCK = re.compile(
    r"\bsafe_join\(|\burl_has_allowed_host_and_scheme\(|\bis_safe_url\(|\.is_relative_to\(|"
    r"\bcommonpath\(|\.startswith\(\s*(?:BASE|ROOT|base|root|str\()|\bnetloc\b|\bALLOWED_\w+",
)
"""A check of the value somewhere in the block: the author guards the sink."""
_SECRET = re.compile(
    r"sig(?:nature)?\b|signature|hmac|\bmac\b|digest|token(?!iz)|secret|api_?key|"
    r"passw|\bpwd\b|otp|nonce|x-sig|x-hub",
    re.I,
)


def _trees(line: str) -> list[ast.AST]:
    """The code of a line: the whole of it, or its `backticked` spans, that parse as Python."""
    spans = re.findall(r"`([^`\n]+)`", line) or [line]
    trees: list[ast.AST] = []
    for span in spans:
        text = span.strip().rstrip(".;")
        for candidate in (text, f"{text} pass", f"{text}\n    pass", f"({text})"):
            try:
                trees.append(ast.parse(candidate))
                break
            except (SyntaxError, ValueError):
                continue
    return trees


@lru_cache(maxsize=512)
def _tainted_names(context: str) -> frozenset[str]:
    """Names the block fills from request data, to a fixpoint; a web route's parameters."""
    names: set[str] = set()
    if _ROUTE.search(context):
        for match in re.finditer(r"^\s*(?:async\s+)?def\s+\w+\(([^)]*)\)", context, re.M):
            for param in match.group(1).split(","):
                name = param.split(":")[0].split("=")[0].strip().lstrip("*")
                if name and name not in {"self", "request", "req", "db", "session"}:
                    names.add(name)
    assigned = [(m.group(1), m.group(2)) for m in _ASSIGN.finditer(context)]
    changed = True
    while changed:
        changed = False
        for name, value in assigned:
            if name in names or SANITISED.search(value):
                continue
            if SOURCE.search(value) or any(re.search(rf"\b{n}\b", value) for n in names):
                names.add(name)
                changed = True
    return frozenset(names)


def _tainted(node: ast.AST, names: frozenset[str]) -> bool:
    text = ast.unparse(node)
    if SANITISED.search(text):
        return False
    if SOURCE.search(text):
        return True
    return any(isinstance(n, ast.Name) and n.id in names for n in ast.walk(node))


def _callee(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def sink_tainted(line: str, context: str, sinks: dict[str, int]) -> bool:
    """A call of `sinks` (name -> argument index; -1: any argument) gets request data.

    Not when the block checks the value before (safe_join, an allowed-host check).
    """
    if _CHECKED_IN_BLOCK.search(f"{line}\n{context}"):
        return False
    names = _tainted_names(context)
    for tree in _trees(line):
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or _callee(node) not in sinks:
                continue
            index = sinks[_callee(node)]
            args: list[ast.expr] = list(node.args) if index < 0 else node.args[index : index + 1]
            if index < 0:
                args += [kw.value for kw in node.keywords]
            if any(_tainted(arg, names) for arg in args):
                return True
    return False


def _secret_side(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant):
        return False
    text = ast.unparse(node)
    if re.match(r"len\(|type\(|None$", text):
        return False
    return bool(_SECRET.search(text))


def _secret_compares(line: str) -> list[ast.Compare]:
    found: list[ast.Compare] = []
    for tree in _trees(line):
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Compare)
                and len(node.ops) == 1
                and isinstance(node.ops[0], ast.Eq | ast.NotEq)
                and not any(
                    isinstance(side, ast.Constant) for side in (node.left, node.comparators[0])
                )
                and (_secret_side(node.left) or _secret_side(node.comparators[0]))
            ):
                found.append(node)
    return found


def secret_compared(line: str, context: str = "") -> bool:
    """A signature, token or digest compared with `==`/`!=`: its time tells the secret."""
    del context
    return bool(_secret_compares(line))


def compare_digest(line: str) -> str:
    """`a == b` -> `hmac.compare_digest(a, b)`; `a != b` -> `not hmac.compare_digest(a, b)`."""
    pattern = re.compile(
        r"(?P<a>[^\s=!()`:][^=!`:\n]*?)\s*(?P<op>==|!=)\s*(?P<b>[^:`\n]+?)(?=\s*(?::|`|$))"
    )
    for compare in _secret_compares(line):
        left, right = ast.unparse(compare.left), ast.unparse(compare.comparators[0])
        negated = isinstance(compare.ops[0], ast.NotEq)
        safe = f"{'not ' if negated else ''}hmac.compare_digest({left}, {right})"
        for match in pattern.finditer(line):
            if _same(match.group("a"), left) and _same(match.group("b"), right):
                line = line[: match.start()] + safe + line[match.end() :]
                break
    return line


def _same(text: str, code: str) -> bool:
    try:
        return ast.unparse(ast.parse(text.strip().removeprefix("if ").strip())) == code
    except (SyntaxError, ValueError):
        return False
