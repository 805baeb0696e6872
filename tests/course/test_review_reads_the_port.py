"""The PyO3 review reads the Rust body for a prime count's shape (review12 V23).

The review task is never built nor run, so the numbers are the learner's word; the code is in
the hand-in. An extension whose `count_primes` is `limit / 10`, a formula, a table of the
asserted answer, or a call back into the Python baseline passed every line. Each is now "not
a port of count_primes", while real ports in other shapes (iterator chains, bit-sets, a
segmented sieve with helpers, trial division) still pass; a pass says it was reviewed, not
verified, in the verdict and in progress.
"""

from __future__ import annotations

import re

import pytest

from bot.course.content import Course
from bot.course.review import review
from bot.course.service import Who
from bot.course.wiring import CourseServices
from tests.course.conftest import solution

GOOD = solution("pyo3_review_good.md")
_FN = re.compile(r"#\[pyfunction\]\nfn count_primes.*?\n}\n", re.S)

FAKES = {
    "one expression (review12)": """
#[pyfunction]
fn count_primes(py: Python<'_>, limit: usize) -> usize {
    py.allow_threads(|| { limit / 10 })
}
""",
    "the prime number theorem's estimate": """
#[pyfunction]
fn count_primes(limit: u64) -> u64 {
    let x = limit as f64;
    (x / x.ln()) as u64
}
""",
    "a table of the asserted answer": """
#[pyfunction]
fn count_primes(limit: usize) -> usize {
    match limit {
        1_000_000 => 78_498,
        2_000_000 => 148_933,
        _ => limit / 14,
    }
}
""",
    "the answer behind a loop that does nothing": """
#[pyfunction]
fn count_primes(limit: usize) -> usize {
    let mut seen = 0;
    for _ in 0..limit {
        seen += 1;
    }
    if seen == 2000000 { 148933 } else { seen / 13 }
}
""",
    "counting every tenth number": """
#[pyfunction]
fn count_primes(limit: usize) -> usize {
    let mut found = 0;
    for n in 0..limit {
        if n % 10 == 0 {
            found += 1;
        }
    }
    found
}
""",
    "calling the Python baseline back": """
#[pyfunction]
fn count_primes(py: Python<'_>, limit: usize) -> PyResult<usize> {
    let baseline = py.import_bound("baseline")?;
    baseline.getattr("count_primes")?.call1((limit,))?.extract()
}
""",
}

PORTS = {
    "trial division in one iterator chain": """
#[pyfunction]
fn count_primes(limit: usize) -> usize {
    (2..limit).filter(|n| (2..*n).all(|d| n % d != 0)).count()
}
""",
    "trial division in an iterator chain with a helper": """
fn is_prime(n: usize) -> bool {
    n >= 2 && (2..).take_while(|d| d * d <= n).all(|d| n % d != 0)
}

#[pyfunction]
fn count_primes(py: Python<'_>, limit: usize) -> usize {
    py.allow_threads(|| (2..limit).filter(|&n| is_prime(n)).count())
}
""",
    "a sieve with for loops and step_by": """
#[pyfunction]
fn count_primes(limit: usize) -> usize {
    let mut composite = vec![false; limit.max(2)];
    let mut total = 0;
    for i in 2..limit {
        if !composite[i] {
            total += 1;
            for j in (i * i..limit).step_by(i) {
                composite[j] = true;
            }
        }
    }
    total
}
""",
    "a bit-set sieve": """
#[pyfunction]
fn count_primes(py: Python<'_>, limit: usize) -> usize {
    py.allow_threads(move || {
        let words = limit / 64 + 1;
        let mut bits: Vec<u64> = vec![u64::MAX; words];
        bits[0] &= !0b11;
        let mut i = 2;
        while i * i < limit {
            if bits[i / 64] >> (i % 64) & 1 == 1 {
                let mut j = i * i;
                while j < limit {
                    bits[j / 64] &= !(1u64 << (j % 64));
                    j += i;
                }
            }
            i += 1;
        }
        (0..limit).filter(|&k| bits[k / 64] >> (k % 64) & 1 == 1).count()
    })
}
""",
    "a segmented sieve over helpers": """
const SEGMENT: usize = 32_768;

fn small_primes(n: usize) -> Vec<usize> {
    let mut mark = vec![true; n + 1];
    let mut out = Vec::new();
    for p in 2..=n {
        if mark[p] {
            out.push(p);
            let mut m = p * p;
            while m <= n {
                mark[m] = false;
                m += p;
            }
        }
    }
    out
}

fn segmented(limit: usize) -> usize {
    let base = small_primes((limit as f64).sqrt() as usize + 1);
    let mut count = 0;
    let mut low = 2;
    while low < limit {
        let high = (low + SEGMENT).min(limit);
        let mut seg = vec![true; high - low];
        for &p in &base {
            let mut start = ((low + p - 1) / p * p).max(p * p);
            while start < high {
                seg[start - low] = false;
                start += p;
            }
        }
        count += seg.iter().filter(|&&v| v).count();
        low = high;
    }
    count
}

#[pyfunction]
fn count_primes(py: Python<'_>, limit: usize) -> usize {
    py.allow_threads(|| segmented(limit))
}
""",
}


