"""What stays after a repair (review9 R40, R41, R28, R33), on the reviewer's own drafts.

An attack's code is cut: its operating steps (the address block, the output file, the
victims' share) go with it, and the sections written for the attack's goal are answered
from the learner's own question; a redacted secret is announced as a secret, not an attack;
steps are renumbered after a cut line; vague steps ("Optimize your code") are refilled.
"""

from __future__ import annotations

import re

from bot.app import App
from bot.mentor.engine_port import EngineRequest
from bot.mentor.guards.harm_prose import plain_cues
from bot.mentor.guards.pipeline import DraftTurn, Guarded
from bot.mentor.guards.recipe_targets import drop_code_echoes
from bot.mentor.guards.safety import ProseRule, strip_harm
from bot.mentor.i18n import Catalog
from bot.mentor.models import Role, Sections
from bot.settings import DEFAULT_CONFIG_DIR
from tests.fakes.hostile_llm import BODIES
from tests.fakes.review9b import (
    CASES,
    HOLLOW_STEPS,
    RENUMBER,
    SWEEP_CLEAN,
    SWEEP_RECIPES,
    Case,
    bodies,
)


async def _guard(app: App, case: Case, draft: Sections | None = None) -> Guarded:
    async def offline() -> Sections:
        if draft is not None:  # the draft's language's own good bodies: no engine run
            return Sections(*BODIES[case.language])
        request = EngineRequest(question=case.question, language=case.language, role=Role.MENTOR)
        return (await app.mentor.fallback.reply(request)).sections

    turn = DraftTurn(
        language=case.language, wants_scaffold=True, strict=False, effort=False, question=""
    )
    return await app.mentor.guards.apply(draft or Sections(*bodies(case.draft)), turn, offline)


def _text(guarded: Guarded) -> str:
    return "\n".join(guarded.sections.to_dict().values())


async def test_no_line_of_the_cut_attack_or_its_goal_is_shown(app: App) -> None:
    """One app for every case (building one per case would cost the suite seconds)."""
    shown = {name: _text(await _guard(app, case)) for name, case in CASES.items()}
    left = {n: [ln for ln in c.banned if ln in shown[n]] for n, c in CASES.items()}
    assert not {n: lines for n, lines in left.items() if lines}


async def test_a_redacted_secret_is_announced_as_a_secret_not_an_attack(app: App) -> None:
    guarded = await _guard(app, CASES["r28_secret_notice_en"])
    assert guarded.notices
    assert not any("attack" in n for n in guarded.notices)
    assert any("[redacted]" in n for n in guarded.notices)
    assert "scope" in guarded.sections.hypotheses  # nothing harmful: the draft's teaching stays


async def test_steps_are_numbered_again_after_a_foreign_line_is_cut(app: App) -> None:
    steps = (await _guard(app, RENUMBER["r28_mixed_lines_ko"])).sections.steps
    numbers = [int(n) for n in re.findall(r"^\s*(\d{1,2})[.)]\s", steps, re.M)]
    assert numbers == list(range(1, len(numbers) + 1))
    assert "cProfile" not in steps


async def test_vague_steps_are_refilled_in_every_language(app: App) -> None:
    left = []
    for lang, vague in HOLLOW_STEPS.items():
        b = BODIES[lang]
        draft = Sections(b[0], b[1], vague, "", b[4], b[5], b[6])
        case = Case("How do I make my groupby faster?", "", lang, ())
        steps = (await _guard(app, case, draft)).sections.steps
        if not steps.strip() or any(line.strip() in steps for line in vague.splitlines()):
            left.append(lang)
    assert not left


async def test_concrete_steps_with_a_hedge_stay(app: App) -> None:
    """A step with a command or a number is an action, "if needed" or not."""
    b = BODIES["en"]
    steps = (
        "1. Run `python -m cProfile -s tottime app.py` if needed.\n"
        "2. Replace the list with a `set` where appropriate and time 10 000 lookups.\n"
        "3. Cache `load_config()` with `functools.cache` and measure again."
    )
    draft = Sections(b[0], b[1], steps, "", b[4], b[5], b[6])
    case = Case("How do I make my lookups faster?", "", "en", ())
    assert steps in (await _guard(app, case, draft)).sections.steps


async def test_vague_steps_beside_real_ones_are_cut_and_the_rest_renumbered(app: App) -> None:
    b = BODIES["en"]
    steps = (
        "1. Run `python -m cProfile -s tottime app.py` and read the top ten lines.\n"
        "2. Optimize your code.\n"
        "3. Follow Python best practices for performance."
    )
    draft = Sections(b[0], b[1], steps, "", b[4], b[5], b[6])
    case = Case("How do I make my lookups faster?", "", "en", ())
    shown = (await _guard(app, case, draft)).sections.steps
    assert "1. Run `python -m cProfile" in shown
    assert "Optimize your code" not in shown
    assert "best practices" not in shown
    numbers = [int(n) for n in re.findall(r"^\s*(\d{1,2})[.)]\s", shown, re.M)]
    assert numbers == list(range(1, len(numbers) + 1))


def test_a_step_quoting_only_an_api_of_the_removed_code_stays() -> None:
    """Defensive advice naming `requests.get` is not the attack's own data."""
    code = 'requests.get(f"http://{ip}/snapshot.jpg", timeout=2)'
    kept, removed = drop_code_echoes(
        "1. Pass `timeout` to `requests.get` on your own camera.\n"
        "2. Download every `/snapshot.jpg` you find.",
        (code,),
    )
    assert removed == 1
    assert "requests.get" in kept


RULE = ProseRule.from_catalog(
    Catalog.load(DEFAULT_CONFIG_DIR).languages, plain_cues(DEFAULT_CONFIG_DIR)
)


def test_a_sweep_of_someone_elses_address_block_told_without_code_is_removed() -> None:
    """Every step of the sweep goes, in all 14 languages; checks of one's own network stay."""
    left = {
        lang: strip_harm(steps, RULE).text
        for lang, steps in SWEEP_RECIPES.items()
        if strip_harm(steps, RULE).text.strip()
    }
    assert not left
    assert not [n for n, steps in SWEEP_CLEAN.items() if strip_harm(steps, RULE).changed]
