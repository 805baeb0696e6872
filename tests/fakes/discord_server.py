"""A fake Discord on loopback: the REST routes and the gateway discord.py 2.7 uses.

Point discord.py at it with `MCA_DISCORD_API_BASE=fake.api_base` and
`MCA_DISCORD_GATEWAY_URL=fake.gateway_url`. Every REST call is recorded with a monotonic
timestamp (`fake.calls`); messages, threads and CDN files are kept so tests can read the
conversation as a learner would see it (`fake.visible(channel)`). The gateway speaks JSON text
frames: HELLO, IDENTIFY -> READY (+ GUILD_CREATE), heartbeats, RESUME (replaying missed
events) and `dispatch()` of any event; `drop()` closes the socket to test resumes.

Sessions as Discord keeps them: each IDENTIFY opens a session with its own sequence numbers.
A session whose socket dies (dropped, or its process killed) stays resumable for
`resume_window_s` and keeps every event of its shard dispatched meanwhile; a RESUME replays
those after the client's `seq`, then RESUMED. A client that closes with 1000/1001 ends its
session; an unknown or expired session gets INVALID_SESSION (op 9, d=false), as on Discord.
Every live or resumable session of a shard gets that shard's events (a new session beside an
old resumable one: both).

Shards as Discord serves them: an IDENTIFY with `shard: [id, count]` opens that shard's
session, READY lists the guilds of that shard only, and every event of a guild goes to the
shard (guild_id >> 22) % count (direct messages to shard 0). `add_guild()` adds guilds.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

APP_ID = 100000000000000001
GUILD_ID = 200000000000000002
CHANNEL_ID = 300000000000000003
OTHER_THREAD_ID = 300000000000000099
FORUM_ID = 300000000000000015
"""A forum channel (help questions as posts)."""
LEARNER_ID = 400000000000000004
OTHER_USER_ID = 400000000000000005
OTHER_BOT_ID = 400000000000000006
HEARTBEAT_MS = 41250
TIMESTAMP = "2025-01-01T00:00:00+00:00"
EPHEMERAL = 1 << 6
LOADING = 1 << 7
DISCORD_EPOCH_MS = 1420070400000


def user(uid: int, name: str, *, bot: bool = False) -> dict[str, Any]:
    """A user object."""
    return {
        "id": str(uid),
        "username": name,
        "discriminator": "0",
        "global_name": name.title(),
        "avatar": None,
        "bot": bot,
        "public_flags": 0,
    }


BOT_USER = user(APP_ID, "mca-mentor", bot=True)
LEARNER = user(LEARNER_ID, "learner")
OTHER_USER = user(OTHER_USER_ID, "someone")
OTHER_BOT = user(OTHER_BOT_ID, "otherbot", bot=True)


def member(u: dict[str, Any]) -> dict[str, Any]:
    """A guild member object wrapping a user."""
    return {
        "user": u,
        "roles": [],
        "joined_at": TIMESTAMP,
        "deaf": False,
        "mute": False,
        "flags": 0,
        "pending": False,
        "nick": None,
        "avatar": None,
        "permissions": "2248473465835073",
    }


def shard_of(guild_id: int, shard_count: int) -> int:
    """The shard Discord sends a guild's events to."""
    return (guild_id >> 22) % shard_count


def guild_on_shard(shard: int, shard_count: int) -> int:
    """A guild id (GUILD_ID or a near neighbour) whose events Discord sends to `shard`."""
    step = 1 << 22  # the snowflake's timestamp part: each step moves one shard on
    return next(
        GUILD_ID + n * step
        for n in range(shard_count)
        if shard_of(GUILD_ID + n * step, shard_count) == shard
    )


def text_channel(
    cid: int = CHANNEL_ID, name: str = "python-help", *, guild_id: int = GUILD_ID
) -> dict[str, Any]:
    """A guild text channel."""
    return {
        "id": str(cid),
        "type": 0,
        "guild_id": str(guild_id),
        "name": name,
        "position": 0,
        "permission_overwrites": [],
        "nsfw": False,
        "parent_id": None,
        "topic": None,
        "last_message_id": None,
        "rate_limit_per_user": 0,
        "flags": 0,
    }


def dm_channel(cid: int, recipient: dict[str, Any]) -> dict[str, Any]:
    """A direct-message channel between the bot and one user (type 1)."""
    return {"id": str(cid), "type": 1, "recipients": [recipient], "last_message_id": None}


def forum_channel(cid: int, name: str = "python-forum") -> dict[str, Any]:
    """A forum channel (type 15): every post is a thread in it."""
    return {
        "id": str(cid),
        "type": 15,
        "guild_id": str(GUILD_ID),
        "name": name,
        "position": 1,
        "permission_overwrites": [],
        "nsfw": False,
        "parent_id": None,
        "available_tags": [],
        "default_reaction_emoji": None,
        "default_sort_order": None,
        "default_forum_layout": 0,
        "flags": 0,
    }


