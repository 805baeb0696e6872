"""'On another matter' starts a new subject in the thread (review13 W7, new wordings).

"Outra coisa, sem relação: …" or "顺便问个不相关的问题：…" after a stdlib-only question kept the
old thread: "Continuing our conversation about the standard library", "kept: no new
dependencies", and the old subject's units. Said as another matter in any of the 14
languages, the question is read on its own and the old constraints are not held.
"""

from __future__ import annotations

import pytest

from bot.mentor.facts import ThreadMemory
from bot.mentor.i18n import Catalog
from bot.mentor.insight import read_turn
from bot.mentor.memory import remember

PAIRS = [
    ("pt", "Sem dependências novas: o parser de XML leva 25 s para 2 GB.", "Outra coisa, sem relação: como faço o FastAPI devolver 422 com mensagens em português?"),
    ("zh", "不能用 pandas，只能标准库：处理 5 GB 日志要 10 分钟。", "顺便问个不相关的问题：Flask 里怎么给每个请求加一个 request id 写进日志？"),
    ("fr", "Sans pandas, uniquement la bibliothèque standard : l'agrégation d'un CSV de 3 Go prend 7 min.", "Rien à voir avec ça : comment je signe un webhook en HMAC avec hashlib ?"),
    ("ko", "pandas 없이 표준 라이브러리만으로 4GB CSV를 집계하는 데 9분 걸려요.", "별건인데요, Celery 작업이 두 번 실행되는 것 같아요. 어떻게 확인하나요?"),
    ("es", "Sin pandas, solo la biblioteca estándar: agregar un CSV de 2 GB tarda 6 min.", "Cambiando de tema: ¿cómo hago que SQLAlchemy registre las consultas lentas?"),
]  # fmt: skip


@pytest.mark.parametrize(("lang", "first", "second"), PAIRS)
def test_another_matter_is_read_on_its_own(
    lang: str, first: str, second: str, catalog: Catalog
) -> None:
    """The new-subject line is said, and the old question's constraints are not held."""
    opened = read_turn(
        first, code=None, report=None, memory=ThreadMemory(), language=lang, catalog=catalog
    )
    memory = remember(ThreadMemory(), opened.facts, asked=first)
    assert memory.constraints  # the first question's "no pandas" / "no new dependencies"
    insight = read_turn(
        second, code=None, report=None, memory=memory, language=lang, catalog=catalog
    )
    assert catalog.message(lang, "reasoning_new_subject") in insight.notes, insight.notes
    assert insight.memory is not None
    assert not insight.memory.constraints, insight.memory.constraints
