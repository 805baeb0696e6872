"""Sections with substance: what each section holds is judged, repaired, never duplicated."""

from __future__ import annotations

import pytest

from bot.mentor.guards.substance import SectionRules
from bot.mentor.i18n import Catalog
from bot.mentor.knowledge import KnowledgeBase
from bot.mentor.language import LanguageDetector
from bot.mentor.models import Sections
from bot.mentor.sections import SectionParser
from bot.settings import DEFAULT_CONFIG_DIR

GOOD = Sections(
    context="- What p99 latency do you see now, and what is the target?",
    hypotheses="- The loop is blocked: `asyncio` debug mode should log callbacks over 100 ms.",
    steps=(
        "1. Run with `python -X dev app.py`.\n"
        "2. Capture `py-spy dump --pid 123`.\n"
        "3. Move the call to `asyncio.to_thread` and measure again."
    ),
    topics="- advanced asyncio\n- profiling",
    next_steps="- [asyncio-dev](https://docs.python.org/3/library/asyncio-dev.html)",
    reflection="- Which p99 did you measure before and after the change?",
)
OFFLINE = Sections(
    context="- Which calls inside your coroutines are synchronous?",
    hypotheses="- A blocking call stalls the loop: slow-callback warnings over 100 ms.",
    steps="1. Enable debug mode with `PYTHONASYNCIODEBUG=1`.\n2. Run `py-spy top`.\n3. Use `to_thread`.",
    topics="- asyncio",
    next_steps="- [asyncio](https://docs.python.org/3/library/asyncio.html)",
    reflection="- How many slow callbacks did the log show before and after?",
)


@pytest.fixture(scope="module")
def rules() -> SectionRules:
    catalog = Catalog.load(DEFAULT_CONFIG_DIR)
    parser = SectionParser.load(DEFAULT_CONFIG_DIR, catalog)
    return SectionRules.load(catalog, KnowledgeBase.load(DEFAULT_CONFIG_DIR), parser.heading_key)


def with_(**changes: str) -> Sections:
    return Sections.from_dict({**GOOD.to_dict(), **changes})


def test_substantive_draft_passes_unchanged(rules: SectionRules) -> None:
    """A draft that keeps every rule is not touched."""
    assert rules.hollow(GOOD, "en", wants_scaffold=False) == ()
    assert not rules.repair(GOOD, OFFLINE, "en", wants_scaffold=False).changed


@pytest.mark.parametrize(
    ("key", "body"),
    [
        ("context", "Ok."),
        ("context", "Tell me more about your setup and your deployment environment."),
        ("hypotheses", "Rewrite it in Rust."),
        ("hypotheses", "Maybe something is slow somewhere in the program."),
        ("steps", "Good luck!"),
        ("topics", "Various things and stuff to learn about."),
        ("reflection", "Good luck with your project and have fun coding it."),
    ],
)
def test_hollow_section_is_found_and_filled_from_offline(
    rules: SectionRules, key: str, body: str
) -> None:
    """'Ok.', a question-less context, a number-less hypothesis: hollow, filled offline."""
    draft = with_(**{key: body})
    assert rules.hollow(draft, "en", wants_scaffold=False) == (key,)
    repair = rules.repair(draft, OFFLINE, "en", wants_scaffold=False)
    assert repair.filled == (key,)
    assert getattr(repair.sections, key) == getattr(OFFLINE, key)


@pytest.mark.parametrize(
    "key", ["context", "hypotheses", "steps", "topics", "next_steps", "reflection"]
)
@pytest.mark.parametrize("filler", ["Ok.", "Good luck!", "Rewrite it in Rust."])
def test_filler_is_hollow_in_every_section(rules: SectionRules, key: str, filler: str) -> None:
    """The fillers of a careless draft are hollow wherever they stand."""
    assert rules.state(key, filler, "en", wants_scaffold=False) == "hollow"


def test_two_steps_are_topped_up_to_three(rules: SectionRules) -> None:
    """Fewer than 3 concrete steps: the offline answer's steps complete the list."""
    draft = with_(steps="1. Run `python -X dev app.py`.\n2. Capture `py-spy dump --pid 123`.")
    repair = rules.repair(draft, OFFLINE, "en", wants_scaffold=False)
    assert repair.topped_up == ("steps",)
    assert repair.sections.steps.endswith("3. Enable debug mode with `PYTHONASYNCIODEBUG=1`.")


