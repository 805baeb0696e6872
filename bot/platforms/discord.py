"""The Discord platform: discord.py bot setup, endpoints from settings, cogs, command sync.

`DiscordPlatform.run()` points discord.py at the configured endpoints (the documented hooks
`discord.http.Route.BASE` and `DiscordWebSocket.DEFAULT_GATEWAY`; tests use a loopback fake),
logs in, loads the cogs built from services, syncs `/mca` (to the dev guild, or globally),
and stays connected: discord.py resumes dropped sessions itself, and an event it cannot even
parse is logged with a reference and followed by a fresh connection instead of a crash. A
graceful stop hands the gateway sessions over (`hand_over`): no event is read after it, the
sockets close with 4000 so Discord keeps the sessions resumable, and the next process RESUMEs
them and answers what was sent in the gap.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from typing import Any

import aiohttp
import discord
import structlog
import yarl
from discord import app_commands
from discord.ext import commands
from discord.gateway import DiscordWebSocket
from discord.http import Route

from bot.community.admin import CommunityAdmin
from bot.errors import ConfigError, InputError, Unavailable
from bot.mentor.service import MentorService
from bot.observability import Metrics
from bot.platforms.course_room import CourseRoom
from bot.platforms.delivery import Delivery
from bot.platforms.discord_course import DiscordPoster
from bot.platforms.discord_gateway import hand_over
from bot.platforms.discord_inbox import keep_raw_interactions
from bot.platforms.discord_inbox import replay as replay_message
from bot.platforms.discord_replies import ChannelSink, DiscordErrors
from bot.platforms.discord_resume import SessionKeeper
from bot.platforms.discord_store import INTERACTION_PREFIX, DiscordStore
from bot.platforms.discord_translator import CatalogTranslator
from bot.platforms.settings import DiscordSettings
from bot.storage.inbox import InboxEvent
from bot.storage.store import Store, ThreadRecord
from cogs.admin import AdminCog
from cogs.ask import MentorCog, locale_of
from cogs.threads import ThreadCog

log = structlog.get_logger()

RECONNECT_PAUSE_S = 1.0
"""First pause before a fresh connection after an unparseable event; doubles up to the max."""
RECONNECT_PAUSE_MAX_S = 30.0


def configure_endpoints(settings: DiscordSettings) -> None:
    """Point discord.py at the configured REST base and gateway (unset: Discord's own)."""
    if settings.api_base:
        discord.http.Route.BASE = settings.api_base.rstrip("/")
    if settings.gateway_url:
        DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.gateway_url)


def intents() -> discord.Intents:
    """Guilds, guild and direct messages, reactions, and message content (follow-ups)."""
    wanted = discord.Intents.none()
    wanted.guilds = True
    wanted.guild_messages = True
    wanted.guild_reactions = True
    wanted.dm_messages = True
    wanted.dm_reactions = True
    wanted.message_content = True
    return wanted


def _bot_options(settings: DiscordSettings) -> dict[str, Any]:
    """What both bot classes are built with: no prefix commands, nobody pinged by default.

    discord.py holds READY until no GUILD_CREATE came for `guild_ready_timeout` (2 s by
    default): the whole of it is added to every start (bench/bench_discord_restart.py).
    """
    return {
        "guild_ready_timeout": settings.guild_ready_timeout_s,
        "command_prefix": commands.when_mentioned,
        "intents": intents(),
        "help_command": None,
        "allowed_mentions": discord.AllowedMentions.none(),
    }


class _MentorHooks(commands.Bot):
    """The event hooks both bot classes share: each hands the event to the platform."""

    _platform: DiscordPlatform

    async def setup_hook(self) -> None:
        """Load the cogs and sync the command tree (one process only), before connecting."""
        await self._platform.setup(self)

    async def on_ready(self) -> None:
        """Every connection of this process is ready: log the identity and guilds."""
        self._platform.on_ready(str(self.user), len(self.guilds))

    async def on_resumed(self) -> None:
        """A dropped gateway session was resumed; missed events are replayed by Discord."""
        self._platform.on_resumed()

    async def on_error(self, event_method: str, /, *args: Any, **kwargs: Any) -> None:
        """A listener raised outside our handlers: log it with a reference, keep running."""
        log.exception("discord.event_failed", event=event_method, ref=uuid.uuid4().hex[:8])


