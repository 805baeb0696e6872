"""Harmful code behind a mask: dressed as a diff or doctest, encoded, or imported by string.

`scan_code` here is harm_code's scan applied to what the block really runs:
- the Python a diff, doctest, indented or `<pre>` block stands for (code_views.python_view);
- names built from strings: `__import__('so' + 'cket')`, `importlib.import_module(...)`,
  `getattr(mod, 'po' + 'st')` are rewritten to plain imports and attributes;
- payloads run through `exec`/`eval`/`compile`, or a command a shell runs (`os.system`,
  `subprocess.run`, a name bound to one) after decoding (base64/32/16/85, hex, rot13,
  zlib, reversed or joined strings, `chr` lists) are decoded and scanned with their host;
- shell, PowerShell, JavaScript, Go or Rust loops over a password list into a network
  client, and what harm_foreign reads in any language's raw text;
- base64/hex blobs the learner is told to decode (harm_blobs), scanned as blocks.
Nothing is executed: strings are folded by a small evaluator over constant expressions.
"""

from __future__ import annotations

import ast
import base64
import binascii
import codecs
import re
import zlib
from collections.abc import Callable

from bot.mentor.guards.code_views import python_view
from bot.mentor.guards.detection import BUILT_IN, NAMED_HARMS
from bot.mentor.guards.harm_blobs import decoded_blobs
from bot.mentor.guards.harm_code import scan_code as scan_plain
from bot.mentor.guards.harm_extra import scan_extra
from bot.mentor.guards.harm_foreign import scan_foreign
from bot.mentor.guards.harm_kinds import lambdas_as_defs, scan_kinds
from bot.mentor.guards.harm_signatures import fetched_and_run, scan_signatures

MAX_DEPTH = 3
"""Nested encodings followed (a base64 payload that execs a rot13 one...)."""
MAX_FOLDED = 200_000
"""Longest string the folder builds (`'a' * 10**9` is not folded)."""
_MASKS = (
    "__import__",
    "import_module",
    "getattr",
    "exec",
    "eval",
    "compile",
    "decode",
    "fromhex",
    "unhexlify",
    "decompress",
    "b64",
    "b32",
    "b85",
    "a85",
    "chr(",
    "map(chr",
)

Value = str | bytes


def _decoders() -> dict[str, Callable[[bytes], bytes]]:
    return {
        "b64decode": base64.b64decode,
        "standard_b64decode": base64.standard_b64decode,
        "urlsafe_b64decode": base64.urlsafe_b64decode,
        "b32decode": base64.b32decode,
        "b16decode": base64.b16decode,
        "b85decode": base64.b85decode,
        "a85decode": base64.a85decode,
        "decodebytes": base64.decodebytes,
        "unhexlify": binascii.unhexlify,
        "a2b_hex": binascii.a2b_hex,
        "a2b_base64": binascii.a2b_base64,
        "fromhex": lambda b: bytes.fromhex(b.decode("ascii", "ignore")),
        "decompress": zlib.decompress,
    }


_DECODERS = _decoders()
_CODECS = {"rot13", "rot_13", "hex", "hex_codec", "base64", "base64_codec", "zlib", "zlib_codec"}


def _as_bytes(value: Value) -> bytes:
    return value.encode("utf-8", "ignore") if isinstance(value, str) else value


