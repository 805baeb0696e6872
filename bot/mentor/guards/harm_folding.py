"""Constant string expressions folded without running them, through any encoding on the way.

`'so' + 'cket'`, `''.join(map(chr, [...]))`, `base64.b64decode('...').decode()`,
`codecs.decode(s, 'rot13')`, `s[::-1]`: what such an expression evaluates to, for harm_unmask
to read the imports, attributes and payloads a block hides behind them. Each encoding is one
row of a table (DECODERS for the `base64`/`binascii`/`zlib` functions, CODECS for the `codecs`
module's names); nothing is executed.
"""

from __future__ import annotations

import ast
import base64
import binascii
import codecs
import zlib
from collections.abc import Callable

MAX_FOLDED = 200_000
"""Longest string the folder builds (`'a' * 10**9` is not folded)."""

Value = str | bytes


def as_bytes(value: Value) -> bytes:
    """A folded value as bytes, the way a decoder takes it."""
    return value.encode("utf-8", "ignore") if isinstance(value, str) else value


DECODERS: dict[str, Callable[[bytes], bytes]] = {
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
"""A decoding function's name (however it is reached: `base64.b64decode`, `b64decode`) -> it."""


def _rot13(data: Value) -> Value:
    return codecs.decode(data if isinstance(data, str) else data.decode(), "rot13")


def _bytes_codec(name: str) -> Callable[[Value], Value]:
    def decode(data: Value) -> Value:
        return codecs.decode(as_bytes(data), name)

    return decode


CODECS: dict[str, Callable[[Value], Value]] = {
    "rot13": _rot13,
    "rot_13": _rot13,
    **{
        name: _bytes_codec(name)
        for name in ("hex", "hex_codec", "base64", "base64_codec", "zlib", "zlib_codec")
    },
}
"""`codecs.decode(data, name)`'s names (lower case, `_` for `-`) -> the decoding."""


class Folder:
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
        """What `node` evaluates to when it is a constant string expression, else None."""
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
            chars = chr_codes(items)
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
        if name in DECODERS and args and args[0] is not None:
            return DECODERS[name](as_bytes(args[0]))
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
            decoder = CODECS.get(args[1].lower().replace("-", "_"))
            return decoder(args[0]) if decoder is not None else None
        target = self.fold(func.value, depth + 1)
        if target is None:
            return None
        if func.attr == "decode":
            return target.decode("utf-8", "ignore") if isinstance(target, bytes) else target
        return target.encode("utf-8", "ignore") if isinstance(target, str) else target


def chr_codes(node: ast.AST) -> list[str] | None:
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