def thread_channel(
    tid: int, name: str, *, owner: int = APP_ID, guild_id: int = GUILD_ID
) -> dict[str, Any]:
    """A public thread under the text channel."""
    return {
        "id": str(tid),
        "type": 11,
        "guild_id": str(guild_id),
        "parent_id": str(CHANNEL_ID),
        "owner_id": str(owner),
        "name": name,
        "last_message_id": None,
        "rate_limit_per_user": 0,
        "message_count": 0,
        "member_count": 1,
        "flags": 0,
        "thread_metadata": {
            "archived": False,
            "auto_archive_duration": 1440,
            "archive_timestamp": TIMESTAMP,
            "locked": False,
            "invitable": True,
            "create_timestamp": TIMESTAMP,
        },
    }


def _json(data: Any, status: int = 200) -> web.Response:
    """JSON with Content-Type exactly `application/json` (discord.py compares it verbatim)."""
    body = json.dumps(data).encode()
    return web.Response(body=body, status=status, headers={"Content-Type": "application/json"})


@dataclass
class RestCall:
    """One REST request the bot made."""

    method: str
    path: str
    query: dict[str, str]
    body: Any
    files: list[tuple[str, bytes]]
    at: float
    token: str = ""
    """The bot token the call was made with (which process of a fleet made it)."""

    @property
    def content(self) -> str | None:
        """The message text the call posts or edits, if any."""
        if isinstance(self.body, dict):
            value = self.body.get("content")
            if value is None and isinstance(self.body.get("data"), dict):
                value = self.body["data"].get("content")
            return value if isinstance(value, str) else None
        return None

    @property
    def allowed_mentions(self) -> Any:
        """The allowed_mentions the call sent (None when absent)."""
        if not isinstance(self.body, dict):
            return None
        body = self.body.get("data") if isinstance(self.body.get("data"), dict) else self.body
        return body.get("allowed_mentions")


def unpaced_edits(
    calls: list[RestCall], *, interval_s: float, burst: int, window_s: float
) -> list[str]:
    """Message edits that break the streaming pacing, described; [] when all were paced.

    Per channel: a preview (any edit of a message but its last, the final one) comes at least
    `interval_s` after the channel's previous edit, and no `burst + 1` edits fit in `window_s`
    (5% slack for the clocks: the pacer's and the time the request arrived here).
    """
    edits = [c for c in calls if c.method == "PATCH" and "/messages/" in c.path]
    last = {c.path: c for c in edits}  # each message's final edit
    by_channel: dict[str, list[RestCall]] = {}
    for call in edits:
        by_channel.setdefault(call.path.split("/")[2], []).append(call)
    found: list[str] = []
    for channel, chain in by_channel.items():
        for a, b in itertools.pairwise(chain):
            if last[b.path] is not b and b.at - a.at < interval_s * 0.95:
                found.append(f"{channel}: preview {b.at - a.at:.3f} s after the previous edit")
        for a, b in zip(chain, chain[burst:], strict=False):
            if b.at - a.at < window_s * 0.95:
                found.append(f"{channel}: {burst + 1} edits in {b.at - a.at:.3f} s")
    return found


@dataclass(eq=False)
class GatewaySession:
    """One gateway session: its shard, its own sequence numbers and events, its socket."""

    id: str
    shard: int
    seq: int = 0
    events: list[dict[str, Any]] = field(default_factory=list)
    ws: web.WebSocketResponse | None = None
    died_at: float | None = None
    """When its socket went away (monotonic); None while connected."""
    ended: bool = False
    """Closed by its client with 1000/1001, or refused: never resumable again."""
    closed_with: int | None = None
    """The close code its client's last socket went away with (None: still open, or dropped)."""

    @property
    def connected(self) -> bool:
        """Whether its socket is open."""
        return self.ws is not None and not self.ws.closed

    def resumable(self, window_s: float) -> bool:
        """Whether a RESUME of it would succeed now."""
        if self.ended:
            return False
        return self.died_at is None or time.monotonic() - self.died_at <= window_s

    def frame(self, name: str, data: dict[str, Any]) -> dict[str, Any]:
        """The next dispatch frame of this session (kept for replays)."""
        self.seq += 1
        frame = {"op": 0, "t": name, "s": self.seq, "d": data}
        self.events.append(frame)
        return frame