class _Folder:
    """Evaluates constant string expressions; names bound once to a constant are known."""

    def __init__(self, tree: ast.Module) -> None:
        self.env: dict[str, Value] = {}
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Assign)
                and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)
            ):
                value = self.fold(node.value)
                if value is not None:
                    self.env[node.targets[0].id] = value

    def fold(self, node: ast.AST, depth: int = 0) -> Value | None:
        if depth > 40:
            return None
        try:
            value = self._fold(node, depth)
        except (ValueError, TypeError, binascii.Error, zlib.error, LookupError, OverflowError):
            return None
        if value is not None and len(value) > MAX_FOLDED:
            return None
        return value

    def _fold(self, node: ast.AST, depth: int) -> Value | None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str | bytes):
            return node.value
        if isinstance(node, ast.Name):
            return self.env.get(node.id)
        if isinstance(node, ast.JoinedStr):
            pieces = [self.fold(v, depth + 1) for v in node.values]
            if all(isinstance(p, str) for p in pieces):
                return "".join(p for p in pieces if isinstance(p, str))
            return None
        if isinstance(node, ast.FormattedValue):
            return self.fold(node.value, depth + 1)
        if isinstance(node, ast.BinOp):
            return self._binop(node, depth)
        if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Slice):
            value = self.fold(node.value, depth + 1)
            step = node.slice.step
            reverse = (
                isinstance(step, ast.UnaryOp)
                and isinstance(step.operand, ast.Constant)
                and step.operand.value == 1
                and node.slice.lower is None
                and node.slice.upper is None
            )
            return value[::-1] if value is not None and reverse else None
        if isinstance(node, ast.Call):
            return self._call(node, depth)
        return None

    def _binop(self, node: ast.BinOp, depth: int) -> Value | None:
        left = self.fold(node.left, depth + 1)
        if isinstance(node.op, ast.Add):
            right = self.fold(node.right, depth + 1)
            if isinstance(left, str) and isinstance(right, str):
                return left + right
            if isinstance(left, bytes) and isinstance(right, bytes):
                return left + right
        if (
            isinstance(node.op, ast.Mult)
            and left is not None
            and isinstance(node.right, ast.Constant)
            and isinstance(node.right.value, int)
            and 0 <= node.right.value * len(left) <= MAX_FOLDED
        ):
            return left * node.right.value
        return None

    def _call(self, node: ast.Call, depth: int) -> Value | None:
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        args = [self.fold(a, depth + 1) for a in node.args]
        if name == "chr" and node.args and isinstance(node.args[0], ast.Constant):
            code = node.args[0].value
            return chr(code) if isinstance(code, int) and 0 <= code < 0x110000 else None
        if name == "bytes" and node.args and isinstance(node.args[0], ast.List | ast.Tuple):
            numbers = [e.value for e in node.args[0].elts if isinstance(e, ast.Constant)]
            if all(isinstance(n, int) and 0 <= n < 256 for n in numbers):
                return bytes(n for n in numbers if isinstance(n, int))
            return None
        if name == "join" and isinstance(func, ast.Attribute) and node.args:
            sep = self.fold(func.value, depth + 1)
            items = node.args[0]
            chars = _chr_codes(items)
            if isinstance(sep, str) and chars is not None:
                return sep.join(chars)
            if isinstance(items, ast.GeneratorExp | ast.ListComp):
                items = items.generators[0].iter if len(items.generators) == 1 else items
            elts = items.elts if isinstance(items, ast.List | ast.Tuple) else None
            if isinstance(sep, str) and elts is not None:
                pieces = [self.fold(e, depth + 1) for e in elts]
                if all(isinstance(p, str) for p in pieces):
                    return sep.join(p for p in pieces if isinstance(p, str))
            if isinstance(sep, str) and elts is None:
                whole = self.fold(items, depth + 1)
                return whole if isinstance(whole, str) else None
            return None
        if name in {"decode", "encode"} and isinstance(func, ast.Attribute):
            return self._codec(node, func, args, depth)
        if name in _DECODERS and args and args[0] is not None:
            return _DECODERS[name](_as_bytes(args[0]))
        if name in {"str", "bytes"} and args and args[0] is not None:
            return args[0]
        return None

    def _codec(
        self, node: ast.Call, func: ast.Attribute, args: list[Value | None], depth: int
    ) -> Value | None:
        """`b.decode()`, `s.encode()`, `codecs.decode(s, 'rot13')`."""
        if isinstance(func.value, ast.Name) and func.value.id == "codecs":
            if len(args) < 2 or args[0] is None or not isinstance(args[1], str):
                return None
            codec = args[1].lower().replace("-", "_")
            if codec not in _CODECS:
                return None
            data: Value = args[0]
            if codec.startswith("rot"):
                return codecs.decode(data if isinstance(data, str) else data.decode(), "rot13")
            return codecs.decode(_as_bytes(data), codec)
        target = self.fold(func.value, depth + 1)
        if target is None:
            return None
        if func.attr == "decode":
            return target.decode("utf-8", "ignore") if isinstance(target, bytes) else target
        return target.encode("utf-8", "ignore") if isinstance(target, str) else target


