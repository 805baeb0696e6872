"""Slack modals: `/mca ask` without text opens a form for a multi-line question and code.

Slash command text is one line in Slack's composer; a modal's plain-text inputs take many,
so code can be pasted as it is. The view carries the channel in `private_metadata`.
"""

from __future__ import annotations

from typing import Any

ASK_FORM = "mca_ask"
"""The form's callback_id (its submissions are routed by it)."""
TEXT_LIMIT = 3000
"""Slack's cap on a plain_text_input's value."""


def _plain(text: str, limit: int) -> dict[str, Any]:
    return {"type": "plain_text", "text": text[:limit], "emoji": True}


def _input(block: str, label: str, *, optional: bool) -> dict[str, Any]:
    return {
        "type": "input",
        "block_id": block,
        "optional": optional,
        "label": _plain(label, 2000),
        "element": {
            "type": "plain_text_input",
            "action_id": "value",
            "multiline": True,
            "max_length": TEXT_LIMIT,
        },
    }


def ask_form(*, channel: str, title: str, question: str, code: str, submit: str) -> dict[str, Any]:
    """The ask form's view (titles are capped at Slack's 24 characters)."""
    return {
        "type": "modal",
        "callback_id": ASK_FORM,
        "private_metadata": channel,
        "title": _plain(title, 24),
        "submit": _plain(submit, 24),
        "blocks": [
            _input("question", question, optional=False),
            _input("code", code, optional=True),
        ],
    }


def form_values(view: dict[str, Any]) -> tuple[str, str]:
    """(question, code) from a submitted view's state ('' for what is missing)."""
    values: dict[str, Any] = (view.get("state") or {}).get("values") or {}

    def value(block: str) -> str:
        return str(((values.get(block) or {}).get("value") or {}).get("value") or "")

    return value("question").strip(), value("code").strip()