@dataclass
class FakeDiscord:
    """The fake server; `await start()`, then hand `api_base`/`gateway_url` to the bot."""

    calls: list[RestCall] = field(default_factory=list)
    messages: dict[int, dict[str, Any]] = field(default_factory=dict)
    channels: dict[int, dict[str, Any]] = field(default_factory=dict)
    cdn: dict[str, bytes] = field(default_factory=dict)
    commands: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    identifies: int = 0
    resumes: int = 0
    gateway_frames: list[dict[str, Any]] = field(default_factory=list)
    interactions: dict[str, dict[str, Any]] = field(default_factory=dict)
    modals: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Modals the bot opened (title, custom_id, components), by interaction token."""
    autocompletes: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    """Autocomplete choices the bot answered, by interaction token."""
    cdn_hits: list[str] = field(default_factory=list)
    files: dict[int, list[tuple[str, bytes]]] = field(default_factory=dict)
    """Files attached to posted messages, by message id."""
    nonce_repeats: int = 0
    """Posts answered with an earlier message because their nonce repeated (enforce_nonce)."""
    failures: list[tuple[str, str, int, int]] = field(default_factory=list)
    """(method, path substring, HTTP status, Discord error code): the next match fails once."""
    held: set[tuple[str, str]] = field(default_factory=set)
    """(HTTP method, path substring) of calls that hang until `release()` (Discord is stuck)."""
    _released: asyncio.Event = field(default_factory=asyncio.Event)
    tokens_expired: bool = False
    ack_window_s: float | None = None
    """When set, an interaction's first response later than this after its creation is
    refused (404, 10062 Unknown interaction), as Discord does at 3 s; None: always taken."""
    resume_window_s: float = 120.0
    """How long a session stays resumable after its socket died."""
    invalid_sessions: int = 0
    """RESUMEs refused with INVALID_SESSION (unknown, expired or ended session)."""
    sessions: dict[str, GatewaySession] = field(default_factory=dict)
    """Every gateway session opened, by id."""
    """Interaction tokens older than now are past Discord's 15 minutes: webhooks answer 401."""

    def hold(self, method: str, path: str = "") -> None:
        """Calls with this HTTP method (and `path` in their path) hang until `release()`.

        A held call whose client went away (killed) is dropped on release, never carried out.
        """
        self.held.add((method, path))
        self._released.clear()

    def expire_tokens(self) -> None:
        """Every interaction token seen so far is now past its 15 minutes."""
        self.tokens_expired = True

    def release(self) -> None:
        """Every held call goes on."""
        self.held.clear()
        self._released.set()

    def __post_init__(self) -> None:
        self.acks: set[str] = set()
        """Interactions whose first response was taken."""
        self._ids = itertools.count(500000000000000000)
        self.shard_count = 1
        self.guild_ids: list[int] = [GUILD_ID]
        self.shards_identified: list[list[int]] = []
        """Each IDENTIFY's `shard` ([id, count]; [0, 1] when the client did not shard)."""
        self._connected = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.session_id = uuid.uuid4().hex
        self.port = 0
        self.channels[CHANNEL_ID] = text_channel()
        self.channels[OTHER_THREAD_ID] = thread_channel(
            OTHER_THREAD_ID, "not the bot's", owner=OTHER_USER_ID
        )

    # Lifecycle -------------------------------------------------------------------------
    async def start(self) -> None:
        """Serve on 127.0.0.1 on a free port."""
        app = web.Application(client_max_size=32 * 1024 * 1024)
        app.router.add_get("/gateway", self._gateway)
        app.router.add_get("/cdn/{name}", self._cdn)
        app.router.add_route("*", "/api/v10/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server: Any = site._server
        self.port = int(server.sockets[0].getsockname()[1])

    @property
    def _ws(self) -> web.WebSocketResponse | None:
        """Shard 0's newest connected socket (the only one of an unsharded client)."""
        live = [s for s in self.sessions.values() if s.shard == 0 and s.connected]
        return live[-1].ws if live else None

    def add_guild(self, guild_id: int) -> int:
        """Another guild with its own text channel (id guild_id + 1); returns the channel id."""
        self.guild_ids.append(guild_id)
        channel = guild_id + 1
        self.channels[channel] = text_channel(channel, f"help-{guild_id}", guild_id=guild_id)
        return channel

    def deliverable(self, name: str, data: dict[str, Any]) -> bool:
        """Whether the shard this event goes to is connected (else Discord drops it)."""
        return self.shard_for(data, name) in self.connected_shards()

    def connected_shards(self) -> set[int]:
        """Shards whose session is connected now."""
        return {s.shard for s in self.sessions.values() if s.connected}

    def channel_of_guild(self, guild_id: int) -> int:
        """The text channel of a guild."""
        return CHANNEL_ID if guild_id == GUILD_ID else guild_id + 1

    def shard_for(self, data: dict[str, Any], name: str = "") -> int:
        """The shard an event goes to: its guild's, or 0 (direct messages, no guild)."""
        guild = data.get("id") if name == "GUILD_CREATE" else data.get("guild_id")
        if guild is None:
            channel = self.channels.get(int(data.get("channel_id") or 0), {})
            guild = channel.get("guild_id")
        return shard_of(int(guild), self.shard_count) if guild else 0

    async def close(self) -> None:
        """Stop serving."""
        for session in list(self.sessions.values()):
            if session.ws is not None:
                await session.ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_base(self) -> str:
        """For MCA_DISCORD_API_BASE."""
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        """For MCA_DISCORD_GATEWAY_URL."""
        return f"ws://127.0.0.1:{self.port}/gateway"

    def new_id(self) -> int:
        """A fresh snowflake."""
        return next(self._ids)

    def now_id(self) -> int:
        """A fresh snowflake carrying the current time, as Discord's do."""
        ms = int(time.time() * 1000) - DISCORD_EPOCH_MS
        return (ms << 22) | (next(self._ids) & 0x3FFFFF)

    # Gateway ---------------------------------------------------------------------------
    async def wait_connected(self, within_s: float = 20.0) -> None:
        """Until a client has identified or resumed (and is connected)."""
        await asyncio.wait_for(self._connected.wait(), within_s)

    async def dispatch(self, name: str, data: dict[str, Any]) -> float:
        """Send a dispatch event to its guild's shard's sessions (a dead one keeps it for its
        RESUME); returns when."""
        if name == "INTERACTION_CREATE" and isinstance(data.get("id"), str):
            self.interactions[data["id"]] = data
        shard = self.shard_for(data, name)
        sent = time.monotonic()
        for session in list(self.sessions.values()):
            if session.shard != shard or not session.resumable(self.resume_window_s):
                continue
            frame = session.frame(name, data)
            if session.connected:
                assert session.ws is not None
                with contextlib.suppress(ConnectionError):  # dying now: replayed on RESUME
                    await session.ws.send_str(json.dumps(frame))
        return sent

    async def send_raw(self, text: str) -> None:
        """Send any text frame (for malformed-payload tests)."""
        assert self._ws is not None
        await self._ws.send_str(text)

    async def drop(self, code: int = 4000, shard: int = 0) -> None:
        """Close a shard's gateway connection as Discord does on an error; the client resumes."""
        self._connected.clear()
        for session in list(self.sessions.values()):
            if session.shard == shard and session.ws is not None:
                ws, session.ws, session.died_at = session.ws, None, time.monotonic()
                await ws.close(code=code, message=b"dropped by the fake")

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        await ws.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": HEARTBEAT_MS}}))
        async for msg in ws:
            if msg.type is not WSMsgType.TEXT:
                continue
            frame = json.loads(msg.data)
            self.gateway_frames.append(frame)
            op = frame.get("op")
            if op == 1:
                await ws.send_str(json.dumps({"op": 11}))
            elif op == 2:
                self.identifies += 1
                shard_id, count = frame["d"].get("shard") or [0, 1]
                self.shards_identified.append([shard_id, count])
                self.shard_count = count
                await self._ready(ws, shard_id)
            elif op == 6:
                await self._resume(ws, frame["d"])
        for session in self.sessions.values():
            if session.ws is ws:  # the client went away: resumable for a while, unless it ended it
                session.ws, session.died_at = None, time.monotonic()
                session.closed_with = ws.close_code
                session.ended = session.ended or ws.close_code in (1000, 1001)
        if not self.connected_shards():
            self._connected.clear()
        return ws

    async def _resume(self, ws: web.WebSocketResponse, data: dict[str, Any]) -> None:
        session = self.sessions.get(str(data.get("session_id")))
        if session is None or not session.resumable(self.resume_window_s):
            self.invalid_sessions += 1
            if session is not None:
                session.ended = True
            await ws.send_str(json.dumps({"op": 9, "d": False}))
            return
        self.resumes += 1
        if session.ws is not None and session.ws is not ws:  # Discord drops the older socket
            await session.ws.close(code=4000)
        session.ws, session.died_at = ws, None
        last = int(data.get("seq") or 0)
        for event in list(session.events):
            if event["s"] > last:
                await ws.send_str(json.dumps(event))
        await ws.send_str(json.dumps(session.frame("RESUMED", {})))
        self._connected.set()

    async def _ready(self, ws: web.WebSocketResponse, shard: int = 0) -> None:
        self.session_id = uuid.uuid4().hex
        session = GatewaySession(self.session_id, shard, ws=ws)
        self.sessions[self.session_id] = session
        mine = [g for g in self.guild_ids if shard_of(g, self.shard_count) == shard]
        ready = {
            "v": 10,
            "user": BOT_USER,
            "guilds": [{"id": str(g), "unavailable": True} for g in mine],
            "session_id": self.session_id,
            "resume_gateway_url": self.gateway_url,
            "application": {"id": str(APP_ID), "flags": 0},
            "private_channels": [],
            "relationships": [],
        }
        if self.shard_count > 1:
            ready["shard"] = [shard, self.shard_count]
        await ws.send_str(json.dumps(session.frame("READY", ready)))
        for guild_id in mine:  # the new session's own start, not an event of the shard
            await ws.send_str(json.dumps(session.frame("GUILD_CREATE", self.guild(guild_id))))
        self._connected.set()

    def guild(self, guild_id: int = GUILD_ID) -> dict[str, Any]:
        """A guild, with its text channel (and forum: the first guild) and the bot as a member."""
        channels = (
            [text_channel(), forum_channel(FORUM_ID)]
            if guild_id == GUILD_ID
            else [self.channels[self.channel_of_guild(guild_id)]]
        )
        return {
            "id": str(guild_id),
            "name": "Python Learners",
            "icon": None,
            "owner_id": str(OTHER_USER_ID),
            "unavailable": False,
            "member_count": 3,
            "large": False,
            "features": [],
            "roles": [
                {
                    "id": str(guild_id),
                    "name": "@everyone",
                    "permissions": "2248473465835073",
                    "position": 0,
                    "color": 0,
                    "hoist": False,
                    "managed": False,
                    "mentionable": False,
                    "flags": 0,
                }
            ],
            "emojis": [],
            "stickers": [],
            "members": [member(BOT_USER)],
            "channels": channels,
            "threads": [],
            "presences": [],
            "voice_states": [],
            "joined_at": TIMESTAMP,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "premium_tier": 0,
            "preferred_locale": "en-US",
            "nsfw_level": 0,
            "system_channel_id": None,
        }

    # Payload builders ------------------------------------------------------------------
    def slash(
        self,
        sub: str,
        *,
        locale: str = "en-US",
        channel_id: int = CHANNEL_ID,
        author: dict[str, Any] = LEARNER,
        code: tuple[str, bytes] | None = None,
        group: str = "mca",
        dm: bool = False,
        guild: int = GUILD_ID,
        **options: str,
    ) -> dict[str, Any]:
        """An INTERACTION_CREATE payload for `/<group> <sub> ...` (code: a .py attachment)."""
        opts: list[dict[str, Any]] = [
            {"name": k, "type": 3, "value": v} for k, v in options.items()
        ]
        resolved: dict[str, Any] = {}
        if code is not None:
            att_id = self.new_id()
            filename, content = code
            key = f"{att_id}-{filename}"
            self.cdn[key] = content
            opts.append({"name": "code", "type": 11, "value": str(att_id)})
            url = f"http://127.0.0.1:{self.port}/cdn/{key}"
            resolved["attachments"] = {
                str(att_id): {
                    "id": str(att_id),
                    "filename": filename,
                    "size": len(content),
                    "url": url,
                    "proxy_url": url,
                    "content_type": "text/x-python",
                }
            }
        mca = next((c for c in self.all_commands() if c["name"] == group), None)
        data: dict[str, Any] = {
            "id": mca["id"] if mca else str(self.new_id()),
            "name": group,
            "type": 1,
            "options": [{"name": sub, "type": 1, "options": opts}],
        }
        if resolved:
            data["resolved"] = resolved
        return self.interaction(
            2, data, locale=locale, channel_id=channel_id, author=author, dm=dm, guild=guild
        )

    def interaction(
        self,
        itype: int,
        data: dict[str, Any] | None,
        *,
        locale: str = "en-US",
        channel_id: int = CHANNEL_ID,
        author: dict[str, Any] = LEARNER,
        message: dict[str, Any] | None = None,
        dm: bool = False,
        guild: int = GUILD_ID,
    ) -> dict[str, Any]:
        """Any INTERACTION_CREATE payload (dm: sent in the user's DM with the bot)."""
        payload: dict[str, Any] = {
            "id": str(self.now_id()),  # its time says when the token expires
            "application_id": str(APP_ID),
            "type": itype,
            "token": "itoken-" + uuid.uuid4().hex,
            "version": 1,
            "guild_id": str(guild),
            "channel_id": str(channel_id),
            "channel": self.channels.get(channel_id, text_channel(channel_id, guild_id=guild)),
            "member": member(author),
            "locale": locale,
            "guild_locale": "en-US",
            "app_permissions": "2248473465835073",
            "attachment_size_limit": 10 * 1024 * 1024,
            "entitlements": [],
            "authorizing_integration_owners": {"0": str(guild)},
            "context": 0,
        }
        if data is not None:
            payload["data"] = data
        if message is not None:
            payload["message"] = message
        if dm:  # a bot DM: no guild, the user instead of a member, context 1
            self.channels.setdefault(channel_id, dm_channel(channel_id, author))
            for key in ("guild_id", "member", "guild_locale"):
                payload.pop(key, None)
            payload.update(
                user=author,
                channel=self.channels[channel_id],
                context=1,
                app_permissions="2248473465835073",
            )
        return payload

    def user_message(
        self, channel_id: int, content: str, *, author: dict[str, Any] = LEARNER, dm: bool = False
    ) -> dict[str, Any]:
        """A MESSAGE_CREATE payload from someone in a channel or thread (or their DM)."""
        mid = self.new_id()
        message = self._message(mid, channel_id, content, author=author)
        if dm:
            self.channels.setdefault(channel_id, dm_channel(channel_id, author))
            return message
        guild = self.channels.get(channel_id, {}).get("guild_id", str(GUILD_ID))
        return {
            **message,
            "guild_id": str(guild),
            "member": {k: v for k, v in member(author).items() if k != "user"},
        }

    def modal_submit(
        self, modal: dict[str, Any], values: list[str], *, author: dict[str, Any] = LEARNER
    ) -> dict[str, Any]:
        """A MODAL_SUBMIT interaction filling the modal's text inputs, in order, with `values`."""
        inputs = [c for row in modal["components"] for c in row["components"]]
        rows = [
            {"type": 1, "components": [{"type": 4, "custom_id": c["custom_id"], "value": v}]}
            for c, v in zip(inputs, values, strict=True)
        ]
        return self.interaction(
            5, {"custom_id": modal["custom_id"], "components": rows}, author=author
        )

    async def forum_post(
        self, title: str, content: str, *, author: dict[str, Any] = LEARNER, forum: int = FORUM_ID
    ) -> int:
        """A learner opens a post in a forum: THREAD_CREATE, then its starter message (same id)."""
        tid = self.new_id()
        thread = thread_channel(tid, title, owner=int(author["id"]))
        thread["parent_id"] = str(forum)
        self.channels[tid] = thread
        await self.dispatch("THREAD_CREATE", {**thread, "newly_created": True})
        starter = {
            **self._message(tid, tid, content, author=author),
            "guild_id": str(GUILD_ID),
            "member": {k: v for k, v in member(author).items() if k != "user"},
        }
        self.messages[tid] = starter
        await self.dispatch("MESSAGE_CREATE", starter)
        return tid

    def reaction(
        self, message_id: int, emoji: str, *, author: dict[str, Any] = LEARNER
    ) -> dict[str, Any]:
        """A MESSAGE_REACTION_ADD payload."""
        msg = self.messages.get(message_id, {})
        return {
            "user_id": author["id"],
            "channel_id": msg.get("channel_id", str(CHANNEL_ID)),
            "message_id": str(message_id),
            "guild_id": str(GUILD_ID),
            "member": member(author),
            "emoji": {"id": None, "name": emoji},
            "burst": False,
            "type": 0,
            "message_author_id": str(APP_ID),
        }

    def _message(
        self, mid: int, channel_id: int, content: str, *, author: dict[str, Any], flags: int = 0
    ) -> dict[str, Any]:
        return {
            "id": str(mid),
            "channel_id": str(channel_id),
            "type": 0,
            "content": content,
            "author": author,
            "attachments": [],
            "embeds": [],
            "mentions": [],
            "mention_roles": [],
            "mention_everyone": False,
            "pinned": False,
            "tts": False,
            "timestamp": TIMESTAMP,
            "edited_timestamp": None,
            "flags": flags,
            "components": [],
        }

    # Queries for tests -----------------------------------------------------------------
    def all_commands(self) -> list[dict[str, Any]]:
        """Every synced command, global and guild."""
        return [c for cmds in self.commands.values() for c in cmds]

    def find(self, method: str, contains: str, since: float = 0.0) -> list[RestCall]:
        """Calls with that method whose path contains `contains`, made after `since`."""
        return [
            c for c in self.calls if c.method == method and contains in c.path and c.at >= since
        ]

    async def wait_for(
        self, predicate: Callable[[], Any], within_s: float = 15.0, interval: float = 0.02
    ) -> Any:
        """Poll until predicate() is truthy; return its value."""
        deadline = time.monotonic() + within_s
        while True:
            value = predicate()
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out after {within_s} s waiting for {predicate}")
            await asyncio.sleep(interval)

    def visible(self, channel_id: int) -> list[dict[str, Any]]:
        """The messages a learner sees in a channel now (not deleted), oldest first."""
        return [
            m
            for m in self.messages.values()
            if int(m["channel_id"]) == channel_id and not m.get("deleted")
        ]

    def threads_created(self, since: float = 0.0) -> list[dict[str, Any]]:
        """Thread-creation calls' responses (channel payloads)."""
        return [
            self.channels[int(c.body["_created"])]
            for c in self.calls
            if c.at >= since and isinstance(c.body, dict) and "_created" in c.body
        ]

    # REST ------------------------------------------------------------------------------
    async def _cdn(self, request: web.Request) -> web.Response:
        self.cdn_hits.append(request.match_info["name"])
        content = self.cdn.get(request.match_info["name"])
        if content is None:
            return web.Response(status=404)
        return web.Response(body=content, content_type="application/octet-stream")

    async def _read(self, request: web.Request) -> tuple[Any, list[tuple[str, bytes]]]:
        if request.content_type.startswith("multipart/"):
            body: Any = None
            files: list[tuple[str, bytes]] = []
            reader = await request.multipart()
            async for part in reader:
                data = await part.read()  # type: ignore[union-attr]
                if part.name == "payload_json":  # type: ignore[union-attr]
                    body = json.loads(data)
                else:
                    files.append((part.filename or "", bytes(data)))  # type: ignore[union-attr]
            return body, files
        raw = await request.read()
        return (json.loads(raw) if raw else None), []

    async def _rest(self, request: web.Request) -> web.StreamResponse:
        body, files = await self._read(request)
        path = "/" + request.match_info["tail"]
        token = request.headers.get("Authorization", "").removeprefix("Bot ")
        call = RestCall(
            request.method, path, dict(request.query), body, files, time.monotonic(), token
        )
        self.calls.append(call)
        if any(request.method == m and where in path for m, where in self.held):
            await self._released.wait()
            if request.transport is None or request.transport.is_closing():
                return web.Response(status=499)  # the caller died while Discord was stuck
        parts = path.strip("/").split("/")
        for failure in self.failures:
            method, where, status, code = failure
            if method == request.method and where in path:
                self.failures.remove(failure)
                return _json({"message": "Missing Permissions", "code": code}, status=status)
        try:
            return await self._route(request.method, parts, call)
        except (KeyError, ValueError, IndexError) as exc:
            return _json({"message": f"bad request: {exc}", "code": 50035}, status=400)

    async def _route(self, method: str, p: list[str], call: RestCall) -> web.StreamResponse:
        body = call.body if isinstance(call.body, dict) else {}
        if p == ["users", "@me"]:
            return _json(BOT_USER)
        if p == ["gateway", "bot"]:
            limit = {"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1}
            return _json({"url": self.gateway_url, "shards": 1, "session_start_limit": limit})
        if p == ["oauth2", "applications", "@me"]:
            return _json(
                {
                    "id": str(APP_ID),
                    "name": "MCA Mentor",
                    "icon": None,
                    "description": "",
                    "bot_public": True,
                    "bot_require_code_grant": False,
                    "owner": OTHER_USER,
                    "verify_key": "00",
                    "flags": 0,
                    "summary": "",
                    "team": None,
                }
            )
        if p[0] == "applications" and p[-1] == "commands" and method == "PUT":
            scope = "global" if len(p) == 3 else p[3]
            synced = [
                {
                    **cmd,
                    "id": str(self.new_id()),
                    "application_id": str(APP_ID),
                    "version": "1",
                    "description": cmd.get("description", ""),
                    "type": cmd.get("type", 1),
                    **({"guild_id": scope} if scope != "global" else {}),
                }
                for cmd in call.body or []
            ]
            self.commands[scope] = synced
            return _json(synced)
        if p[0] == "interactions" and p[-1] == "callback":
            return self._callback(p[1], p[2], body)
        if p[0] == "webhooks":
            return self._webhook(method, p, body)
        if p[0] == "channels":
            return await self._channels(method, p, body, call)
        return _json({"message": "404: Not Found", "code": 0}, status=404)

    def _channel_of(self, token: str) -> int:
        for payload in self.interactions.values():
            if payload.get("token") == token:
                return int(payload["channel_id"])
        return CHANNEL_ID

    def acked(self, interaction_id: str) -> bool:
        """Whether the interaction got its first response (Discord took it in time)."""
        return interaction_id in self.acks

    def _callback(self, interaction_id: str, token: str, body: dict[str, Any]) -> web.Response:
        if self.ack_window_s is not None:
            created_ms = (int(interaction_id) >> 22) + DISCORD_EPOCH_MS
            if time.time() * 1000 - created_ms > self.ack_window_s * 1000:
                return _json({"message": "Unknown interaction", "code": 10062}, status=404)
        self.acks.add(interaction_id)
        ctype = int(body["type"])
        data = body.get("data") or {}
        flags = int(data.get("flags") or 0)
        if ctype == 1:  # PONG
            return _json({"interaction": {"id": interaction_id, "type": 2}})
        if ctype == 9:  # MODAL: the client shows a form; nothing is posted
            self.modals[token] = data
            return _json({"interaction": {"id": interaction_id, "type": 2}})
        if ctype == 8:  # APPLICATION_COMMAND_AUTOCOMPLETE_RESULT: choices, no message
            self.autocompletes[token] = list(data.get("choices") or [])
            return _json({"interaction": {"id": interaction_id, "type": 4}})
        mid = self.new_id()
        if ctype == 5:
            flags |= LOADING
        if ctype == 7:  # UPDATE_MESSAGE: edit the message the component is on
            source = self.interactions.get(interaction_id, {}).get("message", {})
            target = self.messages.get(int(source.get("id", 0)))
            if target is not None:
                target["content"] = data.get("content", target["content"])
                target["components"] = data.get("components", [])
        channel = self._channel_of(token)
        message = self._message(
            mid, channel, data.get("content") or "", author=BOT_USER, flags=flags
        )
        message["components"] = data.get("components", [])
        message.update(interaction_id=interaction_id, token=token, original=True)
        self.messages[mid] = message
        return _json(
            {
                "interaction": {
                    "id": interaction_id,
                    "type": 2,
                    "response_message_id": str(mid),
                    "response_message_loading": ctype == 5,
                    "response_message_ephemeral": bool(flags & EPHEMERAL),
                },
                "resource": {"type": ctype, "message": message},
            }
        )

    def _token_acked(self, token: str) -> bool:
        """Whether the interaction holding `token` got its first response (unknown: yes)."""
        for interaction_id, payload in self.interactions.items():
            if payload.get("token") == token:
                return str(interaction_id) in self.acks
        return True

    def _original(self, token: str) -> dict[str, Any] | None:
        for m in self.messages.values():
            if m.get("token") == token and m.get("original"):
                return m
        return None

    def _webhook(self, method: str, p: list[str], body: dict[str, Any]) -> web.Response:
        token = p[2]
        if self.tokens_expired:
            return _json({"message": "Invalid Webhook Token", "code": 50027}, status=401)
        if method == "POST" and len(p) == 3:
            mid = self.new_id()
            flags = int(body.get("flags") or 0)
            message = self._message(
                mid,
                self._channel_of(token),
                body.get("content") or "",
                author=BOT_USER,
                flags=flags,
            )
            message["token"] = token
            self.messages[mid] = message
            return _json(message)
        if len(p) == 5 and p[3] == "messages":
            key = p[4]
            target = self._original(token) if key == "@original" else self.messages.get(int(key))
            if target is None and key == "@original" and not self._token_acked(token):
                # Discord: an interaction never responded to has no original response (the
                # learner saw "The application did not respond").
                return _json({"message": "Unknown Message", "code": 10008}, status=404)
            if target is None and key == "@original":
                mid = self.new_id()
                target = self._message(mid, self._channel_of(token), "", author=BOT_USER)
                target.update(token=token, original=True)
                self.messages[mid] = target
            if target is None:
                return _json({"message": "Unknown Message", "code": 10008}, status=404)
            if method == "DELETE":
                target["deleted"] = True
                return web.Response(status=204)
            if method == "PATCH" and "content" in body:
                target["content"] = body["content"]
            return _json(target)
        return _json({"message": "404: Not Found", "code": 0}, status=404)

    async def _channels(
        self, method: str, p: list[str], body: dict[str, Any], call: RestCall
    ) -> web.StreamResponse:
        cid = int(p[1])
        if len(p) == 2 and method == "GET":  # a channel or thread, as Discord describes it
            if cid not in self.channels:
                return _json({"message": "Unknown Channel", "code": 10003}, status=404)
            return _json(self.channels[cid])
        if len(p) == 3 and p[2] == "threads" and method == "POST":
            return await self._new_thread(cid, body, call)
        if len(p) == 5 and p[2] == "messages" and p[4] == "threads" and method == "POST":
            return await self._new_thread(cid, body, call, tid=int(p[3]))
        if len(p) == 3 and p[2] == "messages" and method == "POST":
            nonce = body.get("nonce")
            if nonce is not None and body.get("enforce_nonce"):
                # Discord: a repeat of a recent nonce returns the first message, posts nothing.
                for existing in self.messages.values():
                    if existing.get("nonce") == str(nonce) and int(existing["channel_id"]) == cid:
                        self.nonce_repeats += 1
                        return _json(existing)
            mid = self.new_id()
            message = self._message(mid, cid, body.get("content") or "", author=BOT_USER)
            if nonce is not None:
                message["nonce"] = str(nonce)
            message["attachments"] = [
                {
                    "id": str(self.new_id()),
                    "filename": name,
                    "size": len(data),
                    "url": "",
                    "proxy_url": "",
                }
                for name, data in call.files
            ]
            self.messages[mid] = message
            if call.files:
                self.files[mid] = call.files
            return _json(message)
        if len(p) == 4 and p[2] == "messages":
            target = self.messages.get(int(p[3]))
            if target is None:
                return _json({"message": "Unknown Message", "code": 10008}, status=404)
            if method == "DELETE":
                target["deleted"] = True
                return web.Response(status=204)
            if method == "PATCH":
                if "content" in body:
                    target["content"] = body["content"]
                target["edited_timestamp"] = TIMESTAMP
                return _json(target)
            return _json(target)
        if len(p) >= 6 and p[4] == "reactions":
            return web.Response(status=204)
        return _json({"message": "404: Not Found", "code": 0}, status=404)

    async def _new_thread(
        self, parent: int, body: dict[str, Any], call: RestCall, tid: int | None = None
    ) -> web.Response:
        tid = tid or self.new_id()
        guild = int(self.channels.get(parent, {}).get("guild_id", GUILD_ID))
        thread = thread_channel(tid, body["name"], guild_id=guild)
        if call.path.endswith(f"/{parent}/threads"):
            thread["type"] = int(body.get("type") or 12)  # Discord's default is PRIVATE
        thread["parent_id"] = str(parent)
        self.channels[tid] = thread
        call.body = {**body, "_created": str(tid)}
        await self.dispatch("THREAD_CREATE", {**thread, "newly_created": True})
        return _json(thread)