_SHELL_RUNNERS = frozenset(
    {
        "system",
        "popen",
        "run",
        "call",
        "check_call",
        "check_output",
        "Popen",
        "getoutput",
        "getstatusoutput",
        "create_subprocess_shell",
    }
)
"""Calls that hand their first argument to a shell: a masked command is their payload."""


def _chr_codes(node: ast.AST) -> list[str] | None:
    """`map(chr, [114, 109])` or `(chr(c) for c in [114, 109])`: the characters, else None."""
    codes: ast.AST | None = None
    if (
        isinstance(node, ast.Call)
        and getattr(node.func, "id", "") == "map"
        and len(node.args) == 2
        and getattr(node.args[0], "id", "") == "chr"
    ):
        codes = node.args[1]
    elif (
        isinstance(node, ast.GeneratorExp | ast.ListComp)
        and len(node.generators) == 1
        and isinstance(node.elt, ast.Call)
        and getattr(node.elt.func, "id", "") == "chr"
    ):
        codes = node.generators[0].iter
    if not isinstance(codes, ast.List | ast.Tuple):
        return None
    numbers = [e.value for e in codes.elts if isinstance(e, ast.Constant)]
    if len(numbers) != len(codes.elts) or not all(
        isinstance(n, int) and 0 <= n < 0x110000 for n in numbers
    ):
        return None
    return [chr(n) for n in numbers if isinstance(n, int)]


class _Unmask(ast.NodeTransformer):
    """`__import__('so'+'cket')` -> `socket`; `getattr(m, 'po'+'st')` -> `m.post`."""

    def __init__(self, folder: _Folder) -> None:
        self.folder = folder
        self.imports: set[str] = set()
        self.payloads: list[str] = []
        self.runners: set[str] = set(_SHELL_RUNNERS)
        """Shell runners, and names bound to one (`sh = getattr(os, "sy" + "stem")`)."""

    def visit_Assign(self, node: ast.Assign) -> ast.AST:
        self.generic_visit(node)
        value = node.value
        name = value.attr if isinstance(value, ast.Attribute) else getattr(value, "id", "")
        if name in self.runners:
            self.runners.update(t.id for t in node.targets if isinstance(t, ast.Name))
        return node

    def visit_Call(self, node: ast.Call) -> ast.AST:
        self.generic_visit(node)
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        first = self.folder.fold(node.args[0]) if node.args else None
        if name in {"__import__", "import_module"} and isinstance(first, str):
            module = first.strip()
            if re.fullmatch(r"[A-Za-z_][\w.]*", module):
                self.imports.add(module)
                return ast.copy_location(_dotted_name(module), node)
        if name == "getattr" and len(node.args) >= 2:
            attr = self.folder.fold(node.args[1])
            if isinstance(attr, str) and attr.isidentifier():
                access = ast.Attribute(value=node.args[0], attr=attr, ctx=ast.Load())
                return ast.copy_location(access, node)
        if name in {"exec", "eval", "compile"} and first is not None:
            self.payloads.append(
                first if isinstance(first, str) else first.decode("utf-8", "ignore")
            )
        elif (
            name in self.runners
            and first is not None
            and node.args
            and not isinstance(node.args[0], ast.Constant)
        ):  # a command assembled or decoded before a shell runs it (hostile12)
            self.payloads.append(
                first if isinstance(first, str) else first.decode("utf-8", "ignore")
            )
        return node


