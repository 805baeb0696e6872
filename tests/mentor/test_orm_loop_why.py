"""Why a change made an ORM page slower: one query per row, read from the code (review11 U5).

"I moved the customer names into this loop: 250 ms -> 2.8 s. Why slower?" with code that reads
`invoice.customer.name` for each row of a queryset asks for the mechanism, and the code holds
it: the relation is loaded lazily, one query per row (N+1). The reply says so first, with the
relation it read, in the learner's language.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from bot.app import App
from bot.mentor.i18n import Catalog
from bot.mentor.models import MentorRequest

DATA = Path(__file__).parent / "data" / "orm_loop_questions.toml"
with DATA.open("rb") as fh:
    QUESTIONS = tomllib.load(fh)

ORM_CODE = """
```python
def invoice_page(request):
    invoices = Invoice.objects.filter(paid=False).order_by("-created")
    rows = []
    for invoice in invoices:
        rows.append((invoice.number, invoice.customer.name, invoice.total))
    return render(request, "invoices.html", {"rows": rows})
```
"""


def ask(text: str, thread: str) -> MentorRequest:
    return MentorRequest(platform="console", user="u", text=text, thread=thread)


def lead(catalog: Catalog, lang: str) -> str:
    """The mechanism line's words before the relation it names."""
    return catalog.message(lang, "measured_orm_lazy_loop", relation="\x00").split("\x00")[0]


@pytest.mark.parametrize("lang", sorted(QUESTIONS))
async def test_why_slower_with_a_relation_read_per_row_is_one_query_per_row(
    app: App, catalog: Catalog, lang: str
) -> None:
    reply = await app.mentor.handle(ask(QUESTIONS[lang] + ORM_CODE, f"orm-{lang}"))
    assert reply.language == lang
    assert f"{lead(catalog, lang)}invoice.customer`" in reply.text
