"""A task's function bound as a lambda is the function: its solution is withheld like a def."""

from __future__ import annotations

import ast

from bot.app import App
from bot.mentor.guards.hoisting import hoisted
from bot.mentor.models import Sections
from tests.fakes.cache_drafts import guard_alone, shown

LAMBDA_PIPELINE = """```python
from concurrent.futures import ProcessPoolExecutor
from pipeline_task import aggregate, parse, work

def _one(line):
    key, seed = parse(line)
    return key, work(seed)

run_pipeline = lambda lines, workers: aggregate(
    list(ProcessPoolExecutor(workers).map(_one, lines, chunksize=256))
)
```"""


async def test_pipeline_solution_as_a_lambda_is_withheld(app: App) -> None:
    """`run_pipeline = lambda lines, workers: ...` defines the task's interface: withheld."""
    draft = Sections(
        context="Where does the pipeline spend its time?",
        hypotheses="Parsing in the parent and working in 4 processes should cut wall time ~3x.",
        steps="1. Time the baseline.\n2. Time 4 workers.\n3. Compare.",
        scaffold=LAMBDA_PIPELINE,
        topics="- multiprocessing",
        next_steps="Read about `chunksize`.",
        reflection="What wall time did you measure with 1 and 4 workers?",
    )
    guarded = await guard_alone(app.mentor.guards, draft, wants_scaffold=True)
    assert "run_pipeline = lambda" not in shown(guarded)


def test_a_lambda_binding_reads_as_a_def() -> None:
    """Module and class lambdas become defs; code without one is left as it is."""
    tree = ast.parse("f = lambda a, b: a + b\nclass C:\n    g = lambda self: 1\n")
    lifted = hoisted(tree)
    assert lifted is not None
    names = {n.name for n in ast.walk(lifted) if isinstance(n, ast.FunctionDef)}
    assert names == {"f", "g"}
    assert hoisted(ast.parse("x = 1\nprint(x)\n")) is None