def test_more_than_six_steps_are_cut_to_six(rules: SectionRules) -> None:
    """3-6 steps: a seventh is dropped."""
    steps = "\n".join(f"{i}. Run `step{i}` and measure." for i in range(1, 9))
    repair = rules.repair(with_(steps=steps), OFFLINE, "en", wants_scaffold=False)
    assert "`step6`" in repair.sections.steps
    assert "`step7`" not in repair.sections.steps


def test_unvetted_and_extra_references_are_dropped(rules: SectionRules) -> None:
    """Only 1-2 references from vetted hosts stay; a missing one comes from offline."""
    refs = (
        "- [blog](https://evil.example.com/post)\n"
        "- [a](https://docs.python.org/3/library/a.html)\n"
        "- [b](https://peps.python.org/pep-0492/)\n"
        "- [c](https://docs.python.org/3/library/c.html)"
    )
    repair = rules.repair(with_(next_steps=refs), OFFLINE, "en", wants_scaffold=False)
    assert "evil.example.com" not in repair.sections.next_steps
    assert "pep-0492" in repair.sections.next_steps
    assert "library/c.html" not in repair.sections.next_steps
    no_refs = rules.repair(
        with_(next_steps="- Run the benchmark again tomorrow under load."),
        OFFLINE,
        "en",
        wants_scaffold=False,
    )
    assert "https://docs.python.org/3/library/asyncio.html" in no_refs.sections.next_steps


def test_scaffold_only_when_asked(rules: SectionRules) -> None:
    """An unasked scaffold is dropped; an asked one without code is filled."""
    code = "```python\ndef handler() -> None:\n    ...\n```"
    dropped = rules.repair(with_(scaffold=code), OFFLINE, "en", wants_scaffold=False)
    assert dropped.sections.scaffold == ""
    kept = rules.repair(with_(scaffold=code), OFFLINE, "en", wants_scaffold=True)
    assert kept.sections.scaffold == code
    spare = Sections.from_dict({**OFFLINE.to_dict(), "scaffold": code})
    filled = rules.repair(with_(scaffold="Sure!"), spare, "en", wants_scaffold=True)
    assert filled.sections.scaffold == code


def test_a_second_copy_of_sections_is_cut(rules: SectionRules) -> None:
    """A body that runs into headings 6 and 7 again keeps only its own content."""
    twin = (
        GOOD.reflection + "\n\n**6. Next steps and references**\n- more\n\n**7. Reflection**\n- ?"
    )
    repair = rules.repair(with_(reflection=twin), OFFLINE, "en", wants_scaffold=False)
    assert repair.deduped == ("reflection",)
    assert repair.sections.reflection == GOOD.reflection


@pytest.mark.parametrize(
    ("lang", "reflection"),
    [
        ("pt", "- O que a medição mostrou antes e depois da mudança?"),
        ("de", "- Was hat die Messung vorher und nachher gezeigt?"),
        ("ja", "- 変更前と変更後の計測結果はどうでしたか？"),
        ("zh", "- 修改前后测量的结果是多少？"),
    ],
)
def test_reflection_asking_for_measurements_is_recognised_in_each_language(
    rules: SectionRules, lang: str, reflection: str
) -> None:
    """The evidence words come from config/i18n/guardsout/<lang>.toml."""
    assert rules.state("reflection", reflection, lang, wants_scaffold=False) == "ok"


def test_a_remembered_verdict_is_never_the_other_views() -> None:
    """A foreign-language section is hollow for the checked rules and ok for curated drafts,
    whichever of the two judged the same body first (verdicts are remembered per view)."""
    catalog = Catalog.load(DEFAULT_CONFIG_DIR)
    parser = SectionParser.load(DEFAULT_CONFIG_DIR, catalog)
    checked = SectionRules.load(
        catalog,
        KnowledgeBase.load(DEFAULT_CONFIG_DIR),
        parser.heading_key,
        detector=LanguageDetector(["en", "es", "it", "de", "fr"]),
    )
    curated = checked.same_language()
    spanish = (
        "- ¿Qué latencia p99 mides ahora en producción, y cuál es el objetivo que quieres "
        "alcanzar con este cambio en el servicio?"
    )
    draft = with_(context=spanish)
    for first, second in ((curated, checked), (checked, curated)):
        first.hollow(draft, "en", wants_scaffold=False)
        second.hollow(draft, "en", wants_scaffold=False)
        assert checked.hollow(draft, "en", wants_scaffold=False) == ("context",)
        assert curated.hollow(draft, "en", wants_scaffold=False) == ()
