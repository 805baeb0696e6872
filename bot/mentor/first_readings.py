"""A first question's numbers read for their why, not for a verdict (review11 U5).

"I tried joinedload but the page went from 300 ms to 900 ms. Why is it slower?" asks for the
mechanism: the reply must not call the 900 ms "the price of what the change fixed, keep the
fix" nor "revert it"; it says the why is in what the change does and lets the hypotheses
carry it. "Pool(8) is only 1.5x faster, CPU at 30 %, images read from NFS" holds its own clue:
eight workers that keep the CPU at 30 % wait, so the reads (I/O) or a lock bound them, not the
compute a process pool adds.
"""

from __future__ import annotations

import re

from bot.mentor.facts import Quantity, QuestionFacts, ThreadMemory
from bot.mentor.i18n import Catalog
from bot.mentor.over_time import names_workers
from bot.mentor.reasoning_verdicts import percentile
from bot.mentor.tradeoffs import position
from bot.mentor.value_format import format_value

IDLE_CPU = 50.0
"""A CPU share at most this high beside parallel workers: they wait more than they compute."""
CPU_REACH = 32
"""Characters before a share where the word CPU stands ("CPU 占用率只有 30%")."""
_CPU = re.compile(r"cpu|процессор|处理器|プロセッサ|프로세서", re.I)


def first_turn(memory: ThreadMemory) -> bool:
    """Nothing measured or said before in this thread."""
    return not memory.turns and not memory.evidence


def asks_why(text: str) -> bool:
    """The message asks something (a question mark): a why, not a report to judge."""
    return "?" in text or "？" in text


def first_slower(before: Quantity, after: Quantity, language: str, catalog: Catalog) -> str:
    """'300 ms → 900 ms (3.0x slower) after your change: the why is in what the change does'."""
    low, high = sorted((before.value, after.value))
    label = percentile(after) or percentile(before)
    return catalog.message(
        language,
        "measured_first_slower",
        label=f"{label} " if label else "",
        before=format_value(before, after),
        after=format_value(after, before),
        ratio=f"{high / low:.1f}" if low > 0 else "∞",
    )


def waiting_workers(facts: QuestionFacts, text: str, language: str, catalog: Catalog) -> str:
    """A low CPU share beside parallel workers: they wait (I/O, a lock), the CPU is not the limit."""
    if not names_workers(text):
        return ""
    for q in facts.quantities:
        if q.unit != "%" or not 0 < q.value <= IDLE_CPU or "before" in q.label.split():
            continue
        where = position(q, text)
        if where >= 0 and _CPU.search(text[max(0, where - CPU_REACH) : where]):
            return catalog.message(language, "measured_low_cpu_workers", cpu=format_value(q))
    return ""


MAX_WORKERS = 100_000
_WORKER_NUMBER = re.compile(
    r"(?:pool|max_workers\s?=|n_jobs\s?=|processes\s?=|workers\s?=)\s?\(?\s?(\d{1,6})", re.I
)


def worker_count(text: str) -> int:
    """The largest number of parallel workers the message names ("16 Prozessen", "Pool(8)")."""
    lower = text[:4000].lower()
    found = [int(m.group(1)) for m in _WORKER_NUMBER.finditer(lower)]
    for m in re.finditer(r"(\d{1,6})\s{0,2}(?:-|\s)?(\w{2,20}|[^\x00-\x7f]{1,6})", lower):
        if names_workers(m.group(2)) and int(m.group(1)) < MAX_WORKERS:
            found.append(int(m.group(1)))
    return max(found, default=0)


def more_workers_than_cores(
    text: str, cores: float, faster: bool, language: str, catalog: Catalog
) -> str:
    """More processes than cores made it faster: the workers wait, the work is I/O-bound."""
    workers = worker_count(text)
    if not faster or cores < 1 or workers <= cores:
        return ""
    return catalog.message(
        language, "measured_more_workers_than_cores", workers=str(workers), cores=f"{cores:g}"
    )