class MentorBot(_MentorHooks):
    """discord.py's Bot with our cogs: one unsharded gateway connection."""

    def __init__(self, platform: DiscordPlatform) -> None:
        super().__init__(**_bot_options(platform.settings))
        self._platform = platform

    async def on_disconnect(self) -> None:
        """The gateway dropped: /healthz says not ready until READY or RESUMED."""
        self._platform.ready.clear()


class ShardedMentorBot(_MentorHooks, commands.AutoShardedBot):
    """The same bot over the shards this process runs (`shard_ids` of `shard_count`).

    Discord routes each guild's events to shard (guild_id >> 22) % shard_count, so processes
    running disjoint shards never see the same event; what they share lives in the store.
    """

    def __init__(self, platform: DiscordPlatform) -> None:
        settings = platform.settings
        super().__init__(
            shard_ids=settings.my_shards, shard_count=settings.shard_count, **_bot_options(settings)
        )
        self._platform = platform

    async def on_shard_disconnect(self, shard_id: int) -> None:
        """A shard dropped: /healthz says not ready until it is back (all shards must be up)."""
        log.info("discord.shard_disconnected", shard=shard_id)
        self._platform.ready.clear()

    async def on_shard_ready(self, shard_id: int) -> None:
        """One shard identified (the process is ready once every shard is)."""
        log.info("discord.shard_ready", shard=shard_id)
        if all(not shard.is_closed() for shard in self.shards.values()) and self.is_ready():
            self._platform.ready.set()


AnyMentorBot = MentorBot | ShardedMentorBot


def _count_api_errors(bot: AnyMentorBot, metrics: Metrics) -> None:
    """Count failed REST calls by route template and status (mca_platform_api_errors_total).

    discord.py has no hook for failed requests; wrapping this bot's own HTTPClient.request
    sees every REST call (route templates keep the label set small: no ids in them).
    """
    request = bot.http.request

    async def counted(route: Route, **kwargs: Any) -> Any:
        try:
            return await request(route, **kwargs)
        except discord.HTTPException as exc:
            metrics.platform_api_errors.labels(
                "discord", f"{route.method} {route.path}", str(exc.status)
            ).inc()
            raise
        except (aiohttp.ClientError, OSError) as exc:
            metrics.platform_api_errors.labels(
                "discord", f"{route.method} {route.path}", type(exc).__name__
            ).inc()
            raise

    bot.http.request = counted  # type: ignore[method-assign]  # instance wrap, see docstring