def _dotted_name(module: str) -> ast.expr:
    parts = module.split(".")
    node: ast.expr = ast.Name(id=parts[0], ctx=ast.Load())
    for part in parts[1:]:
        node = ast.Attribute(value=node, attr=part, ctx=ast.Load())
    return node


def _unmasked(code: str, depth: int) -> list[str]:
    """Sources the block really runs once its names and payloads are decoded."""
    if depth >= MAX_DEPTH or not any(mask in code for mask in _MASKS):
        return []
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return []
    try:
        unmask = _Unmask(_Folder(tree))
        rewritten = ast.fix_missing_locations(unmask.visit(tree))
        source = ast.unparse(rewritten)
    except (RecursionError, ValueError, TypeError, AttributeError):
        return []
    imports = "".join(f"import {m}\n" for m in sorted(unmask.imports))
    out = [imports + source] if imports or source != code else []
    for payload in unmask.payloads:
        host = imports + source + "\n" + payload
        out.extend([payload, host])
        out.extend(_unmasked(payload, depth + 1))
    return out


_LOOP = re.compile(r"\b(?:while|for|foreach|ForEach-Object|xargs)\b|%\s*\{|\.forEach\(", re.I)
_LIST = re.compile(
    r"rockyou|wordlist|word_list|pass(?:word)?s?(?:_?list)?\.(?:txt|lst)|passlist|passwords\b|"
    r"combo\w*\.txt|creds?\.txt|credentials\.txt|leaked",
    re.I,
)
_CLIENT = re.compile(
    r"\bcurl\b|\bwget\b|\bsshpass\b|Invoke-WebRequest|Invoke-RestMethod|\biwr\b|\birm\b|"
    r"\bfetch\(|\baxios\b|XMLHttpRequest|\bsmbclient\b|\bftp\b|\bssh\s|\bmysql\s+-u|"
    r"Net\.WebClient|New-Object\s+System\.Net|\bhttp\.request\(|\bnc\s|"
    r"\bhttp\.Post(?:Form)?\(|\bhttp\.NewRequest\(|\breqwest\b|\bcurl_easy_|\bHttpClient\b|"
    r"\bPostAsync\(|\bsmtp\.PlainAuth\(|\bssh\.Dial\(|\bftp\.Dial",
    re.I,
)
_LOGIN = re.compile(r"log_?in|sign_?in|auth|session|pass(?:word)?=|-u\s+\S+\s+-p|--user", re.I)
_DEFENSIVE = re.compile(r"pwnedpasswords|haveibeenpwned|localhost|127\.0\.0\.1", re.I)


def _scripted_spray(code: str) -> bool:
    """Shell, PowerShell or JS: a loop over a password list into a network client's login."""
    return bool(
        _LOOP.search(code)
        and _LIST.search(code)
        and _CLIENT.search(code)
        and _LOGIN.search(code)
        and not _DEFENSIVE.search(code)
    )


_LOCAL_HOST = re.compile(r"^(?:localhost|127\.|0\.0\.0\.0|::1$)")
_SENDS = {"sendto", "send", "sendall", "sendmsg"}
_WAITS = {"recv", "recvfrom", "recv_into", "accept", "sleep", "select", "poll", "wait"}


def _endless(loop: ast.While) -> bool:
    test = loop.test
    return isinstance(test, ast.Constant) and bool(test.value)


