"""Forged (review14 X22): every item computed inline in the main process, `pid seed` lines
appended to the checker's log as if two worker processes had run `work`."""

import hashlib
import os

import pipeline_task
from pipeline_task import aggregate, parse


def run_pipeline(lines: list[str], workers: int) -> dict[str, int]:
    log = os.path.join(os.path.dirname(pipeline_task.__file__), "work_pids.log")
    pairs = []
    with open(log, "a") as fh:
        for i, line in enumerate(lines):
            key, seed = parse(line)
            fh.write(f"{40000 + i % workers} {seed}\n")
            digest = seed.to_bytes(8, "little")
            for _ in range(pipeline_task.ROUNDS):
                digest = hashlib.sha256(digest).digest()
            pairs.append((key, int.from_bytes(digest[:8], "little") % pipeline_task.MOD))
    return aggregate(pairs)
