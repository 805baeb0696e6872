"""Language detection's shortcuts change no decision: short prose is simply not ranked."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.mentor.guard import SECTION_MIN_PROSE, draft_language
from bot.mentor.language import LanguageDetector, _latin_share
from bot.mentor.sections import Sections

SENTENCES = (
    "The nested loop makes the work grow with the square of the input.",
    "O laço aninhado faz o trabalho crescer com o quadrado da entrada.",
    "El bucle anidado hace que el trabajo crezca con el cuadrado de la entrada.",
    "La boucle imbriquée fait croître le travail avec le carré de l'entrée.",
    "Die verschachtelte Schleife lässt die Arbeit quadratisch mit der Eingabe wachsen.",
    "Il ciclo annidato fa crescere il lavoro con il quadrato dell'input.",
    "Вложенный цикл заставляет работу расти квадратично.",
    "Run `python -m timeit` and profile `main()` with cProfile.",
)
LANGS = ["en", "pt", "es", "fr", "de", "it"]


@settings(max_examples=150, deadline=None)
@given(
    parts=st.lists(st.sampled_from(SENTENCES), min_size=0, max_size=6),
    min_chars=st.integers(min_value=0, max_value=400),
)
def test_min_chars_only_skips_what_a_caller_would_ignore(parts: list[str], min_chars: int) -> None:
    text = " ".join(parts)
    full = LanguageDetector(LANGS).detect(text)
    quick = LanguageDetector(LANGS).detect(text, min_chars=min_chars)

    if full.chars >= min_chars:
        assert quick == full
    else:
        assert quick.language is None  # a caller requiring min_chars ignores it either way


@settings(max_examples=100, deadline=None)
@given(
    parts=st.lists(st.sampled_from(SENTENCES), min_size=0, max_size=4),
    asks=st.lists(st.integers(min_value=0, max_value=400), min_size=2, max_size=4),
)
def test_a_text_asked_again_with_another_min_chars_gets_a_fresh_detectors_answer(
    parts: list[str], asks: list[int]
) -> None:
    """The draft check (160) then the substance check (50) on one section: answers as if cold."""
    text = " ".join(parts)
    detector = LanguageDetector(LANGS)
    for min_chars in sorted(asks, reverse=True):
        assert detector.detect(text, min_chars=min_chars) == LanguageDetector(LANGS).detect(
            text, min_chars=min_chars
        )


@given(st.text(max_size=200))
def test_latin_share_fast_path_agrees_with_the_letter_count(text: str) -> None:
    letters = [c for c in text if c.isalpha()]
    share = _latin_share(text)
    if text.isascii():
        assert share == 1.0
    assert 0.0 <= share <= 1.0
    if letters and all(c.isascii() for c in letters):
        assert share == 1.0


def _draft(step_body: str) -> Sections:
    bodies = {
        "context": "- How large is the input when it gets slow, and on which machine?",
        "hypotheses": "- Doubling the input should quadruple the time measured with timeit.",
        "steps": step_body,
        "scaffold": "",
        "topics": "- algorithmic complexity",
        "next_steps": "- Read the documentation of the profile module.",
        "reflection": "- What did the measurement show before and after your change?",
    }
    return Sections.from_dict(bodies)


def test_a_long_section_in_another_language_is_still_caught(detector: LanguageDetector) -> None:
    spanish = (
        "1. Mide primero el tiempo de referencia con timeit y anota el resultado.\n"
        "2. Perfila el programa con cProfile y lee las primeras líneas del informe.\n"
        "3. Cambia una sola cosa cada vez y vuelve a medir para comparar los números."
    )
    assert len(spanish) >= SECTION_MIN_PROSE
    assert draft_language(_draft(spanish), "en", detector) == "es"


def test_a_short_section_in_another_language_is_not_worth_a_re_ask(
    detector: LanguageDetector,
) -> None:
    short = "1. Mide con timeit y compara."
    assert len(short) < SECTION_MIN_PROSE
    assert draft_language(_draft(short), "en", detector) is None


@settings(max_examples=200, deadline=None)
@given(
    parts=st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=5),
    noise=st.text(max_size=40),
)
def test_ranking_from_scores_matches_py3langids_rank(parts: list[str], noise: str) -> None:
    """The best language, its probability and the supported ranking equal `rank`'s, exactly."""
    detector = LanguageDetector([*LANGS, "ru", "uk"])
    prose = " ".join(parts) + noise
    ranked = detector._model().rank(prose)
    top, top_p, supported = detector._ranked(prose)
    assert (top, top_p) == ranked[0]
    assert supported == [(lang, p) for lang, p in ranked if lang in detector.supported]