def _call_names(node: ast.AST) -> set[str]:
    names: set[str] = set()
    for sub in ast.walk(node):
        if isinstance(sub, ast.Call):
            func = sub.func
            names.add(func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", ""))
    return names


def _blind_flood(code: str) -> bool:
    """An endless loop sending to a fixed remote address, never reading nor pausing."""
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return False
    hosts = [
        n.value
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant)
        and isinstance(n.value, str)
        and re.fullmatch(r"\d{1,3}(?:\.\d{1,3}){3}|(?:[a-z0-9-]+\.)+[a-z]{2,}", n.value, re.I)
    ]
    if not hosts or all(_LOCAL_HOST.match(h) for h in hosts):
        return False
    for loop in ast.walk(tree):
        if isinstance(loop, ast.While) and _endless(loop):
            inner = _call_names(loop)
            if (
                inner & _SENDS
                and not inner & _WAITS
                and not any(isinstance(n, ast.Break) for n in ast.walk(loop))
            ):
                return True
    return False


def scan_code(
    code: str, language: str = "python", _depth: int = 0, *, _masked: bool = False
) -> frozenset[str]:
    """The harms a block implements, whatever its dressing or encoding (empty when safe).

    An anti-forensic command the block only names to find it (a rule's value, a query's,
    a `grep` pattern: guards/detection.py) is masked and the block judged again.
    """
    view = python_view(code)
    found = set(scan_plain(code, language)) | scan_foreign(code, python=view is not None)
    found |= scan_signatures(code)
    if _depth < MAX_DEPTH:
        for hidden in decoded_blobs(code):
            found |= scan_code(hidden, "", _depth + 1)
    if view is not None and view != code:
        found |= scan_plain(view, language)
    hidden_payloads = _unmasked(view or code, 0)
    if any(map(fetched_and_run, hidden_payloads)) and not fetched_and_run(code):
        found.add("detection_evasion")  # a download run by a shell, behind an encoding
    sources = [view or code, *hidden_payloads]
    named = lambdas_as_defs(view or code)  # `go = lambda pw: post(...)` read as a function
    if named is not None:
        sources.append(named)
    for source in sources[1:]:
        found |= scan_plain(source, language)
    for source in sources:
        found |= scan_extra(source) | scan_kinds(source)
    if any(_blind_flood(source) for source in sources):
        found.add("packet_flood")
    if view is None and _scripted_spray(code):
        found.add("credential_attack")
    if "credential_attack" in found and _own_login_test(view or code):
        found.discard("credential_attack")
    if found & NAMED_HARMS and not _masked:
        masked = BUILT_IN.masked(code)
        if masked != code:
            found -= NAMED_HARMS - scan_code(masked, language, _depth, _masked=True)
    return frozenset(found)


_TARGET = re.compile(r"^(?:https?|ftp|ssh)://|^\d{1,3}(?:\.\d{1,3}){3}$|^localhost$", re.I)
_LOCAL_URL = re.compile(
    r"^(?:https?://)?(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\]|testserver)\b"
)
_FAMOUS_LISTS = re.compile(r"rockyou|wordlist|leaked|breach|combo", re.I)


def _own_login_test(code: str) -> bool:
    """Every target is this machine and no leaked wordlist is used: testing one's own limiter.

    (Issue 15: brute-forcing one's own staging login to test the rate limit is answered.)
    """
    if _FAMOUS_LISTS.search(code):
        return False
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return False
    strings = [
        n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    ]
    targets = [s for s in strings if _TARGET.match(s) or _LOCAL_URL.match(s)]
    return bool(targets) and all(_LOCAL_URL.match(s) for s in targets)


_SPAN = re.compile(r"`([^`\n]{30,})`")
_PYTHON_C = re.compile(r"""python[\d.]*\s+-c\s+(["'])(.+)\1""")


def inline_harms(line: str) -> frozenset[str]:
    """Harms of the inline code spans of a prose line (`python -c "..."` one-liners too).

    A whole program fits in one backticked span; the prose rule reads it as code.
    """
    if "`" not in line:
        return frozenset()
    found: set[str] = set()
    for span in _SPAN.findall(line):
        command = _PYTHON_C.search(span)
        code = command.group(2).replace(";", "\n") if command else span
        found |= scan_code(code, "")
    return frozenset(found)
