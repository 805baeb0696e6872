"""A loopback fake of Slack: the Web API the bot calls, signed requests to the bot, Socket Mode.

Web API (POST/GET /api/<method>): auth.test, chat.postMessage, chat.update, users.info,
conversations.replies, conversations.open, files.info, apps.connections.open, and the
external upload files_upload_v2 uses (files.getUploadURLExternal, POST /upload/<id>,
files.completeUploadExternal; completed uploads in `uploads`); file downloads at /files/...;
every call is recorded, with the TCP connection it came over (`api_connections()`: how
many the bot opened). GET arguments arrive as strings (booleans as 1/0), POSTs as JSON or
form data, as slack_sdk sends them. Failures are scriptable (`fail("chat.postMessage",
status=429, retry_after=1)`). Socket Mode: apps.connections.open returns ws://.../socket,
where the fake sends envelopes and records the bot's acks.

Also the other direction: `signed_command` / `signed_event` build real signed requests for
the bot's /slack/events, like Slack does.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import re
import time
import urllib.parse
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web
from slack_sdk.signature import SignatureVerifier

BOT_TOKEN = "xoxb-1111111111-2222222222-fakebottokenabcdef"
APP_TOKEN = "xapp-1-A111-222-fakeapptokenabcdef"
SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
TEAM = "T0MCA"
BOT_USER = "UMCABOT"
BOT_ID = "BMCABOT"


@dataclass
class Call:
    """One Web API call the bot made."""

    method: str
    args: dict[str, Any]
    http_method: str
    at: float = field(default_factory=time.monotonic)
    token: str = ""
    connection: int = 0
    """Which TCP connection carried it (1, 2, ... in the order the fake first saw them)."""


@dataclass
class Failure:
    """A scripted failure: answer `status` (with Retry-After) `times` times."""

    method: str
    status: int
    times: int
    retry_after: int = 1
    when: Callable[[dict[str, Any]], bool] | None = None


@dataclass
class SlackFile:
    """A file shared in Slack."""

    id: str
    name: str
    content: bytes
    host: str = "127.0.0.1"
    """Where files.info says it lives (another name for loopback = a foreign host)."""


def _truthy(value: Any) -> bool:
    return value in (True, 1, "1", "true", "True")


class FakeSlack:
    """The fake's state and aiohttp app. `await start()` -> base URL of the Web API."""

    def __init__(self, *, bot_token: str = BOT_TOKEN, app_token: str = APP_TOKEN) -> None:
        self.bot_token = bot_token
        self.app_token = app_token
        self.calls: list[Call] = []
        self.failures: list[Failure] = []
        self.users: dict[str, dict[str, Any]] = {}
        self.files: dict[str, SlackFile] = {}
        self.downloads: list[tuple[str, str]] = []
        self.messages: dict[tuple[str, str], dict[str, Any]] = {}
        self.views: dict[str, dict[str, Any]] = {}
        """Modals opened, by trigger id."""
        self.homes: dict[str, dict[str, Any]] = {}
        """The Home tab last published for each user."""
        self.socket_acks: list[dict[str, Any]] = []
        self.responses: list[tuple[str, dict[str, Any]]] = []
        self.uploads: list[dict[str, Any]] = []
        """Completed uploads: {'id', 'filename', 'title', 'content', 'channel_id'}."""
        self._pending_uploads: dict[str, dict[str, Any]] = {}
        self._ts = itertools.count(1)
        self._changed = asyncio.Event()
        self._sockets: list[web.WebSocketResponse] = []
        self._socket_ready = asyncio.Event()
        self.socket_connections = 0
        self._unacked: dict[str, dict[str, Any]] = {}
        """Socket Mode connections opened so far (reconnects included)."""
        self._runner: web.AppRunner | None = None
        self.port = 0
        self._connections: dict[object, int] = {}
        """aiohttp's per-connection protocol -> its number (held, so no id is ever reused)."""
        self._connection_ids = itertools.count(1)
        self.held: set[str] = set()
        """Methods whose calls hang until `release()` (Slack is stuck)."""
        self._released = asyncio.Event()

    def hold(self, method: str) -> None:
        """Calls of `method` hang until `release()`."""
        self.held.add(method)
        self._released.clear()

    def release(self) -> None:
        """Every held call goes on."""
        self.held.clear()
        self._released.set()

    # Setup ------------------------------------------------------------------------------
    def add_user(
        self, user: str, *, locale: str = "en-US", name: str = "learner", admin: bool = False
    ) -> None:
        """A workspace member; users.info returns `locale` only with include_locale."""
        self.users[user] = {"locale": locale, "name": name, "admin": admin}

    def add_file(self, name: str, content: bytes, *, host: str = "127.0.0.1") -> str:
        """A file as if shared; returns its id."""
        file_id = "F" + uuid.uuid4().hex[:10].upper()
        self.files[file_id] = SlackFile(file_id, name, content, host)
        return file_id

    def fail(
        self,
        method: str,
        *,
        status: int = 429,
        times: int = 1,
        retry_after: int = 1,
        when: Callable[[dict[str, Any]], bool] | None = None,
    ) -> None:
        """Make the next `times` calls of `method` (matching `when`) fail with `status`."""
        self.failures.append(Failure(method, status, times, retry_after, when))

    @property
    def base_url(self) -> str:
        """The Web API base for MCA_SLACK_API_BASE."""
        return f"http://127.0.0.1:{self.port}/api/"

    async def start(self) -> str:
        """Serve on a free loopback port."""
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_get("/files/{id}/{name}", self._download)
        app.router.add_get("/socket", self._socket)
        app.router.add_post("/hooks/{path:.*}", self._hook)
        app.router.add_post("/upload/{id}", self._upload)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server: Any = site._server
        self.port = int(server.sockets[0].getsockname()[1])
        return self.base_url

    async def stop(self) -> None:
        """Close sockets and stop serving."""
        for ws in list(self._sockets):
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    # Queries ----------------------------------------------------------------------------
    def calls_to(self, method: str, **match: Any) -> list[Call]:
        """Recorded calls of `method` whose args include `match`."""
        return [
            c
            for c in self.calls
            if c.method == method and all(c.args.get(k) == v for k, v in match.items())
        ]

    def thread_posts(self, channel: str, thread_ts: str) -> list[Call]:
        """chat.postMessage calls into a thread (successful or not)."""
        return self.calls_to("chat.postMessage", channel=channel, thread_ts=thread_ts)

    def thread_text(self, channel: str, thread_ts: str) -> str:
        """The thread's replies as shown now (after every edit), joined."""
        replies = [
            m
            for (ch, _), m in sorted(self.messages.items(), key=lambda kv: float(kv[0][1]))
            if ch == channel and m.get("thread_ts") == thread_ts
        ]
        return "\n".join(str(m.get("text", "")) for m in replies)

    def thread_messages(self, channel: str, thread_ts: str) -> list[dict[str, Any]]:
        """The thread's replies as shown now, oldest first."""
        return [
            m
            for (ch, _), m in sorted(self.messages.items(), key=lambda kv: float(kv[0][1]))
            if ch == channel and m.get("thread_ts") == thread_ts
        ]

    async def wait_for(self, predicate: Callable[[], Any], wait_s: float = 10.0) -> Any:
        """Wait until `predicate()` is truthy (re-checked on every call); return its value."""
        deadline = time.monotonic() + wait_s
        while True:
            value = predicate()
            if value:
                return value
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"condition not met in {wait_s}s; calls: {self.summary()}")
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), min(remaining, 0.2))

    async def quiet(self, seconds: float = 0.5) -> None:
        """Wait until no call has arrived for `seconds` (the bot is done)."""
        while True:
            count = len(self.calls)
            await asyncio.sleep(seconds)
            if len(self.calls) == count:
                return

    def api_connections(self, calls: list[Call] | None = None) -> int:
        """How many distinct TCP connections carried these Web API calls (default: all)."""
        return len({c.connection for c in (self.calls if calls is None else calls)})

    def summary(self) -> list[str]:
        """Short list of recorded calls (for failure messages)."""
        return [f"{c.method}({c.args.get('channel', '')})" for c in self.calls[-30:]]

    # Web API ----------------------------------------------------------------------------
    async def _args(self, request: web.Request) -> dict[str, Any]:
        args: dict[str, Any] = dict(request.query)
        if request.method == "POST" and request.can_read_body:
            raw = await request.read()
            if request.content_type == "application/json":
                args.update(json.loads(raw or b"{}"))
            else:
                args.update(dict(urllib.parse.parse_qsl(raw.decode())))
        return args

    def _failure(self, method: str, args: dict[str, Any]) -> Failure | None:
        for failure in self.failures:
            if (
                failure.method == method
                and failure.times > 0
                and (failure.when is None or failure.when(args))
            ):
                failure.times -= 1
                return failure
        return None

    def _connection(self, request: web.Request) -> int:
        """The number of the TCP connection `request` came over (keep-alive reuses one)."""
        protocol = request.protocol
        number = self._connections.get(protocol)
        if number is None:
            number = self._connections[protocol] = next(self._connection_ids)
        return number

    async def _api(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        args = await self._args(request)
        auth = request.headers.get("Authorization", "")
        token = auth.removeprefix("Bearer ").strip() or str(args.get("token", ""))
        connection = self._connection(request)
        self.calls.append(Call(method, args, request.method, token=token, connection=connection))
        self._changed.set()
        if method in self.held:
            await self._released.wait()
        failure = self._failure(method, args)
        if failure is not None:
            return web.json_response(
                {"ok": False, "error": "ratelimited" if failure.status == 429 else "fatal_error"},
                status=failure.status,
                headers={"Retry-After": str(failure.retry_after)},
            )
        expected = self.app_token if method == "apps.connections.open" else self.bot_token
        if token != expected:
            return web.json_response({"ok": False, "error": "invalid_auth"})
        handler = getattr(self, "_m_" + method.replace(".", "_"), None)
        if handler is None:
            return web.json_response({"ok": False, "error": "unknown_method"})
        body: dict[str, Any] = handler(args)
        return web.json_response(body)

    def _next_ts(self) -> str:
        return f"{int(time.time())}.{next(self._ts):06d}"

    def _m_auth_test(self, args: dict[str, Any]) -> dict[str, Any]:
        return {
            "ok": True,
            "url": "https://mca.example.slack.com/",
            "team": "MCA",
            "user": "mca",
            "team_id": TEAM,
            "user_id": BOT_USER,
            "bot_id": BOT_ID,
        }

    def _m_chat_postMessage(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = str(args.get("channel", ""))
        if channel.startswith("CNOTIN"):
            return {"ok": False, "error": "not_in_channel"}
        ts = self._next_ts()
        message = {
            "type": "message",
            "user": BOT_USER,
            "bot_id": BOT_ID,
            "text": args.get("text", ""),
            "blocks": args.get("blocks", []),
            "ts": ts,
        }
        if args.get("thread_ts"):
            message["thread_ts"] = args["thread_ts"]
        if isinstance(args.get("metadata"), dict):
            message["metadata"] = args["metadata"]
        self.messages[(channel, ts)] = message
        return {"ok": True, "channel": channel, "ts": ts, "message": message}

    def _m_chat_postEphemeral(self, args: dict[str, Any]) -> dict[str, Any]:
        """Only `user` sees it; recorded, never added to the channel's messages."""
        if not args.get("user"):
            return {"ok": False, "error": "user_not_in_channel"}
        return {"ok": True, "message_ts": self._next_ts()}

    def _m_chat_update(self, args: dict[str, Any]) -> dict[str, Any]:
        key = (str(args.get("channel", "")), str(args.get("ts", "")))
        if key not in self.messages:
            return {"ok": False, "error": "message_not_found"}
        self.messages[key].update(text=args.get("text", ""), blocks=args.get("blocks", []))
        return {"ok": True, "channel": key[0], "ts": key[1], "text": args.get("text", "")}

    def _m_chat_delete(self, args: dict[str, Any]) -> dict[str, Any]:
        """A message of the bot's removed from its channel."""
        key = (str(args.get("channel", "")), str(args.get("ts", "")))
        if self.messages.pop(key, None) is None:
            return {"ok": False, "error": "message_not_found"}
        return {"ok": True, "channel": key[0], "ts": key[1]}

    def _m_views_open(self, args: dict[str, Any]) -> dict[str, Any]:
        """A modal opened for a trigger (recorded in `views` by trigger id)."""
        trigger = str(args.get("trigger_id", ""))
        view = args.get("view")
        if not trigger or not isinstance(view, dict):
            return {"ok": False, "error": "invalid_arguments"}
        self.views[trigger] = view
        return {"ok": True, "view": {**view, "id": "V" + trigger[-6:]}}

    def _m_views_publish(self, args: dict[str, Any]) -> dict[str, Any]:
        """A Home tab published for a user (the latest one kept in `homes`)."""
        user, view = str(args.get("user_id", "")), args.get("view")
        if not user or not isinstance(view, dict) or view.get("type") != "home":
            return {"ok": False, "error": "invalid_arguments"}
        self.homes[user] = view
        return {"ok": True, "view": {**view, "id": "VH" + user}}

    def _m_users_info(self, args: dict[str, Any]) -> dict[str, Any]:
        user = str(args.get("user", ""))
        known = self.users.get(user)
        if known is None:
            return {"ok": False, "error": "user_not_found"}
        data: dict[str, Any] = {
            "id": user,
            "name": known["name"],
            "profile": {"display_name": known["name"], "real_name": known["name"]},
            "is_admin": bool(known.get("admin")),
            "is_owner": False,
        }
        if _truthy(args.get("include_locale")):
            data["locale"] = known["locale"]
        return {"ok": True, "user": data}

    def _m_conversations_replies(self, args: dict[str, Any]) -> dict[str, Any]:
        channel, ts = str(args.get("channel", "")), str(args.get("ts", ""))
        messages = self.thread_messages(channel, ts)
        if not _truthy(args.get("include_all_metadata")):  # Slack hides metadata unless asked
            messages = [{k: v for k, v in m.items() if k != "metadata"} for m in messages]
        return {"ok": True, "messages": messages, "has_more": False}

    def _m_files_info(self, args: dict[str, Any]) -> dict[str, Any]:
        found = self.files.get(str(args.get("file", "")))
        if found is None:
            return {"ok": False, "error": "file_not_found"}
        url = f"http://{found.host}:{self.port}/files/{found.id}/{found.name}"
        return {
            "ok": True,
            "file": {
                "id": found.id,
                "name": found.name,
                "filetype": "python" if found.name.endswith(".py") else "text",
                "size": len(found.content),
                "url_private": url,
                "url_private_download": url + "?download=1",
            },
        }

    def _m_conversations_open(self, args: dict[str, Any]) -> dict[str, Any]:
        users = str(args.get("users", ""))
        if users not in self.users:
            return {"ok": False, "error": "user_not_found"}
        return {"ok": True, "channel": {"id": "D" + users}}

    def _m_files_getUploadURLExternal(self, args: dict[str, Any]) -> dict[str, Any]:
        file_id = "F" + uuid.uuid4().hex[:10].upper()
        self._pending_uploads[file_id] = {
            "id": file_id,
            "filename": str(args.get("filename", "")),
            "length": int(args.get("length") or 0),
            "content": None,
        }
        return {
            "ok": True,
            "upload_url": f"http://127.0.0.1:{self.port}/upload/{file_id}",
            "file_id": file_id,
        }

    async def _upload(self, request: web.Request) -> web.StreamResponse:
        pending = self._pending_uploads.get(request.match_info["id"])
        if pending is None:
            raise web.HTTPNotFound()
        pending["content"] = await request.read()
        return web.Response(text=f"OK - {len(pending['content'])}", content_type="text/plain")

    def _m_files_completeUploadExternal(self, args: dict[str, Any]) -> dict[str, Any]:
        files = json.loads(str(args.get("files") or "[]"))
        done = []
        for item in files:
            pending = self._pending_uploads.pop(str(item.get("id")), None)
            if pending is None or pending["content"] is None:
                return {"ok": False, "error": "file_not_found"}
            upload = {
                **pending,
                "title": item.get("title"),
                "channel_id": args.get("channel_id"),
                "initial_comment": args.get("initial_comment"),
            }
            self.uploads.append(upload)
            done.append({"id": upload["id"], "title": upload["title"], "name": upload["filename"]})
        self._changed.set()
        return {"ok": True, "files": done}

    def _m_apps_connections_open(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "url": f"ws://127.0.0.1:{self.port}/socket"}

    async def _download(self, request: web.Request) -> web.StreamResponse:
        found = self.files.get(request.match_info["id"])
        auth = request.headers.get("Authorization", "")
        self.downloads.append((request.match_info["id"], auth))
        self._changed.set()
        if found is None:
            raise web.HTTPNotFound()
        if auth != f"Bearer {self.bot_token}":
            raise web.HTTPForbidden()
        return web.Response(body=found.content, content_type="text/x-python")

    def response_url(self, name: str) -> str:
        """A slash command's response_url, on the fake."""
        return f"http://127.0.0.1:{self.port}/hooks/{name}"

    async def _hook(self, request: web.Request) -> web.StreamResponse:
        self.responses.append((request.match_info["path"], await request.json()))
        self._changed.set()
        return web.Response(text="ok")

    # Socket Mode ------------------------------------------------------------------------
    async def _socket(self, request: web.Request) -> web.StreamResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._sockets.append(ws)
        self.socket_connections += 1
        await ws.send_json({"type": "hello", "num_connections": 1, "debug_info": {}})
        # Like Slack: envelopes never acknowledged (the socket dropped first) come again on
        # the next connection, with retry_attempt raised; the app de-duplicates them.
        for envelope in list(self._unacked.values()):
            envelope["retry_attempt"] += 1
            envelope["retry_reason"] = "timeout"
            await ws.send_json(envelope)
        self._socket_ready.set()
        self._changed.set()
        async for msg in ws:
            if msg.type == WSMsgType.TEXT:
                ack = json.loads(msg.data)
                self.socket_acks.append(ack)
                self._unacked.pop(str(ack.get("envelope_id", "")), None)
                self._changed.set()
        self._sockets.remove(ws)
        return ws

    async def drop_sockets(self) -> None:
        """Close every Socket Mode connection from Slack's side (the app must reconnect)."""
        self._socket_ready.clear()
        for ws in list(self._sockets):
            await ws.close()

    async def send_envelope(self, kind: str, payload: dict[str, Any]) -> str:
        """Send a Socket Mode envelope ('slash_commands', 'events_api'); returns its id."""
        await asyncio.wait_for(self._socket_ready.wait(), 10)
        envelope_id = str(uuid.uuid4())
        envelope = {
            "envelope_id": envelope_id,
            "type": kind,
            "payload": payload,
            "accepts_response_payload": kind != "events_api",
            "retry_attempt": 0,
            "retry_reason": "",
        }
        self._unacked[envelope_id] = envelope
        await self._sockets[-1].send_json(envelope)
        return envelope_id


# Requests from Slack to the bot -----------------------------------------------------------
def sign(
    body: str, *, secret: str = SIGNING_SECRET, timestamp: int | None = None
) -> dict[str, str]:
    """The X-Slack-Signature headers for `body`, as Slack computes them."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": signature}


_TRIGGERS = itertools.count(1)
"""Slack gives every slash command invocation its own trigger_id."""


_MARKUP = re.compile(r"(<(?:[@#!][^<>\s]*|(?:https?|mailto):[^<>\s]*)>)")
"""Slack's own markup in a test's text (`<@U1>`, `<#C1|general>`, `<https://...|x>`): kept."""


def slack_escaped(text: str) -> str:
    """Text as Slack delivers it to an app: `&`, `<`, `>` escaped, its own markup kept."""
    parts = _MARKUP.split(text)
    return "".join(
        part if i % 2 else part.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        for i, part in enumerate(parts)
    )


def command_body(
    text: str, *, user: str, channel: str, team: str = TEAM, response_url: str = ""
) -> str:
    """A form-encoded /mca slash command (with the legacy `token` field Slack still sends)."""
    return urllib.parse.urlencode(
        {
            "token": "legacyverificationtoken123",
            "team_id": team,
            "team_domain": "mca",
            "channel_id": channel,
            "channel_name": "python",
            "user_id": user,
            "user_name": "learner",
            "command": "/mca",
            "text": slack_escaped(text),
            "api_app_id": "AMCA",
            "response_url": response_url or "https://hooks.slack.com/commands/T0MCA/1/abc",
            "trigger_id": f"{time.time_ns()}.{next(_TRIGGERS)}.{uuid.uuid4().hex[:12]}",
        }
    )


def message_event(
    text: str,
    *,
    user: str,
    channel: str,
    ts: str,
    thread_ts: str | None = None,
    kind: str = "message",
    **extra: Any,
) -> dict[str, Any]:
    """A message or app_mention event as Slack sends it inside an event_callback."""
    event: dict[str, Any] = {
        "type": kind,
        "user": user,
        "text": slack_escaped(text),
        "ts": ts,
        "channel": channel,
        "event_ts": ts,
        "channel_type": "channel",
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    event.update(extra)
    return event


def event_body(event: dict[str, Any], *, event_id: str | None = None, team: str = TEAM) -> str:
    """An Events API event_callback body (JSON)."""
    return json.dumps(
        {
            "token": "legacyverificationtoken123",
            "team_id": team,
            "api_app_id": "AMCA",
            "event": event,
            "type": "event_callback",
            "event_id": event_id or "Ev" + uuid.uuid4().hex[:10].upper(),
            "event_time": int(time.time()),
            "authorizations": [
                {"team_id": team, "user_id": BOT_USER, "is_bot": True, "enterprise_id": None}
            ],
        }
    )


def new_ts() -> str:
    """A fresh Slack-style message timestamp (for messages the learner 'posts')."""
    return f"{time.time():.6f}"


def view_submission_body(
    view: dict[str, Any], values: dict[str, str], *, user: str, team: str = TEAM
) -> str:
    """A form-encoded interactive payload: `view` submitted with `values` by block id."""
    state = {
        block: {"value": {"type": "plain_text_input", "value": text}}
        for block, text in values.items()
    }
    payload = {
        "type": "view_submission",
        "team": {"id": team, "domain": "mca"},
        "user": {"id": user, "username": "learner", "team_id": team},
        "api_app_id": "AMCA",
        "token": "legacyverificationtoken123",
        "trigger_id": f"{time.time_ns()}.{next(_TRIGGERS)}.view",
        "view": {**view, "id": "VSUBMIT", "team_id": team, "state": {"values": state}},
    }
    return urllib.parse.urlencode({"payload": json.dumps(payload)})
