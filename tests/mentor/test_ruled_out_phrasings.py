"""A library ruled out in more phrasings (hostile12: drafts proposing it were shown)."""

from __future__ import annotations

import re

import pytest

from bot.mentor.constraints import excluded


@pytest.mark.parametrize(
    ("question", "name"),
    [
        ("We need a queue for the uploads, but RabbitMQ isn't an option for us.", "rabbitmq"),
        ("¿Cómo paralelizo esto? No podemos instalar Dask en el clúster.", "dask"),
        ("Como agendo as tarefas? Não quero usar Celery aqui.", "celery"),
        ("Jak przyspieszyć ten kod? Nie możemy używać numpy.", "numpy"),
        ("Bu sorguyu nasıl hızlandırırım? Sunucuya Redis kuramıyorum.", "redis"),
        ("Як це прискорити? pandas використовувати не можна.", "pandas"),
    ],
)
def test_the_library_is_ruled_out(question: str, name: str) -> None:
    assert name in excluded(question)
    assert not excluded(re.sub(name, "it", question, flags=re.I))
