"""The knowledge-unit loader accepts the documented format and refuses broken files loudly."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.mentor.retrieval import UnitIndex
from bot.mentor.units import LANGUAGES, ReferencePolicy, UnitBase, UnitError
from bot.settings import DEFAULT_CONFIG_DIR
from tests.knowledge.fixtures import knowledge_dir, topic_file, unit


def test_valid_units_load_in_file_order(tmp_path: Path) -> None:
    """A well-formed file loads every unit, its topic title and its texts in all 14 languages."""
    root = knowledge_dir(
        tmp_path, {"asyncio": topic_file("asyncio", [unit("asyncio.a"), unit("asyncio.b")])}
    )
    base = UnitBase.load(root)
    assert [u.id for u in base.units] == ["asyncio.a", "asyncio.b"]
    assert base.topic_title("asyncio", "ja") == "asyncio (ja)"
    assert set(base.by_id["asyncio.a"].text) == set(LANGUAGES)


def test_duplicate_unit_id_is_refused(tmp_path: Path) -> None:
    """Two units with one id would make thread memory ambiguous: loading fails, naming it."""
    root = knowledge_dir(
        tmp_path, {"asyncio": topic_file("asyncio", [unit("asyncio.a"), unit("asyncio.a")])}
    )
    with pytest.raises(UnitError, match=r"asyncio\.a"):
        UnitBase.load(root)


def test_missing_language_is_refused(tmp_path: Path) -> None:
    """A unit without Korean texts fails to load instead of answering Korean learners in English."""
    partial = unit("asyncio.a", languages=tuple(lang for lang in LANGUAGES if lang != "ko"))
    root = knowledge_dir(tmp_path, {"asyncio": topic_file("asyncio", [partial])})
    with pytest.raises(UnitError, match="ko"):
        UnitBase.load(root)


@pytest.mark.parametrize(
    "url",
    [
        "http://docs.python.org/3/library/asyncio.html",
        "https://some-blog.example.com/asyncio-tips",
        "https://docs.python.org.evil.example/3/",
        "https://github.com/someone/random-repo",
    ],
)
def test_reference_outside_the_vetted_list_is_refused(tmp_path: Path, url: str) -> None:
    """Only https links to vetted documentation hosts reach a learner."""
    root = knowledge_dir(tmp_path, {"asyncio": topic_file("asyncio", [unit("asyncio.a", url=url)])})
    with pytest.raises(UnitError, match="vetted"):
        UnitBase.load(root)


def test_vetted_hosts_paths_and_read_the_docs_are_allowed() -> None:
    """Official docs hosts, a project's own repository path and *.readthedocs.io pass."""
    policy = ReferencePolicy.load(DEFAULT_CONFIG_DIR / "knowledge" / "references.toml")
    assert policy.allows("https://docs.python.org/3/library/tracemalloc.html")
    assert policy.allows("https://github.com/benfred/py-spy")
    assert policy.allows("https://hypothesis.readthedocs.io/en/latest/")
    assert not policy.allows("https://github.com/benfred/py-spy-fork-of-someone-else")


def test_unknown_context_slot_is_refused(tmp_path: Path) -> None:
    """`asks` must be a slot the question understanding knows, or the composer cannot skip it."""
    root = knowledge_dir(
        tmp_path, {"asyncio": topic_file("asyncio", [unit("asyncio.a", asks="mood")])}
    )
    with pytest.raises(UnitError, match="asks"):
        UnitBase.load(root)


def test_unit_with_too_many_steps_is_refused(tmp_path: Path) -> None:
    """A unit is one situation with 1-3 steps, not a topic overview."""
    root = knowledge_dir(tmp_path, {"asyncio": topic_file("asyncio", [unit("asyncio.a", steps=4)])})
    with pytest.raises(UnitError, match="steps"):
        UnitBase.load(root)


def test_fixture_units_are_retrieved_by_their_terms(tmp_path: Path) -> None:
    """The index ranks the unit whose terms the question uses first."""
    root = knowledge_dir(
        tmp_path,
        {
            "asyncio": topic_file(
                "asyncio",
                [
                    unit("asyncio.sleep", terms=("time.sleep", "event loop blocked")),
                    unit("asyncio.gather", terms=("asyncio.gather", "fan out", "semaphore")),
                ],
            )
        },
    )
    index = UnitIndex.load(root)
    ranked = index.search("How do I limit asyncio.gather fan out with a semaphore?", "en")
    assert ranked[0][0].id == "asyncio.gather"


def test_running_bot_leaves_out_a_broken_unit_and_keeps_the_rest(tmp_path: Path) -> None:
    """One bad unit merged late cannot stop the bot: it is rejected, the others still answer."""
    bad = unit("asyncio.bad", url="https://some-blog.example.com/tips")
    good = unit("asyncio.good", terms=("semaphore", "fan out"))
    root = knowledge_dir(tmp_path, {"asyncio": topic_file("asyncio", [bad, good])})
    index = UnitIndex.load(root)
    assert [u.id for u in index.base.units] == ["asyncio.good"]
    assert index.search("semaphore fan out", "en")[0][0].id == "asyncio.good"
