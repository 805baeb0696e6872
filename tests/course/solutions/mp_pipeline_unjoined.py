"""Honest but untidy: a multiprocessing.Pool that is never closed or joined."""

from multiprocessing import Pool

from pipeline_task import aggregate, parse, work


def run_pipeline(lines: list[str], workers: int) -> dict[str, int]:
    parsed = [parse(line) for line in lines]
    pool = Pool(workers)
    scores = pool.map(work, [seed for _, seed in parsed], chunksize=25)
    return aggregate([(key, score) for (key, _), score in zip(parsed, scores, strict=True)])
