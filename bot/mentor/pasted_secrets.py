"""A learner's pasted secret never leaves the turn: not stored, not sent to a model.

Learners paste `.env` files, connection URLs and tokens with their question. The output
guards already keep such values out of every reply; this keeps them out of everything else:
the message is redacted before it is stored, before the model server (a third party) or the
safety model reads it, and before it joins the thread's memory and later prompts. The model
does not need the value to explain a 401. The learner is told to rotate it: the channel saw it.
"""

from __future__ import annotations

from dataclasses import replace

from bot.mentor.guards.secrets import SecretScrub, learner_secrets
from bot.mentor.models import Attachment, MentorRequest


def without_secrets(request: MentorRequest) -> tuple[MentorRequest, tuple[str, ...]]:
    """The request with every secret it holds redacted, and the values redacted.

    The values stay with the turn (never stored): the output guards still redact them from
    whatever a draft holds, and a key found by its shape alone is among them.
    """
    texts = [request.text, *(_text_of(a) or "" for a in request.attachments)]
    values = learner_secrets("\n".join(texts))
    scrub = SecretScrub().with_values(values)
    text, found = scrub.redact(request.text)
    keys = scrub.keys_in("\n".join(texts))
    attachments: list[Attachment] = []
    for attachment in request.attachments:
        content = _text_of(attachment)
        if content is None:
            attachments.append(attachment)
            continue
        redacted, count = scrub.redact(content)
        found += count
        attachments.append(replace(attachment, content=redacted.encode()) if count else attachment)
    if not found:
        return request, ()
    pasted = tuple(dict.fromkeys((*values, *keys)))
    return replace(request, text=text, attachments=tuple(attachments)), pasted


def _text_of(attachment: Attachment) -> str | None:
    try:
        return attachment.content.decode("utf-8")
    except UnicodeDecodeError:
        return None
