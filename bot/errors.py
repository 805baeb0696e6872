"""The bot's small error hierarchy; user-facing errors carry a message that is safe to show.

    MCAError
    +-- UserFacingError        safe to show; `exit_code` for the CLI
    |   +-- ConfigError        invalid settings (names the key, the file, the expected type)
    |   +-- InputError         a learner's input we refuse (empty, too long, binary, unknown command)
    |   +-- StorageError       the database cannot be opened or written (corrupt, read-only, full)
    |   +-- RateLimited        the learner or community is out of allowance for now
    |   +-- Unavailable        something the bot needs is unreachable at start (port, platform)
    +-- EngineError            a reply engine failed (mapped from library errors at the edge)

Internal errors (anything else) are logged with a reference id and shown only as that id.
"""

from __future__ import annotations


class MCAError(Exception):
    """Base of every error the bot raises on purpose."""


class UserFacingError(MCAError):
    """An error whose message is safe to show to a learner or operator."""

    exit_code: int = 1

    def __init__(self, message: str, *, key: str = "", **params: object) -> None:
        super().__init__(message)
        self.message = message
        self.key = key
        """An i18n message key, so platforms can show the message in the learner's language."""
        self.params = params


class ConfigError(UserFacingError):
    """Settings that fail validation; raised at start, before anything else happens."""

    exit_code = 78  # EX_CONFIG


class InputError(UserFacingError):
    """A learner input we cannot accept; nothing is stored for it."""

    exit_code = 2


class StorageError(UserFacingError):
    """The database is unusable; nothing already stored was changed."""

    exit_code = 74  # EX_IOERR


class RateLimited(UserFacingError):
    """Out of allowance; `retry_after_s` says when to ask again."""

    exit_code = 75  # EX_TEMPFAIL

    def __init__(
        self, message: str, *, retry_after_s: float, key: str = "", **params: object
    ) -> None:
        super().__init__(message, key=key, retry_after_s=round(retry_after_s), **params)
        self.retry_after_s = retry_after_s


class Unavailable(UserFacingError):
    """A dependency the bot cannot start without: the HTTP port is taken, a platform is down.

    Raised at start-up so the operator gets one line naming the cause, not a traceback.
    """

    exit_code = 69  # EX_UNAVAILABLE


class EngineError(MCAError):
    """A reply engine failed; the service answers with the fallback engine instead."""
