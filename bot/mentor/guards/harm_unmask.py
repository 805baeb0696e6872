"""What a block really runs once the names and payloads it builds from strings are decoded.

`__import__('so' + 'cket')` and `importlib.import_module(...)` become plain imports,
`getattr(mod, 'po' + 'st')` a plain attribute; a payload run through `exec`/`eval`/`compile`
or a command a shell runs (`os.system`, `subprocess.run`, a name bound to one) is decoded
(harm_folding) and followed MAX_DEPTH levels down, for harm_decoded to scan with its host.
"""

from __future__ import annotations

import ast
import re

from bot.mentor.guards.harm_folding import Folder

MAX_DEPTH = 3
"""Nested encodings followed (a base64 payload that execs a rot13 one...)."""
MASKS = (
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
"""Words a block must hold for unmasking to be worth a parse."""


SHELL_RUNNERS = frozenset(
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


class Unmask(ast.NodeTransformer):
    """`__import__('so'+'cket')` -> `socket`; `getattr(m, 'po'+'st')` -> `m.post`."""

    def __init__(self, folder: Folder) -> None:
        self.folder = folder
        self.imports: set[str] = set()
        self.payloads: list[str] = []
        self.runners: set[str] = set(SHELL_RUNNERS)
        """Shell runners, and names bound to one (`sh = getattr(os, "sy" + "stem")`)."""

    def visit_Assign(self, node: ast.Assign) -> ast.AST:
        """A name bound to a shell runner becomes one too."""
        self.generic_visit(node)
        value = node.value
        name = value.attr if isinstance(value, ast.Attribute) else getattr(value, "id", "")
        if name in self.runners:
            self.runners.update(t.id for t in node.targets if isinstance(t, ast.Name))
        return node

    def visit_Call(self, node: ast.Call) -> ast.AST:
        """Imports and attributes by string made plain; payloads of exec and shells kept."""
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


def unmasked(code: str, depth: int) -> list[str]:
    """Sources the block really runs once its names and payloads are decoded."""
    if depth >= MAX_DEPTH or not any(mask in code for mask in MASKS):
        return []
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return []
    try:
        unmask = Unmask(Folder(tree))
        rewritten = ast.fix_missing_locations(unmask.visit(tree))
        source = ast.unparse(rewritten)
    except (RecursionError, ValueError, TypeError, AttributeError):
        return []
    imports = "".join(f"import {m}\n" for m in sorted(unmask.imports))
    out = [imports + source] if imports or source != code else []
    for payload in unmask.payloads:
        host = imports + source + "\n" + payload
        out.extend([payload, host])
        out.extend(unmasked(payload, depth + 1))
    return out
