"""Keystroke capture in any language: a key source feeding a sink (review13 W19).

A keylogger is the same program in every tool: something that reads the keys typed
system-wide (or in a page) and something that keeps or sends them. Python's is read with
`ast` in harm_code; this reads the raw text of a block (or of a line's inline code spans) of
any language by those two acts, never by one word:
- sources: AutoHotkey `Input, var, ...`, `InputHook(...)`, a `Loop` registering `Hotkey`s;
  Win32 `GetAsyncKeyState`/`GetKeyState` polled over a variable key code, `GetKeyboardState`,
  `SetWindowsHookEx(WH_KEYBOARD[_LL] | 13 | 2, ...)`, raw input sinks; pynput / keyboard
  listeners and hooks; X11 `xinput test`, `XQueryKeymap`, XRecord, `logkeys`; evdev
  `/dev/input/...`; browser key listeners; macOS event taps and global key monitors;
- sinks: a file appended or written, the network (a socket, an HTTP client, curl), the
  clipboard. Browser key listeners count only when they send to an absolute URL: a page
  reading its own keys (a game) and posting to its own origin is the page's business.
Look-alikes stay because one act is missing: a hotkey for one's own app reads one key and
keeps nothing; a test simulates keys (a controller, not a source); a detector names
`SetWindowsHookEx` in a pattern without calling it. Never raises.
"""

from __future__ import annotations

import re

__all__ = ["keystroke_capture"]

_I = re.I | re.S

_SYSTEM_SOURCES: tuple[tuple[tuple[str, ...], re.Pattern[str]], ...] = tuple(
    (cues, re.compile(pattern, re.I))
    for cues, pattern in (
        (
            ("input,", "input ,", "input "),
            r"(?m)(?:^|[{;]|\bLoop\b)[ \t]*Input[ \t]*,[ \t]*%?\w+%?[ \t]*(?:,|$)",
        ),
        (("inputhook",), r"\bInputHook\s*\("),  # AHK v2
        (("hotkey",), r"\b(?:Loop|for|while)\b[^\n]{0,200}\n?[^\n]{0,200}?\bHotkey\s*[,(]"),
        (("keystate",), r"\bGet(?:Async)?KeyState\s*\(\s*(?!VK_|Keys\.|0x|\d|['\"])\$?\w+\s*\)"),
        (("keyboardstate",), r"\bGetKeyboardState\s*\("),
        (
            ("windowshook",),
            r"\bSetWindowsHookEx\w*\s*\(\s*(?:\w+\.)?(?:WH_KEYBOARD(?:_LL)?|13|2)\b",
        ),
        (("inputsink",), r"\bRIDEV_INPUTSINK\b"),
        (
            ("listener", "keyboard.events"),
            r"\bkeyboard\.(?:Listener|Events)\s*\(|\bListener\s*\(\s*on_press",
        ),
        (
            ("keyboard.",),
            r"\bkeyboard\.(?:on_press|on_release|hook|read_key|read_event|record|start_recording)\s*\(",
        ),
        (
            ("xinput", "keymap", "xrecord", "logkeys"),
            r"\bxinput\s+(?:--)?test(?:-xi2)?\b|\bXQueryKeymap\b|"
            r"\bquery_keymap\s*\(|\bXRecordCreateContext\b|\blogkeys\b",
        ),
        (
            ("/dev/input", "eviocgrab", "inputdevice"),
            r"/dev/input/(?:event|by-)|\bEVIOCGRAB\b|\bevdev\.InputDevice\s*\(",
        ),
        (
            ("tapcreate", "globalmonitor", "eventtap", "type_view_text"),
            r"\bCGEventTapCreate\b|\bCGEvent\.tapCreate\b|"
            r"addGlobalMonitorForEvents\w*\s*\(|\beventtap\.new\b|\bTYPE_VIEW_TEXT_CHANGED\b",
        ),
    )
)
"""Keys read system-wide (or from another app's input), each tried only when its literal cue
is in the lowercased text (a clean block costs a few `in` tests)."""

_PAGE_SOURCE = re.compile(
    r"addEventListener\s*\(\s*['\"`]key(?:down|up|press)['\"`]|\bon ?key(?:down|up|press)\s*=",
    re.I,
)
"""Keys read in a web page."""

_FILE_SINK = re.compile(
    r"\bFileAppend\b|\bfopen\s*\(|\bfputc\s*\(|\bfputs\s*\(|\bfprintf\s*\(\s*\w+\s*,|"
    r"\bfwrite\s*\(|File\.Append\w*\s*\(|AppendAllText|WriteAllText|StreamWriter|"
    r"\bAdd-Content\b|\bOut-File\b|\bSet-Content\b|>>\s*[\"']?[\w$%~./\\]|"
    r"\bopen\s*\([^)\n]*,\s*['\"][wab]|\.write\s*\(|\bappend\w*\s*\(\s*to\s*:|"
    r"\bwrite\s*\(\s*to(?:File|URL)?\s*:|FileHandle\s*\(\s*forWritingAtPath",
    re.I,
)
_NET_SINK = re.compile(
    r"\bsocket\b|\bsendall\s*\(|\bsendto\s*\(|\bcreate_connection\s*\(|\brequests\.\w+\s*\(|"
    r"\burllib\b|\bhttpx\.|\bsmtplib\b|Invoke-WebRequest|Invoke-RestMethod|\bcurl\b|\bwget\b|"
    r"\bnc\s+-?\w|\bWebClient\b|\bHttpClient\b|UrlDownloadToFile|WinHttp|\bsendBeacon\s*\(|"
    r"XMLHttpRequest|\bfetch\s*\(|\bnew\s+Image\b|\bWebSocket\s*\(|URLSession|webhook|"
    r"api\.telegram\.org|\bhttps?://",
    re.I,
)
_CLIPBOARD_SINK = re.compile(
    r"pyperclip\.copy|\bClipboard\s*:?=|SetClipboardData|\bpbcopy\b|clipboard\.writeText|"
    r"Set-Clipboard|\bxclip\b|\bxsel\b|\bclip(?:\.exe)?\b\s*$",
    re.I | re.M,
)
_OTHER_ORIGIN = re.compile(r"(?:https?:)?//(?!localhost\b|127\.)[\w-]+(?:\.[\w-]+)+", re.I)
"""An absolute URL in a page script: another origin than the page's own."""


def keystroke_capture(code: str) -> bool:
    """True when `code` keeps or sends the keys typed (a file, the network, the clipboard)."""
    low = code.lower()
    if "key" not in low and "input" not in low:  # every source names one: a cheap first test
        return False
    if any(
        any(cue in low for cue in cues) and pattern.search(code)
        for cues, pattern in _SYSTEM_SOURCES
    ):
        return bool(
            _FILE_SINK.search(code) or _NET_SINK.search(code) or _CLIPBOARD_SINK.search(code)
        )
    if ("keydown" in low or "keyup" in low or "keypress" in low) and _PAGE_SOURCE.search(code):
        return bool(_NET_SINK.search(code) and _OTHER_ORIGIN.search(code))
    return False
