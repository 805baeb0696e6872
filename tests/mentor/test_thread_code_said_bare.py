"""A follow-up that names the thread's code in prose continues the thread (threads15, pt).

"…falha em todo lugar que usa datetime.utcnow()", then "Já tentamos um filterwarnings no
pytest.ini… O que substitui o utcnow?" was read as a new, unrelated question: the second names
`utcnow` bare, not as `datetime.utcnow()`, and a new object (pytest.ini). The thread's timezone
subject was dropped, and with it the "aware datetime" answer the learner needed.
"""

from __future__ import annotations

import pytest

from bot.mentor.facts import ThreadMemory
from bot.mentor.i18n import Catalog
from bot.mentor.insight import read_turn
from bot.mentor.memory import remember
from bot.mentor.understanding import extract

THREADS = [
    ("en", "After moving to Python 3.12 our CI fails with -W error wherever we call datetime.utcfromtimestamp(ts) in the billing module.",
     "We already silenced it with a filterwarnings entry in pytest.ini but want a proper fix now. What should replace utcfromtimestamp when the timestamps come from Stripe webhooks?"),
    ("pt", "Depois de subir para o Python 3.12, nossos testes com -W error quebram sempre que chamamos `unittest.makeSuite()` no runner antigo.",
     "Já colocamos um filterwarnings no setup.cfg para silenciar, mas queremos resolver direito. O que devemos usar no lugar de makeSuite para montar a suíte?"),
    ("de", "Seit Python 3.12 schlagen unsere Tests mit -W error überall fehl, wo wir `locale.getdefaultlocale()` aufrufen.",
     "Wir haben die Warnung schon per filterwarnings in der pytest.ini unterdrückt, wollen das aber richtig lösen. Was nimmt man statt getdefaultlocale heute, damit es auch unter Windows läuft?"),
    ("es", "Con Python 3.14 nuestra suite con -W error falla en cada llamada a `asyncio.iscoroutinefunction()` del registro de plugins.",
     "Ya pusimos un filterwarnings en el pytest.ini para callarlo, pero queremos arreglarlo bien. ¿Qué se usa ahora en lugar de iscoroutinefunction para saber si un handler es asíncrono?"),
    ("ja", "Python 3.12 に上げたら、`datetime.utcnow()` を使っている箇所で -W error のテストが全部落ちるようになりました。",
     "pytest.ini の filterwarnings で一旦黙らせましたが、ちゃんと直したいです。utcnow の代わりに何を使えばいいですか？データベースにはタイムゾーン付きで保存したいと考えています。"),
]  # fmt: skip


@pytest.mark.parametrize(("lang", "first", "second"), THREADS)
def test_the_threads_code_named_bare_is_no_new_question(
    lang: str, first: str, second: str, catalog: Catalog
) -> None:
    """No "this looks like a new question" when the follow-up names the thread's call."""
    memory = remember(ThreadMemory(), extract(first), asked=first)
    notes = read_turn(
        second, code=None, report=None, memory=memory, language=lang, catalog=catalog
    ).notes
    assert catalog.message(lang, "reasoning_new_subject") not in notes, notes
