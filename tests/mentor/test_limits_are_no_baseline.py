"""A bound the learner sets is a constraint, not a measured baseline (followup14 item 4).

"Delete logs older than 14 days" was answered "Baseline noted: 14 days. Change one thing,
measure again": the 14 days is what the program must do, not a number it measured. Nor is
"stay under 2 req/s" or "não pode passar de 5 req/s".
"""

from __future__ import annotations

import pytest

from bot.mentor.facts import ThreadMemory
from bot.mentor.i18n import Catalog
from bot.mentor.insight import read_turn

BOUNDS = [
    ("en", "I'm writing a cleanup task that removes uploads older than 21 days from an S3 prefix. How do I page through the listing safely?"),
    ("de", "Unser Skript soll Backups löschen, die älter als 10 Tage sind. Wie mache ich das robust mit pathlib?"),
    ("fr", "Notre scraper doit rester sous 3 req/s sur ce site. Comment je limite ça proprement avec httpx ?"),
    ("pt", "Preciso remover sessões com mais de 45 dias do Redis. Qual é o jeito certo de varrer as chaves?"),
    ("ru", "Нужно чистить временные файлы старше 3 дней в /tmp/app. Как это сделать безопасно на Python?"),
    ("ja", "30日より古いバックアップを消すスクリプトを書きたいです。pathlib でどう書けばいいですか？"),
    ("es", "El cliente no puede pasar de 8 peticiones por segundo contra el proveedor. ¿Cómo lo limito en asyncio?"),
    ("pl", "Muszę usuwać raporty starsze niż 60 dni z katalogu eksportu. Jak to zrobić bezpiecznie w Pythonie?"),
]  # fmt: skip


@pytest.mark.parametrize(("lang", "text"), BOUNDS)
def test_a_bound_the_learner_sets_is_not_noted_as_a_baseline(
    lang: str, text: str, catalog: Catalog
) -> None:
    """No "Baseline noted: 21 days. Change one thing, measure again" for a retention rule."""
    notes = read_turn(
        text, code=None, report=None, memory=ThreadMemory(), language=lang, catalog=catalog
    ).notes
    fixed = catalog.message(lang, "reasoning_baseline", values="\0").split("\0")[0].strip()
    assert not any(fixed in note for note in notes), notes
