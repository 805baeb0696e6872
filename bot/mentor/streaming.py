"""What a learner sees while a draft streams: prose as it arrives, code only after the guard.

The choice (ARCHITECTURE "One message"): the guardrails need the whole draft, but learners
should not stare at a spinner. So the gate forwards the draft's prose as it streams and holds
every code block back (a short "checking code" line stands in for it); an unguarded solution
can therefore never be shown, because solutions live in code. With `harm` (the output safety
guard's prose rule) prose goes out by complete lines; a line that could belong to an attack
recipe is held until its paragraph is complete and judged, and the stream stops before the
first line the final check would remove. With `advice` (the unsafe-advice guard's check of a
prose line: unpickling an upload, `verify=False`, `shell=True` on input, a claim of a run that
never happened) a line the final reply would change is held the same way, and its complete
paragraph stops the stream before it: what streams passes the checks the final reply passes
(review11 U18, U19 for the preview). The gate also stops forwarding
for good when the draft starts leaking the system prompt or turns out to be in the wrong
language. The platform then replaces the streamed text with the final, guarded reply (the
text `MentorService.handle` returns), so anything the guard changed is corrected at the end.
A retry or the fallback engine restarts the stream; re-asks after a rejected draft are not
streamed (the learner waits for the final text).
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Awaitable, Callable

import structlog

from bot.mentor.guard import LeakDetector
from bot.mentor.guards.code_views import code_line, unfenced_program
from bot.mentor.guards.safety import LIST_ITEM, ProseRule, scan_code, without_intro
from bot.mentor.guards.told_solution import ToldSolutions
from bot.mentor.language import LanguageDetector
from bot.text import markdown

log = structlog.get_logger()

ProgressSink = Callable[[str], Awaitable[None]]
AdviceCheck = Callable[[str, str, str], bool]
"""(line, the line above it, the prose so far) -> the final check would change this prose line."""

_BLANK_LINE = re.compile(r"\n[ \t]*\n")
LANGUAGE_CHECK_EVERY = 300
"""Prose characters between language checks of the streaming draft."""
FORWARD_EVERY_S = 0.25
"""The gate checks and forwards the draft at most this often (the first text at once).