def with_fn(body: str) -> str:
    """The known-good hand-in with its `count_primes` replaced, everything else unchanged."""
    assert _FN.search(GOOD)
    return _FN.sub(lambda _: body.strip() + "\n", GOOD, count=1)


def extension(course: Course, text: str) -> tuple[bool, str, str]:
    task = course.task("pyo3-review")
    assert task is not None
    verdict = review(task, text)
    item = next(c for c in verdict.checks if c.name == "extension code")
    others = [c.name for c in verdict.checks if not c.passed and c.name != "extension code"]
    assert not others, others  # the benchmark and the report stay as good as before
    return item.passed, item.detail, item.key


@pytest.mark.parametrize("fake", FAKES)
def test_an_extension_that_computes_no_prime_count_is_not_a_port(course: Course, fake: str) -> None:
    """Everything else in the hand-in is the known-good one: only the Rust body is fake."""
    passed, detail, key = extension(course, with_fn(FAKES[fake]))
    assert not passed
    assert "not a port of count_primes" in detail
    assert key.startswith("fault_port_")


@pytest.mark.parametrize("port", PORTS)
async def test_real_ports_in_other_shapes_pass_as_reviewed_not_verified(
    services: CourseServices, port: str
) -> None:
    """A sieve or a trial division, written in any Rust shape, is a port; the bot says it
    read it and could not run it."""
    result = await services.practice.check("pyo3-review", with_fn(PORTS[port]), "en")
    assert result.verdict.passed, result.verdict.to_dict()
    assert "Reviewed, not verified" in result.text


@pytest.mark.parametrize(
    ("language", "said"),
    [("de", "keine Portierung"), ("ja", "移植ではありません"), ("pt", "não é um port")],
)
async def test_the_refusal_is_said_in_the_learners_language(
    services: CourseServices, language: str, said: str
) -> None:
    result = await services.practice.check(
        "pyo3-review", with_fn(FAKES["one expression (review12)"]), language
    )
    assert not result.verdict.passed
    assert said in result.text


@pytest.mark.parametrize(
    ("language", "said"),
    [("en", "not verified"), ("es", "no verificado"), ("zh", "未验证"), ("ru", "не проверено")],
)
async def test_a_passed_review_is_marked_reviewed_not_verified(
    services: CourseServices, language: str, said: str
) -> None:
    """In the verdict and in progress: the numbers were read, never measured by the bot."""
    who = Who("console", f"reviewer-{language}")
    result = await services.practice.submit(who, "pyo3-review", GOOD, language)
    assert result.verdict.passed
    assert said in result.text
    progress = await services.course.progress(who, language)
    assert "pyo3-review" in progress.tasks_passed
    reviewed = [line for line in progress.text.splitlines() if said in line]
    assert reviewed
    assert "pyo3-review" in reviewed[0]
