"""The one Markdown reader: what counts as a code block, and that every path reads a paste alike."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.course.checks import extract_code, split_submission
from bot.mentor.codeblocks import code_to_run, extract_blocks, strip_blocks
from bot.mentor.guards.markdown import split_parts
from bot.mentor.guards.safety import strip_harm
from bot.mentor.language import strip_code
from bot.mentor.solution import guard_text
from bot.mentor.streaming import visible_prose
from bot.text import markdown
from tests.mentor.guards.harm_samples import HARMFUL

CODE = "def f():\n    return 1"

PASTES = {
    "backticks": f"```py\n{CODE}\n```",
    "tildes": f"~~~python\n{CODE}\n~~~",
    "unterminated": f"```python\n{CODE}",
    "info python3": f"```python3\n{CODE}\n```",
    "info after a space": f"``` python\n{CODE}\n```",
    "untagged": f"```\n{CODE}\n```",
    "indented fence": "  ```py\n  def f():\n      return 1\n  ```",
    "indented four spaces": "    ```py\n    def f():\n        return 1\n    ```",
    "in a list item": "1. Here it is:\n\n   ```py\n   def f():\n       return 1\n   ```",
    "longer closing run": f"```py\n{CODE}\n`````",
    "CRLF": f"```py\r\n{CODE.replace(chr(10), chr(13) + chr(10))}\r\n```\r\n",
    "text before and after": f"Why is this slow?\n```py\n{CODE}\n```\nThanks!",
    "slack: code on the fence lines": "```def f():\n    return 1```",
    "slack: after prose": "my code:```def f():\n    return 1```",
    "two blocks, the larger wins": f"```py\nx = 1\n```\nand\n```py\n{CODE}\n```",
    "output block beside it": f"```text\nTraceback: boom\n```\n```py\n{CODE}\n```",
}


@pytest.mark.parametrize("paste", PASTES.values(), ids=PASTES.keys())
def test_same_paste_gives_same_code_to_ask_and_submit(paste: str) -> None:
    """/mca ask profiles and /mca submit checks the same code from one paste."""
    asked = code_to_run(extract_blocks(paste))
    task, body = split_submission(f"t1\n{paste}")
    assert asked is not None
    assert asked.code == CODE
    assert (task, extract_code(body)) == ("t1", CODE)
    assert markdown.program(paste) == CODE


@pytest.mark.parametrize("gap", ["", " ", "  ", "\t"])
def test_submit_fence_on_the_command_line_keeps_the_task_id(gap: str) -> None:
    """`submit t1```py`, `submit t1 ```py`: task t1, and the fence is the submission."""
    task, body = split_submission(f"t1{gap}```py\n{CODE}\n```")
    assert (task, extract_code(body)) == ("t1", CODE)


def test_slack_one_line_block_is_code() -> None:
    """```print(1)``` on one line is a code block, as Slack sends it."""
    assert [b.code for b in extract_blocks("run ```print(1)``` please")] == ["print(1)"]
    assert strip_blocks("run ```print(1)``` please") == "run please"


@pytest.mark.parametrize(
    "text",
    [
        "Use ``` to open a block",
        "x = '```'",
        "a `` b ``",
    ],
)
def test_backticks_that_open_nothing_stay_text(text: str) -> None:
    """Backticks in a sentence, a string literal or a run of two open no block."""
    assert extract_blocks(text) == []


def test_backticks_inside_a_block_do_not_close_it() -> None:
    """A line with ``` inside code, or a shorter run, does not end the block."""
    text = '````py\ns = "```"\n```\nprint(s)\n````\nafter'
    blocks = markdown.code_blocks(text)
    assert [b.code for b in blocks] == ['s = "```"\n```\nprint(s)']
    assert blocks[0].closed


def test_unterminated_block_is_open_to_the_end() -> None:
    """A last fence without a closing line runs to the end and says so."""
    (block,) = markdown.code_blocks("See:\n```py\nx = 1\n\ny = 2")
    assert (block.code, block.closed) == ("x = 1\n\ny = 2", False)