Platforms show one edit per second (Discord and Slack pacing), so checking and rendering every
token-sized delta only burned CPU: at 16-character chunks the gate's leak scan, code hiding
and joins were the bot's top hotspot under load (issue 8). Whatever is forwarded is still
checked first, and the platform shows the final, guarded reply at the end."""
LEAK_OVERLAP_CHARS = 400
"""Re-scanned on each delta, so a phrase split across deltas (7 words, the canary) is seen."""
LANGUAGE_MIN_PROSE = 200
LANGUAGE_STOP_CONFIDENCE = 0.9


def visible_prose(text: str, placeholder: str) -> str:
    """`text` with every code block (closed or still open) replaced by `placeholder`."""
    out: list[str] = []
    for line in markdown.read_lines(text):
        if line.role == "prose":
            out.append(line.text)
        elif line.role == "open":
            out.append(placeholder)
    return "\n".join(out)


class StreamGate:
    """Receives engine deltas; forwards the safe view of the text so far to the platform."""

    def __init__(
        self,
        sink: ProgressSink | None,
        *,
        prefix: str = "",
        restart_notice: str = "",
        placeholder: str = "`…`",
        language: str = "",
        detector: LanguageDetector | None = None,
        leaks: LeakDetector | None = None,
        harm: ProseRule | None = None,
        advice: AdviceCheck | None = None,
        told: ToldSolutions | None = None,
        said: tuple[str, ...] = (),
        every_s: float = FORWARD_EVERY_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._sink = sink
        self._every_s = every_s
        self._clock = clock
        self._forwarded_at = -math.inf
        self._prefix = prefix + "\n\n" if prefix else ""
        self._restart_notice = restart_notice
        """Said above a new attempt when the learner already watched an earlier one stream."""
        self.replaced = False
        """A streamed preview was discarded for a new attempt (review9 R45: say so)."""
        self._placeholder = placeholder
        self._language = language
        self._detector = detector
        self._leaks = leaks
        self._harm = harm
        self._advice = advice
        self._advised: dict[tuple[str, str], bool] = {}
        """Each (line above, line)'s unsafe-advice verdict."""
        self._told = told
        """A step of a practice task's solution told in words is held like a recipe line; its
        paragraph stops the stream when the prose so far tells the solution."""
        self._said = said
        """The bot's earlier replies in the thread: steps begun there count with these."""
        self._harm_ok_until = 0
        """Offset of the view up to which complete paragraphs passed the prose rule."""
        self._held: dict[str, bool] = {}
        """Each line's verdict (held or not): the open paragraph is re-read at every forward."""
        self._steps: dict[str, bool] = {}
        """Each line's told-step verdict (a waiting paragraph's lines are asked again)."""
        self._stops: dict[str, bool] = {}
        """Each complete held paragraph's verdict (flagged, or a program without a fence): a
        paragraph that waits (a step, a list that may grow) is judged again at every forward."""
        self._told_in: dict[str, bool] = {}
        """Whether the prose up to a held paragraph tells a solution, by that prose: it does
        not change while a later paragraph streams."""
        self._parts: list[str] = []
        self._last_sent = ""
        self._checked_at = 0
        self._language_confirmed = False
        self._leak_scanned = 0
        self._leak_hits: set[tuple[str, ...]] = set()
        self.stopped = False
        """True once the gate stopped forwarding (leak or wrong language)."""
        self.deltas = 0

    @property
    def text(self) -> str:
        """The raw draft so far."""
        return "".join(self._parts)

    async def __call__(self, delta: str) -> None:
        """One engine delta: forward the new safe view, if it changed."""
        self.deltas += 1
        self._parts.append(delta)
        if self._sink is None or self.stopped:
            return
        now = self._clock()
        if now - self._forwarded_at < self._every_s:
            return  # checked and forwarded with the next delta after the interval, or by flush
        self._forwarded_at = now
        await self._forward()

    async def flush(self) -> None:
        """The draft ended: check and forward what the interval held back, if anything."""
        if self._sink is None or self.stopped or not self._parts:
            return
        await self._forward(final=True)

    async def _forward(self, *, final: bool = False) -> None:
        assert self._sink is not None
        raw = self.text
        if self._leaks is not None and self._leaks_in_new_text(raw):
            self.stopped = True
            return
        view = visible_prose(raw, self._placeholder)
        harmful = False
        if self._harm is not None or self._advice is not None:
            view, harmful = self._checked_lines(view, final=final)
        if self._wrong_language(view):
            self.stopped = True
            return
        shown = self._prefix + view
        if (
            shown != self._last_sent
            and view.strip()
            and not _only_trailing_space_less(shown, self._last_sent)
        ):
            self._last_sent = shown
            try:
                await self._sink(shown)
            except Exception as exc:  # a failed platform edit must not lose the reply
                log.warning("mentor.progress_failed", error=type(exc).__name__)
                self.stopped = True
        self.stopped = self.stopped or harmful

    def _checked_lines(self, view: str, *, final: bool) -> tuple[str, bool]:
        """What of `view` may be shown under the prose rule, and whether to stop for good.

        Complete lines stream; a suspicious line (and everything after it) is held until its
        paragraph is complete. A complete paragraph the rule flags shows what precedes its
        first suspicious line, then the stream stops. Verified paragraphs are not re-read.
        """
        if not final:
            cut = view.rfind("\n")
            view = view[: cut + 1] if cut >= self._harm_ok_until else view[: self._harm_ok_until]
        pos = self._harm_ok_until
        while pos < len(view):
            blank = _BLANK_LINE.search(view, pos)
            end = blank.start() if blank else len(view)
            paragraph = view[pos:end]
            held = self._first_suspicious(paragraph, view[:end])
            if blank is not None or final:
                if held is not None and (
                    self._stops_stream(paragraph)
                    or self._advises(paragraph, view[:end])
                    or self._tells(view if final else view[:end])
                ):
                    log.info("mentor.stream_stopped", reason="harm")
                    return view[: pos + held].rstrip(), True
                if held is not None and LIST_ITEM.match(paragraph):
                    verdict = self._loose_list(view, pos, final)
                    if verdict is None or verdict:  # its other items may make it a recipe
                        if verdict:
                            log.info("mentor.stream_stopped", reason="harm")
                        return view[: pos + held].rstrip(), bool(verdict)
                if held is not None and not final and self._has_step(paragraph):
                    # Later paragraphs (or sections) may finish the told solution this step
                    # begins: the whole draft decides, so the step waits for its end.
                    return view[: pos + held].rstrip(), False
                intro = self._introduction(
                    view, pos, paragraph, blank.end() if blank else end, final
                )
                if intro is not None:
                    return intro
                pos = blank.end() if blank else len(view)
                self._harm_ok_until = pos
                continue
            return (view[: pos + held].rstrip() if held is not None else view), False
        return view, False

    def _loose_list(self, view: str, pos: int, final: bool) -> bool | None:
        """The list run from `pos` (one item per paragraph), flagged as one list.

        None while it may still grow: the final check counts its items together.
        """
        if self._harm is None:
            return False
        items: list[str] = []
        start = pos
        while start < len(view):
            blank = _BLANK_LINE.search(view, start)
            end = blank.start() if blank else len(view)
            paragraph = view[start:end]
            if not LIST_ITEM.match(paragraph):
                if not final and len(paragraph.strip()) < 3:
                    return None  # "1" may yet become "1."
                break
            items.append(paragraph)
            if blank is None:
                if not final:
                    return None
                break
            start = blank.end()
        else:
            if not final:
                return None
        return bool(self._harm.scan("\n".join(items)))

    def _introduction(
        self, view: str, pos: int, paragraph: str, after: int, final: bool
    ) -> tuple[str, bool] | None:
        """Hold a sentence that introduces a block ("run it:") until the block is judged.

        The final check drops it with a harmful block, so the preview never shows it before
        the block is complete and safe; a harmful block stops the stream before it.
        """
        if not paragraph.rstrip().endswith((":", "：")):
            return None
        cut = view[: pos + len(without_intro(paragraph))].rstrip()
        following = view[after:].lstrip()
        if not following:
            return None if final else (cut, False)
        if not following.startswith(self._placeholder):
            return None
        index = view[:after].count(self._placeholder)
        blocks = markdown.code_blocks(self.text)
        if index >= len(blocks):
            return None if final else (cut, False)
        block = blocks[index]
        if not (block.closed or final):
            return cut, False
        if self._harm is not None and scan_code(block.code or "", block.language):
            log.info("mentor.stream_stopped", reason="harm")
            return cut, True
        return None

    def _first_suspicious(self, paragraph: str, prose: str) -> int | None:
        """Offset of the first line the prose rule (or the advice check) may remove, if any."""
        offset = 0
        above = ""
        for line in paragraph.splitlines(keepends=True):
            held = self._held.get(line)
            if held is None:
                held = self._held[line] = bool(
                    (self._harm is not None and self._harm.suspicious(line))
                    or code_line(line)
                    or self._step(line)
                )
            if held or self._advised_line(line, above, prose):
                return offset
            offset += len(line)
            above = line if line.strip() else above
        return None

    def _advised_line(self, line: str, above: str, prose: str) -> bool:
        """The final check would change this prose line (unsafe advice, an invented run)."""
        if self._advice is None or not line.strip():
            return False
        key = (above, line)
        verdict = self._advised.get(key)
        if verdict is None:
            verdict = self._advised[key] = self._advice(line.rstrip("\n"), above.strip(), prose)
        return verdict

    def _advises(self, paragraph: str, prose: str) -> bool:
        """A complete paragraph holding a line the final check would change."""
        if self._advice is None:
            return False
        above = ""
        for line in paragraph.splitlines(keepends=True):
            if self._advised_line(line, above, prose):
                return True
            above = line if line.strip() else above
        return False

    def _stops_stream(self, paragraph: str) -> bool:
        """A complete paragraph the prose rule flags, or a program written without a fence."""
        if self._harm is None:
            return False
        stops = self._stops.get(paragraph)
        if stops is None:
            stops = self._stops[paragraph] = bool(
                self._harm.flags(paragraph) or unfenced_program(paragraph)
            )
        return stops

    def _step(self, line: str) -> bool:
        if self._told is None:
            return False
        step = self._steps.get(line)
        if step is None:
            step = self._steps[line] = self._told.step_line(line, self._language)
        return step

    def _has_step(self, paragraph: str) -> bool:
        return self._told is not None and any(self._step(ln) for ln in paragraph.splitlines())

    def _tells(self, prose: str) -> bool:
        """The prose so far tells a task's solution, with the thread's earlier replies."""
        if self._told is None:
            return False
        told = self._told_in.get(prose)
        if told is None:
            told = self._told_in[prose] = bool(
                self._told.tasks({"draft": prose}, self._language, self._said)
            )
        return told

    def _leaks_in_new_text(self, raw: str) -> bool:
        """Scan only what arrived since the last scan, plus an overlap for split phrases."""
        assert self._leaks is not None
        start = max(0, self._leak_scanned - LEAK_OVERLAP_CHARS)
        self._leak_scanned = len(raw)
        return self._leaks.scan(raw[start:], self._leak_hits)

    def _wrong_language(self, view: str) -> bool:
        if self._detector is None or not self._language:
            return False
        if self._language_confirmed or len(view) - self._checked_at < LANGUAGE_CHECK_EVERY:
            return False
        self._checked_at = len(view)
        found = self._detector.detect(view)
        if found.language == self._language and found.chars >= LANGUAGE_MIN_PROSE:
            # Confirmed on enough prose: stop re-detecting the growing text (the whole draft
            # is checked again by the guard before the final reply).
            self._language_confirmed = True
        return (
            found.language is not None
            and found.language != self._language
            and found.chars >= LANGUAGE_MIN_PROSE
            and found.confidence >= LANGUAGE_STOP_CONFIDENCE
        )

    async def restart(self) -> None:
        """A retry (or the fallback engine) starts the text over; stream it from scratch.

        When the learner already saw part of the discarded attempt, the new one streams under
        a notice saying the first answer broke off, never as a silent swap (review9 R45).
        """
        if self._last_sent and not self.replaced:
            self.replaced = True
            if self._restart_notice:
                self._prefix = self._prefix + self._restart_notice + "\n\n"
        self._parts.clear()
        self._checked_at = 0
        self._language_confirmed = False
        self._leak_scanned = 0
        self._leak_hits.clear()
        self._harm_ok_until = 0
        self._forwarded_at = -math.inf  # the new attempt's first text goes out at once

    def close(self) -> None:
        """Stop forwarding (re-asks and fallbacks are not streamed)."""
        self.stopped = True


def _only_trailing_space_less(shown: str, last: str) -> bool:
    """`shown` is `last` minus trailing whitespace (a held paragraph cut back to the line before).

    Sending it would make the preview shrink by a newline and flicker; what it shows is the same.
    """
    return len(shown) < len(last) and shown.rstrip() == last.rstrip()