class DiscordPlatform:
    """The Discord face of the bot (Platform protocol: run/close)."""

    name = "discord"

    def __init__(
        self,
        *,
        token: str,
        settings: DiscordSettings,
        mentor: MentorService,
        store: Store,
        delivery: Delivery,
        course_room: CourseRoom | None = None,
        community: CommunityAdmin | None = None,
    ) -> None:
        self._token = token
        self.community = community
        self.settings = settings
        self.mentor = mentor
        self.store = DiscordStore(store)
        self.delivery = delivery
        """Every turn and redelivery (bot/platforms/delivery.py), built by the composition root."""
        self.errors = DiscordErrors(delivery.errors)
        self._bot: AnyMentorBot | None = None
        self._asks: MentorCog | None = None
        self._closing = False
        self._closed = asyncio.Event()
        self._gateway: asyncio.Task[None] | None = None
        """The task reading the gateway (`bot.connect()`); stopped by `hand_over`."""
        self._handed_over = False
        self._keeper: SessionKeeper | None = None
        self._background: list[asyncio.Task[None]] = []
        self.course_room = course_room
        self.poster = DiscordPoster()
        """Posts weekly announcements once the bot is logged in (cmd_run's posters dict)."""
        if course_room is not None:
            course_room.posters[self.name] = self.poster
        self.ready = asyncio.Event()
        """Set when the gateway session is ready (recovery posts only then)."""

    async def run(self) -> None:
        """Log in and serve until closed."""
        configure_endpoints(self.settings)
        bot: AnyMentorBot = ShardedMentorBot(self) if self.settings.sharded else MentorBot(self)
        self._bot = bot
        _count_api_errors(bot, self.mentor.metrics)
        keep_raw_interactions(bot)  # an ask is kept in the inbox with its raw interaction
        self.poster.client = bot
        async with bot:
            try:
                await bot.login(self._token)
            except discord.LoginFailure:
                raise ConfigError(
                    "Discord rejected DISCORD_TOKEN: copy the bot token again from the "
                    "Developer Portal (Bot > Reset Token)."
                ) from None
            except (aiohttp.ClientError, OSError, discord.HTTPException) as exc:
                raise Unavailable(
                    f"Cannot reach Discord to log in ({type(exc).__name__}: {exc}); "
                    "check the network (and MCA_DISCORD_API_BASE if set)."
                ) from None
            await self._serve_resuming(bot)

    async def _serve_resuming(self, bot: AnyMentorBot) -> None:
        """Serve, saving the shards' sessions; drain the sessions a killed run left (RESUME)."""
        shards = self.settings.my_shards if self.settings.sharded else [0]
        keeper = SessionKeeper(
            self.store.store.gateway_sessions, shards, sharded=self.settings.sharded
        )
        try:
            stored = await keeper.start(bot)
        except Exception:  # the store is down: serve anyway, nothing to resume from
            log.warning("discord.sessions_unreadable", exc_info=True)
            stored = []
        self._keeper = keeper
        self._background = [
            asyncio.create_task(keeper.run(), name="discord-sessions"),
            asyncio.create_task(
                keeper.drain_all(bot, stored, self.ready.wait), name="discord-drain"
            ),
        ]
        try:
            await self._serve(bot)
            if self._handed_over:  # in-flight replies still post (REST) until `close`
                await self._closed.wait()
        finally:
            await self._stop_keeping()

    async def _stop_keeping(self) -> None:
        """Stop saving and draining; on a graceful stop, save the sessions and let them go."""
        for task in self._background:
            task.cancel()
        await asyncio.gather(*self._background, return_exceptions=True)
        self._background = []
        keeper, self._keeper = self._keeper, None
        if keeper is not None and self._closing:
            await keeper.close()

    async def hand_over(self) -> None:
        """Stop taking gateway events and leave the sessions resumable (a graceful stop).

        Called before in-flight replies drain: Discord keeps what is sent from now on for the
        next process, which RESUMEs the session. REST stays open until `close`.
        """
        if self._bot is None or self._handed_over:
            return
        self._handed_over = True
        self.ready.clear()
        if self._gateway is not None:
            self._gateway.cancel()
            await asyncio.wait([self._gateway])
        sockets = await hand_over(self._bot)
        log.info("discord.gateway_handed_over", sockets=sockets)

    async def close(self) -> None:
        """Hand the sessions over (see `hand_over`), save them, disconnect; `run` returns."""
        self._closing = True
        await self.hand_over()
        await self._stop_keeping()  # here, not in `run`: the caller may cancel `run` next
        self._closed.set()
        if self._bot is not None:
            await self._bot.close()

    def on_ready(self, user: str, guilds: int) -> None:
        """The gateway session (every shard of this process) is ready."""
        shards = self.settings.my_shards if self.settings.sharded else None
        log.info("discord.ready", user=user, guilds=guilds, shards=shards)
        self.ready.set()

    def on_resumed(self) -> None:
        """A dropped session was resumed."""
        log.info("discord.resumed")
        self.ready.set()

    def connected(self) -> bool:
        """True while the gateway session is up (for /healthz)."""
        return self.ready.is_set()

    async def wait_ready(self) -> None:
        """Until the bot is logged in and its gateway session is ready."""
        await self.ready.wait()

    async def redeliver(
        self, thread: ThreadRecord, *, turn_id: int, reply_id: int, markdown: str
    ) -> None:
        """Show a recovered reply in the Discord thread it belongs to (exactly once)."""
        assert self._bot is not None, "run() first"
        guild = int(thread.community) if thread.community.isdigit() else None
        channel = self._bot.get_partial_messageable(int(thread.external_id), guild_id=guild)
        await self.delivery.redeliver(
            ChannelSink(channel, self.store), turn_id=turn_id, reply_id=reply_id, markdown=markdown
        )

    async def replay(self, event: InboxEvent) -> None:
        """A learner's message or ask kept before a crash: answered now (discord_inbox.py)."""
        assert self._bot is not None, "run() first"
        if event.key.startswith(INTERACTION_PREFIX) and self._asks is not None:
            await self._asks.replay(event, self._bot)
            return
        await replay_message(
            event, client=self._bot, store=self.store, delivery=self.delivery, errors=self.errors
        )

    async def setup(self, bot: commands.Bot) -> None:
        """Cogs from services, one error handler for commands, then the command sync."""
        self._asks = MentorCog(
            mentor=self.mentor,
            store=self.store,
            delivery=self.delivery,
            errors=self.errors,
            course_room=self.course_room,
        )
        await bot.add_cog(self._asks)
        await bot.add_cog(
            ThreadCog(
                mentor=self.mentor,
                store=self.store,
                delivery=self.delivery,
                errors=self.errors,
                forum_answered=self.settings.answers_forum,
            )
        )
        if self.course_room is not None:
            await bot.add_cog(
                AdminCog(mentor=self.mentor, course_room=self.course_room, community=self.community)
            )
        await bot.tree.set_translator(CatalogTranslator(self.mentor.catalog))
        bot.tree.on_error = self._on_command_error  # type: ignore[method-assign]  # documented hook
        if self.settings.syncs_commands:
            await self._sync(bot)
        else:
            log.info("discord.commands_not_synced", reason="another process syncs (shard 0)")

    async def _sync(self, bot: commands.Bot) -> None:
        guild_id = self.settings.dev_guild_id
        try:
            if guild_id:
                guild = discord.Object(id=guild_id)
                bot.tree.copy_global_to(guild=guild)
                synced = await bot.tree.sync(guild=guild)
            else:
                synced = await bot.tree.sync()
        except discord.HTTPException as exc:
            log.error(
                "discord.sync_failed",
                status=exc.status,
                error=str(exc),
                hint="invite the bot with the applications.commands scope",
            )
            return
        log.info("discord.commands_synced", count=len(synced), guild=guild_id or None)

    async def _on_command_error(
        self, interaction: discord.Interaction[Any], error: app_commands.AppCommandError
    ) -> None:
        question = getattr(interaction.namespace, "question", None)
        lang = self.mentor.language_hint(locale_of(interaction), question or "")
        failure: BaseException = error
        if isinstance(error, app_commands.CommandNotFound):
            log.warning("discord.unknown_command", name=error.name, interaction=interaction.id)
            failure = InputError(
                f"Unknown command /{error.name}.", key="unknown_command", command=error.name
            )
        await self.errors.to_interaction(interaction, failure, lang)

    async def _serve(self, bot: AnyMentorBot) -> None:
        pause = RECONNECT_PAUSE_S
        while not bot.is_closed() and not self._closing and not self._handed_over:
            self._gateway = asyncio.ensure_future(bot.connect(reconnect=True))
            try:
                try:
                    await asyncio.wait([self._gateway])
                finally:
                    self._gateway.cancel()
                if self._gateway.cancelled():  # only `hand_over` cancels it alone
                    return
                self._gateway.result()
            except discord.PrivilegedIntentsRequired as exc:
                raise ConfigError(
                    "Discord refused the Message Content intent: enable it in the Developer "
                    "Portal (Bot > Privileged Gateway Intents)."
                ) from exc
            except discord.ConnectionClosed:
                raise
            except Exception as exc:  # an event discord.py could not parse: log, reconnect
                ref = uuid.uuid4().hex[:8]
                log.error("discord.gateway_event_failed", ref=ref, exc_info=exc, pause_s=pause)
                if bot.ws is not None:
                    with contextlib.suppress(Exception):
                        await bot.ws.close(code=4000)
                await asyncio.sleep(pause)
                pause = min(pause * 2, RECONNECT_PAUSE_MAX_S)
