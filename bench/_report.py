"""What the benches share to report: percentiles and one table printer (columns aligned)."""

from __future__ import annotations

from collections.abc import Sequence

Cell = str | float | int


def pct(samples: list[float], q: float) -> float:
    """The q-quantile of `samples` (nearest rank, no interpolation)."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def cell(value: Cell, width: int, digits: int) -> str:
    """A number with `digits` decimals, or text, right-aligned in `width`."""
    if isinstance(value, float):
        return f"{value:>{width}.{digits}f}"
    return f"{value:>{width}}"


def print_table(
    header: Sequence[str], rows: Sequence[Sequence[Cell]], *, digits: int = 2, first: int = 10
) -> None:
    """Print `rows` under `header`; the first column (a name) is left-aligned in `first`."""
    widths = [max(8, len(h)) for h in header[1:]]
    print(
        f"{header[0]:<{first}} "
        + " ".join(f"{h:>{w}}" for h, w in zip(header[1:], widths, strict=True))
    )
    for name, *values in rows:
        shown = [cell(v, w, digits) for v, w in zip(values, widths, strict=True)]
        print(f"{name!s:<{first}} " + " ".join(shown))


def ratio(after: float, before: float) -> str:
    """after/before as `0.62x` (below 1: faster, for times)."""
    return f"{after / before:.2f}x" if before else "-"
