"""Definitions a draft tucks away, lifted to the top: a fixture, a branch, a try, a patch-in.

A task's solution hides from an interface match when its class is defined inside a pytest
fixture or factory function, under `if`/`else`, `try`/`except` or `with`, or when its
methods are defined as plain functions and attached afterwards (`Cls.get = get`). Lifted,
it is the program it amounts to, and the task's checker can judge it. A function bound as a
lambda (`run_pipeline = lambda lines, workers: ...`) is the function it names.
"""

from __future__ import annotations

import ast
import copy

_Def = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef
_Nest = ast.If | ast.Try | ast.With | ast.AsyncWith | ast.For | ast.While


def hoisted(tree: ast.Module) -> ast.Module | None:
    """`tree` with nested definitions and imports at module level; None when none were."""
    body: list[ast.stmt] = []
    changed = False
    for node in tree.body:
        lifted = _lift(node)
        changed |= lifted is not None
        body.extend(lifted if lifted is not None else [node])
    attached = _attach(body)
    named = _unlambda(body)
    for node in body:
        if isinstance(node, ast.ClassDef):
            named |= _unlambda(node.body)
    if not (changed or attached or named):
        return None
    module = ast.Module(body=body, type_ignores=[])
    return ast.fix_missing_locations(module)


def _lift(node: ast.stmt) -> list[ast.stmt] | None:
    """The imports and definitions inside a block statement or a function that defines classes.

    None for a statement that hides nothing (left as it is).
    """
    if isinstance(node, _Nest):
        inner = [n for block in _blocks(node) for n in block]
    elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and any(
        isinstance(n, ast.ClassDef) for n in node.body
    ):
        inner = list(node.body)  # a fixture or factory defining the class it returns
    else:
        return None
    out: list[ast.stmt] = []
    for child in inner:
        if isinstance(child, ast.Import | ast.ImportFrom | _Def):
            out.append(child)
        else:
            out.extend(_lift(child) or [])
    return out if any(isinstance(n, _Def) for n in out) else None


def _blocks(node: ast.stmt) -> list[list[ast.stmt]]:
    blocks: list[list[ast.stmt]] = [getattr(node, "body", [])]
    blocks.append(getattr(node, "orelse", []))
    blocks.append(getattr(node, "finalbody", []))
    blocks.extend(h.body for h in getattr(node, "handlers", []))
    return blocks


def _attach(body: list[ast.stmt]) -> bool:
    """Move `Cls.name = func` (a module function) into the class as a method; True if any."""
    classes = {n.name: n for n in body if isinstance(n, ast.ClassDef)}
    functions = {n.name: n for n in body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)}
    moved = False
    for node in list(body):
        if not (isinstance(node, ast.Assign) and len(node.targets) == 1):
            continue
        target, value = node.targets[0], node.value
        if not (
            isinstance(target, ast.Attribute)
            and isinstance(target.value, ast.Name)
            and target.value.id in classes
            and isinstance(value, ast.Name)
            and value.id in functions
        ):
            continue
        method = copy.deepcopy(functions[value.id])
        method.name = target.attr
        cls = classes[target.value.id]
        cls.body = [
            n
            for n in cls.body
            if not (isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef) and n.name == target.attr)
        ]
        cls.body.append(method)
        body.remove(node)
        moved = True
    return moved


def _unlambda(body: list[ast.stmt]) -> bool:
    """Turn `name = lambda args: expr` into `def name(args): return expr`; True if any."""
    changed = False
    for i, node in enumerate(body):
        if not (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and isinstance(node.value, ast.Lambda)
        ):
            continue
        function = ast.FunctionDef(
            name=node.targets[0].id,
            args=node.value.args,
            body=[ast.Return(value=node.value.body)],
            decorator_list=[],
            returns=None,
            type_comment=None,
        )
        body[i] = ast.copy_location(function, node)
        changed = True
    return changed
