"""Known-good: the work stage on a process pool, order kept by map."""

from concurrent.futures import ProcessPoolExecutor

from pipeline_task import aggregate, parse, work


def run_pipeline(lines: list[str], workers: int) -> dict[str, int]:
    parsed = [parse(line) for line in lines]
    seeds = [seed for _, seed in parsed]
    chunk = max(1, len(seeds) // (4 * workers))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        scores = list(pool.map(work, seeds, chunksize=chunk))
    return aggregate([(key, score) for (key, _), score in zip(parsed, scores, strict=True)])
