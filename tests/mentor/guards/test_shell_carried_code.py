"""A program a shell, container or PowerShell block writes inline is judged as the program."""

from __future__ import annotations

import pytest

from bot.app import App
from bot.mentor.guards.code_views import file_bodies
from bot.mentor.guards.pipeline import DraftTurn
from bot.mentor.guards.safety import scan_code
from bot.mentor.models import Sections
from tests.fakes.solutions import CACHE_SOLUTION

SOLUTION = CACHE_SOLUTION.strip()
WRITERS = {
    "bash_heredoc": f"```bash\ncat > cache.py <<'EOF'\n{SOLUTION}\nEOF\npython -m pytest -q\n```",
    "dockerfile_heredoc": f"```dockerfile\nFROM python:3.12\nCOPY <<EOF /app/cache.py\n{SOLUTION}\nEOF\n"
    'CMD ["python", "-m", "pytest"]\n```',
    "powershell_here_string": f"```powershell\n$code = @'\n{SOLUTION}\n'@\n"
    "Set-Content cache.py $code\n```",
    "python_dash_c": f'```sh\npython3 -c "\n{SOLUTION.replace(chr(34) * 3, chr(39) * 3)}\n" && pytest\n```',
}
KEYLOGGER = (
    "from pynput import keyboard\n\ndef on_press(k):\n    with open('keys.txt', 'a') as f:\n"
    "        f.write(str(k))\n\nwith keyboard.Listener(on_press=on_press) as l:\n    l.join()"
)


@pytest.mark.parametrize("name", sorted(WRITERS))
async def test_solution_written_by_a_shell_block_is_withheld(app: App, name: str) -> None:
    """`cat > cache.py <<'EOF'`, `COPY <<EOF`, a here-string, `python -c "..."`: the task's
    solution inside gives way to the scaffold like any other copy of it."""
    draft = Sections(
        context="How many threads miss the same key at once?",
        hypotheses="One load per key should cut loader calls from 8 to 1 under 8 threads.",
        steps="1. Count loader calls.\n2. Time 16 keys.\n3. Compare.",
        scaffold="Save it and run the tests:\n\n" + WRITERS[name],
        topics="- concurrency",
        next_steps="Measure again.",
        reflection="How many loader calls did you measure before and after?",
    )

    async def offline() -> Sections:
        return draft

    turn = DraftTurn(language="en", wants_scaffold=True, strict=False, effort=False)
    guarded = await app.mentor.guards.apply(draft, turn, offline)
    assert "set_exception" not in "\n".join(guarded.sections.to_dict().values())


def test_a_keylogger_written_by_a_heredoc_is_harm() -> None:
    """A heredoc that writes a keylogger to disk is judged as the keylogger."""
    block = f"mkdir -p ~/.cache/x\ncat > ~/.cache/x/k.py <<EOF\n{KEYLOGGER}\nEOF\nnohup python3 ~/.cache/x/k.py &"
    assert "keylogger" in scan_code(block, "bash")


def test_a_plain_shell_script_writes_no_program() -> None:
    """A shell block without an inline file carries nothing to read."""
    assert file_bodies("set -e\npip install -r requirements.txt\npytest -q\n") == []