def test_every_reader_hides_the_same_block() -> None:
    """Language detection, the streaming gate and the question text all skip the same code."""
    text = "Bonjour, pourquoi est-ce lent ?\n~~~python\nprint('hello world')\n~~~\nMerci"
    assert "hello" not in strip_code(text)
    assert "hello" not in visible_prose(text, "[code]")
    assert "hello" not in strip_blocks(text)
    assert "[code]" in visible_prose(text, "[code]")


@pytest.mark.parametrize("fence", ["```", "~~~", "````"])
def test_guards_read_every_fence_as_code(fence: str) -> None:
    """A harmful block is dropped whichever fence marks it."""
    draft = f"Rate-limit logins.\n\n{fence}python\n{HARMFUL['credential_spray']}{fence}\n\nAlert."
    result = strip_harm(draft)
    assert result.blocks == 1
    assert "httpx.post" not in result.text


def test_solution_guard_keeps_text_around_a_replaced_block() -> None:
    """Only the finished block becomes a scaffold; prose and spacing around it stay."""
    body = "\n".join(f"    x{i} = {i}" for i in range(6))
    draft = f"Before.\n\n```python\ndef solve(data):\n{body}\n    return x5\n```\n\nAfter."
    checked = guard_text(draft, strict=True)
    assert checked.replaced == 1
    assert checked.text.startswith("Before.\n\n```python\n")
    assert checked.text.endswith("```\n\nAfter.")
    assert "x5 = 5" not in checked.text


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="`~ \n\r\tpy>-1.:=x'\"", max_size=200))
def test_blocks_cover_every_line_in_order(text: str) -> None:
    """Blocks are in order, never overlap, and every non-blank line is in one of them."""
    lines = markdown.normalize(text).split("\n")
    covered: set[int] = set()
    end = 0
    for block in markdown.blocks(text):
        assert block.first_line >= end
        assert block.text == "\n".join(lines[block.first_line : block.end_line])
        covered.update(range(block.first_line, block.end_line))
        end = block.end_line
    assert all(i in covered for i, line in enumerate(lines) if line.strip())


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["```py\n", "```\n", "~~~python\n", "~~~\n", "x = 1\n", "def f():\n", "    return 2\n",
             "Why?\n", "\n", "``` python\n", "```text\n", "print('```')\n", "\r\n", "  ```\n"]
        ),
        max_size=25,
    ).map("".join)
)
def test_ask_and_submit_read_any_paste_alike(paste: str) -> None:
    """Whatever the paste, the code /mca ask would run is the code /mca submit checks."""
    asked = code_to_run(extract_blocks(paste))
    if asked is not None:
        assert extract_code(paste) == asked.code


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="`~ \nab'\"py", max_size=80))
def test_normalizing_twice_changes_nothing(text: str) -> None:
    """What the reader writes (a split part, a guarded draft) reads back the same way."""
    once = markdown.normalize(text)
    assert markdown.normalize(once) == once


def test_a_callers_change_to_read_blocks_does_not_reach_the_next_reader() -> None:
    """Blocks and lines of a text are remembered, but each caller gets its own list."""
    text = "Intro line.\n\n```python\nprint(1)\n```\n\nAfter."
    first, lines = markdown.blocks(text), markdown.read_lines(text)
    expected = (list(first), list(lines))
    first.clear()
    lines.pop()
    assert (markdown.blocks(text), markdown.read_lines(text)) == expected
    assert [b.is_code for b in markdown.blocks(text)] == [False, True, False]


def test_a_callers_change_to_split_parts_does_not_reach_the_next_guard() -> None:
    """The guards' parts of a text are remembered, but each guard gets its own list."""
    text = "Step one.\n\n```python\nimport os\n```\n\n    def f():\n        return 1\n"
    parts = split_parts(text)
    expected = list(parts)
    parts.clear()
    assert split_parts(text) == expected
    assert [p.is_code for p in expected] == [False, True, True]
