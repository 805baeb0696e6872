"""Topics the base had no unit for (numerics, databases, data files, typing, FFI) are answered."""

from __future__ import annotations

import pytest

from tests.knowledge.offline_turn import answer


@pytest.mark.parametrize(
    ("language", "question", "unit"),
    [
        (
            "en",
            "Our nightly PostgreSQL job logs 'deadlock detected' when two transfers between "
            "the same accounts run at once. How do we stop it?",
            "databases.deadlock-order",
        ),
        (
            "de",
            "Unser Flask-Dienst mit SQLite wirft unter Last 'database is locked', sobald "
            "mehrere Threads gleichzeitig schreiben. Was tun?",
            "databases.sqlite-concurrency",
        ),
        (
            "es",
            "Cada worker de multiprocessing llama a np.random.seed(0) y todos devuelven los "
            "mismos números en la simulación de Monte Carlo. ¿Cómo lo hago bien?",
            "numerics.rng-streams",
        ),
        (
            "fr",
            "Nos jobs écrivent des fichiers part Parquet avec des noms aléatoires et une relance "
            "Airflow crée des lignes dupliquées. Comment rendre l'écriture idempotente ?",
            "data.atomic-file-outputs",
        ),
        (
            "ja",
            "Python を 3.10 から 3.12 に上げたら速くなったのですが、NumPy の部分は変わりません。"
            "なぜですか？",
            "profiling.interpreter-upgrade",
        ),
    ],
)
def test_situation_without_a_unit_before_gets_its_own_unit(
    language: str, question: str, unit: str
) -> None:
    """A question on a topic the base did not cover is answered from the unit written for it."""
    reply = answer(question, language)
    assert unit in reply.units
    assert reply.sections.steps.strip()
