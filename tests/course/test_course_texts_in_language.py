"""Course texts in the learner's language: usage, code notes, review details (review10 T33)."""

from __future__ import annotations

import pytest

from bot.app import App
from bot.course.service import Who
from bot.course.wiring import CourseServices
from bot.errors import InputError

USAGE = {
    "en": "Which session? Use `/mca session <n>`",
    "pt": "Qual sessão? Use `/mca session <n>`",
    "de": "Welche Sitzung? Nutze `/mca session <n>`",
    "ja": "どのセッションですか？ `/mca session <n>`",
    "ko": "어느 세션인가요? `/mca session <n>`",
}


@pytest.mark.parametrize("language", sorted(USAGE))
@pytest.mark.parametrize("given", ["", "   "])
async def test_a_session_without_a_number_says_how_to_ask(
    app: App, services: CourseServices, language: str, given: str
) -> None:
    """`/mca session` alone answered "Session `` does not exist": now it says how to ask."""
    with pytest.raises(InputError) as caught:
        await services.course.open_session(Who("console", "kai"), given, "t-1", language)
    said = app.mentor.error_text(caught.value, language)
    assert USAGE[language] in said
    assert "``" not in said
    assert "1" in said
    assert "8" in said


NOTE = {
    "pt": "ficam em inglês",
    "de": "bleiben Englisch",
    "ja": "英語のままです",
    "zh": "保持英文",
}


@pytest.mark.parametrize("language", sorted(NOTE))
async def test_code_shown_in_english_says_so_in_the_learners_language(
    services: CourseServices, language: str
) -> None:
    """The lab's and the starter's comments are English: a non-English learner is told why."""
    session = services.course.course.session(3)
    assert session is not None
    lab = services.course.session_text(session, language)
    task = await services.practice.show(None, "thread-safe-cache", language)
    for shown in (lab, task):
        assert NOTE[language] in shown
        assert shown.index(NOTE[language]) < shown.index("```python")


async def test_an_english_learner_gets_no_note_about_english_code(
    services: CourseServices,
) -> None:
    session = services.course.course.session(3)
    assert session is not None
    lab = services.course.session_text(session, "en")
    assert "stay in English" not in lab
    assert "\n\n```python" not in lab


MISSING_BLOCKS = {
    "ja": ("```rust ブロックがありません", "```toml ブロックがありません"),
    "de": ("kein ```rust-Block", "kein ```toml-Block mit dem Bericht"),
    "pt": ("nenhum bloco ```rust", "nenhum bloco ```toml com o relatório"),
    "zh": ("没有 ```rust 代码块", "没有包含报告的 ```toml 代码块"),
}


@pytest.mark.parametrize("language", sorted(MISSING_BLOCKS))
async def test_a_review_hand_in_without_its_blocks_is_told_so_in_the_learners_language(
    services: CourseServices, language: str
) -> None:
    """`/mca submit pyo3-review` in ja showed "no ```rust block" in English (review10 T33)."""
    result = await services.practice.submit(
        Who("console", f"rev-{language}"),
        "pyo3-review",
        "I measured 12 ms before and 3 ms after, the speedup is 4x.",
        language,
    )
    rust, report = MISSING_BLOCKS[language]
    assert rust in result.text
    assert report in result.text
    for english in ("no ```rust block", "no ```python benchmark block", "no ```toml report"):
        assert english not in result.text
