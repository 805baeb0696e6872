"""A line in another script than the reply's language never reaches the learner (review8 F34).

A Japanese reply kept "- Rate limits per account should turn the 6th failure into 429." in its
hypotheses: the language check voted per section, and one English line in a Japanese section
passed.
"""

from __future__ import annotations

from bot.app import App
from bot.mentor.guards.foreign_lines import drop_foreign_lines
from bot.mentor.i18n import Catalog
from bot.mentor.models import MentorRequest, Sections
from tests.fakes.openai_server import FakeOpenAI, compose, reply

ENGLISH = "- Rate limits per account should turn the 6th failure into 429."

JA_BODIES = (
    "- ログインの失敗は1分あたり何回ありますか？\n- どのフレームワークで認証していますか？",
    "- アカウントごとの試行回数に上限がないため、推測が続けられます。上限を入れると1分あたりの"
    f"失敗回数が下がるはずです。\n{ENGLISH}",
    "1. `flask-limiter` でアカウントごとの上限を設定します。\n"
    "2. 失敗回数を `prometheus_client` のカウンターで測ります。\n"
    "3. 上限の前後で失敗回数を比べます。",
    "",
    "- セキュリティ\n- 計測",
    "- Flask-Limiter のドキュメントを読み、設定を比べてください。",
    "- 上限を入れる前と後で、失敗回数はどう変わりましたか？",
)


def test_an_english_line_in_a_japanese_section_goes() -> None:
    sections = Sections(hypotheses=JA_BODIES[1], steps=JA_BODIES[2])
    kept, dropped = drop_foreign_lines(sections, "ja")
    assert dropped == 1
    assert ENGLISH not in kept.hypotheses
    assert "アカウントごと" in kept.hypotheses
    assert kept.steps == sections.steps


def test_code_links_quotes_errors_and_names_stay() -> None:
    """Code, reference titles, quoted errors and a few Latin names are not another language."""
    body = "\n".join(
        [
            "```python",
            "limiter = Limiter(get_remote_address, app=app, default_limits=['5 per minute'])",
            "```",
            "- [Flask-Limiter — Rate limiting for Flask applications](https://flask-limiter.readthedocs.io/)",
            "> ValueError: invalid literal for int() with base 10: 'abc'",
            "- `asyncio.run(main())` と `uvloop.install()` を同じプロセスで",
            "- uvloop と asyncio",
        ]
    )
    kept, dropped = drop_foreign_lines(Sections(steps=body, next_steps=body), "ja")
    assert dropped == 0
    assert kept.steps == body


def test_cyrillic_replies_drop_latin_prose_and_latin_replies_are_untouched() -> None:
    ru = "- Посчитайте неудачные входы за минуту.\n- Count the failed logins per minute before you add the limit."
    kept, dropped = drop_foreign_lines(Sections(steps=ru), "ru")
    assert dropped == 1
    assert kept.steps == "- Посчитайте неудачные входы за минуту."
    english = Sections(steps="- Count the failed logins per minute before you add the limit.")
    assert drop_foreign_lines(english, "pt") == (english, 0)


async def test_the_learner_reads_no_english_line_in_a_japanese_reply(
    llm_app: App, fake_openai: FakeOpenAI, catalog: Catalog
) -> None:
    """Through the whole turn: the line goes, the rest stays, and the learner is told."""
    draft = compose(list(catalog.headings("ja").values()), JA_BODIES)
    fake_openai.reset(default=reply(draft))
    result = await llm_app.mentor.handle(
        MentorRequest(
            platform="console",
            user="u1",
            text="自分の Flask アプリのログインをブルートフォースから守るにはどうすればいいですか？",
        )
    )
    assert result.language == "ja"
    assert "Rate limits per account" not in result.text
    assert catalog.message("ja", "guardsout_lines_language") in result.text
