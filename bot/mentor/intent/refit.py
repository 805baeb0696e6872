"""Fit the intent model from the configuration's examples and write it beside them.

    python -m bot.mentor.intent.refit [CONFIG_DIR]

The fitted model is a build product, not a source file: `make setup` runs this when the corpus
or the lexicons changed, the Dockerfile runs it on the image's config. A process that finds no
current model fits one at load (a few seconds) and saves it when it may write there.
"""

from __future__ import annotations

import sys
from pathlib import Path

from bot.mentor.intent.examples import ORDINARY
from bot.mentor.intent.fitting import MODEL_FILE, fit_from_files, model_inputs
from bot.mentor.intent.guard import LEXICON_DIR
from bot.mentor.intent.lexicon import Lexicon
from bot.mentor.intent.model import digest
from bot.settings import DEFAULT_CONFIG_DIR


def main() -> None:
    """Fit and save; print what was written."""
    config = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_CONFIG_DIR
    directory = config / LEXICON_DIR
    ordinary = config / ORDINARY
    fitted_from = digest(model_inputs(directory, ordinary))  # before the fit: an edit made
    # while it runs must leave the file stale, not stamped as fitted from the edited inputs
    model = fit_from_files(Lexicon.load(directory), directory, ordinary)
    model.save(directory / MODEL_FILE, fitted_from)
    print(f"{directory / MODEL_FILE}: {len(model.index)} features")


if __name__ == "__main__":
    main()
