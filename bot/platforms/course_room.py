"""The course room's services as the Discord and Slack adapters use them (no platform imports).

Both chat platforms translate `/mca course|session|progress|practice|submit|hint|announce`
into the same calls; what they share (opening a session thread the mentor will recognise,
the announce preview, the text after `/mca submit <id>`) lives here so they stay thin.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from bot.course.announcer import Announcer, Planned, Poster
from bot.course.console import render_results
from bot.course.permissions import AdminFacts, can_announce
from bot.course.service import CourseService, PracticeService, Who

COURSE_COMMANDS = ("course", "session", "progress", "practice", "submit", "hint", "announce")
"""The `/mca` subcommands the course room adds on every platform."""
ANNOUNCE_ACTIONS = ("preview", "now")


@dataclass
class CourseRoom:
    """Course, practice and announcer services, plus the posters `/mca announce now` uses.

    `posters` is shared by every running platform (cmd_run hands the same dict to each), so
    an admin's `announce now` on Discord also reaches the configured Slack channels.
    """

    course: CourseService
    practice: PracticeService
    announcer: Announcer
    posters: dict[str, Poster] = field(default_factory=dict)

    def text(self, language: str, key: str, /, **params: object) -> str:
        """A course UI string."""
        return self.course.course.text(language, key, **params)

    def session_title(self, number: str, language: str) -> str:
        """'Session 3: Profiling and memory' (InputError for an unknown number)."""
        session = self.course.session(number, language)
        return (
            f"{self.text(language, 'session')} {session.number}: "
            f"{session.in_language(language).title}"
        )

    async def open_session(
        self,
        who: Who,
        number: str,
        *,
        thread: str,
        language: str,
        community: str = "",
        channel: str = "",
    ) -> str:
        """Bind `thread` to the session and make it a mentoring thread of this learner.

        The thread row lets the platform's follow-up handler answer there (in `language`);
        the course binding gives those turns the session's context and graded mode.
        """
        text = await self.course.open_session(who, number, thread, language)
        learner = await self.practice.learner(who)
        await self.practice.store.create_thread(
            platform=who.platform,
            external_id=thread,
            learner_id=learner.id,
            community=community,
            channel=channel,
            language=language,
        )
        return text

    def allowed(self, facts: AdminFacts) -> bool:
        """Tell whether this person may run `/mca announce`."""
        return can_announce(facts, self.announcer.settings)

    def preview(self, language: str, only: Callable[[Planned], bool] | None = None) -> str:
        """`/mca announce preview`: the schedule, where it goes (`only` its channels), the text."""
        planned = [p for p in self.announcer.plan() if only is None or only(p)]
        lines = [
            self.text(
                language, "announce_preview", schedule=self.announcer.describe(language=language)
            )
        ]
        lines += [f"• {p.platform} #{p.channel} ({p.week})" for p in planned]
        if not planned:
            lines.append(self.text(language, "announce_none"))
        else:
            lines.append("\n" + planned[0].text)
        return "\n".join(lines)

    async def announce_now(
        self, language: str, only: Callable[[Planned], bool] | None = None
    ) -> str:
        """`/mca announce now`: post this week's task where it was not posted yet (`only`)."""
        results = await self.announcer.announce_now(self.posters, only=only)
        return render_results(self.course, language, results)


def first_word(rest: str) -> str:
    """The first word of a subcommand's argument ('' when there is none)."""
    parts = rest.split()
    return parts[0] if parts else ""


def on_platform(platform: str) -> Callable[[Planned], bool]:
    """Announcement channels of one platform: an admin there answers for those only."""
    return lambda planned: planned.platform == platform
