"""Fit the intent model from the repository's examples and write it beside them.

    python -m bot.mentor.intent.refit

Run after changing the corpus or the lexicons (the intent tests fail until the shipped model's
digest matches them again), and now and then after the knowledge units grew.
"""

from __future__ import annotations

from bot.mentor.intent.classify import MODEL_FILE, fit_from_files, model_inputs
from bot.mentor.intent.examples import ORDINARY
from bot.mentor.intent.guard import LEXICON_DIR
from bot.mentor.intent.lexicon import Lexicon
from bot.mentor.intent.model import digest
from bot.settings import DEFAULT_CONFIG_DIR


def main() -> None:
    """Fit and save; print what was written."""
    directory = DEFAULT_CONFIG_DIR / LEXICON_DIR
    ordinary = DEFAULT_CONFIG_DIR / ORDINARY
    model = fit_from_files(Lexicon.load(directory), directory, ordinary)
    model.save(directory / MODEL_FILE, digest(model_inputs(directory)))
    print(f"{directory / MODEL_FILE}: {len(model.index)} features")


if __name__ == "__main__":
    main()
