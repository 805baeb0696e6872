"""Known-bad: threads (the GIL serialises the work) and an off-by-one that drops a line."""

from concurrent.futures import ThreadPoolExecutor

from pipeline_task import aggregate, parse, work


def run_pipeline(lines: list[str], workers: int) -> dict[str, int]:
    parsed = [parse(line) for line in lines[1:]]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        scores = list(pool.map(work, [seed for _, seed in parsed]))
    return aggregate([(key, score) for (key, _), score in zip(parsed, scores, strict=True)])
