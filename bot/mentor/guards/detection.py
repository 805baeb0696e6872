"""Detection content: an anti-forensic command NAMED to find it, not to run it.

A Sigma or KQL rule, a `grep` over the logs, an "alert when a process runs `wevtutil cl`"
note, an incident timeline ("02:19 `wevtutil cl Security` run by svc_backup") all name the
command a defender must catch; a recipe tells the reader to run it. An occurrence is named
when it is quoted (backticks or quotes) and something around it searches for it: a matching
operator on its line (`has`, `contains`, `-match`, `grep`, `re.search`...), a rule's or
query's structure in its block, or a detection word of the learner's language on the line or
a line before it in the paragraph (config/guards/prose/<lang>.toml `[detection]`). It is run
(and stays harm) when its line executes it (`subprocess`, `bash -c`, `RUN`, `ExecStart=`,
`run:`), tells the reader to run it ("Run `...`"), or the text says why: to hide ("cover your
tracks", "so nobody notices"). The named occurrences are masked and the text judged again, so
whatever else it does is still judged.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from pathlib import Path

from bot.mentor.guards.harm_tokens import ANTI_FORENSIC_CMD

NAMED_HARMS = frozenset({"anti_forensics"})
"""Harms whose commands a defender names to detect them."""

_OPERATOR = re.compile(
    r"\b(?:has(?:_any|_all|_cs|prefix|suffix)?|contains(?:_cs)?|startswith|endswith|"
    r"matches regex|i?like|rlike|in~|has_any|where|search|grep|egrep|zgrep|rg|findstr|"
    r"select-string|where-object|commandline|command_line|cmdline|processcommandline|"
    r"process\.command_line|process_command_line|parentcommandline|eventid|event_id|"
    r"event\.code|sourcetype|selection|condition|keywords|detection|indicators?|iocs?|"
    r"patterns?|signatures?|suspicious|re\.(?:compile|search|match|fullmatch|findall|finditer)|"
    r"fnmatch)\b|-(?:i?match|i?like|contains)\b|=~|!~|\|contains|\|endswith|\|startswith|"
    r"\bin\s+(?:line|cmd|command|text|event|record|msg|message|row|entry)\b|\.search\(|\.match\(",
    re.I,
)
"""Something that searches for the quoted text on the same line (query, rule, log search)."""
_STRUCTURE = re.compile(
    r"^\s*(?:detection|logsource|selection\w*|condition|falsepositives|title|tags)\s*:|"
    r"^\s*\|\s*where\b|^\s*(?:index|sourcetype)\s*=|^\s*rule\s+\w+|\bDevice\w*Events\b|"
    r"\bSecurityEvent\b|\bEvent\.System\b|\bwinlog\.|\bprocess\.command_line\b",
    re.I | re.M,
)
"""A rule's or a query's structure: its other quoted lines are values to match too."""
_EXECUTES = re.compile(
    r"\b(?:subprocess|os\.system|os\.popen|popen|check_output|check_call|exec_command|"
    r"invoke-expression|iex|start-process|invoke-command|shell_exec|system\(|exec\(|eval\(|"
    r"spawn|create_subprocess_\w+)\b|\b(?:bash|sh|zsh|cmd|powershell|pwsh)(?:\.exe)?\s+"
    r"(?:-c|/c|-command|-enc\w*)\b|^\s*(?:RUN|CMD|ENTRYPOINT)\b|\bExecStart\w*\s*=|"
    r"^\s*-?\s*(?:run|script|command|cmd|exec|entrypoint|args)\s*:|^\s*@reboot\b|"
    r"^\s*[\d*][\d,/*-]*(?:\s+[\d*][\d,/*-]*|\s+[a-z]{3}\b){4}\s+\S",
    re.I,
)
"""A line that runs what it holds (a shell call, a container or unit line, a CI step, cron)."""
_EXEC_ANYWHERE = re.compile(
    r"\b(?:subprocess|os\.system|os\.popen|exec_command|invoke-expression|start-process|"
    r"shell_exec|create_subprocess_\w+|pty\.spawn)\b|\bexec\(|\beval\(",
    re.I,
)
_QUOTES = "`\"'"
_SIGNALS = (
    r"\bsigma\b|\bkql\b|\bsplunk\b|\bspl\b|\bsiem\b|\bsoc\b|\bedr\b|\bxdr\b|\bsysmon\b|"
    r"\bevent ?id\b|\b(?:4688|1102|4104|104)\b|\byara\b|\bioc\b|\bdfir\b|\bsentinel\b|"
    r"\belastic\b|\bwazuh\b|\bosquery\b|\bauditd\b|\bdetection\b"
)
"""Detection words shared by every language (product and format names, event ids)."""


def _quoted(line: str, start: int, end: int) -> bool:
    """The span [start, end) of `line` is inside a pair of backticks or quotes."""
    return any(line.count(q, 0, start) % 2 == 1 and q in line[end:] for q in _QUOTES if q in line)


class DetectionCues:
    """Per-language detection, run and concealment cues (config/guards/prose `[detection]`)."""

    def __init__(
        self,
        cues: Iterable[str] = (),
        run: Iterable[str] = (),
        conceal: Iterable[str] = (),
    ) -> None:
        self.cues = re.compile("|".join([_SIGNALS, *cues]))
        """Words that say the text is about finding the command (alert, detect, timeline)."""
        self.run = re.compile("|".join(run) or r"(?!x)x")
        """A line that tells the reader to run what follows (an imperative "run", "type")."""
        self.conceal = re.compile("|".join(conceal) or r"(?!x)x")
        """Why it is run: to hide (cover your tracks, so nobody notices)."""

    @classmethod
    def load(cls, config_dir: Path) -> DetectionCues:
        """Every language's `[detection]` table of config/guards/prose/<lang>.toml."""
        tables: dict[str, list[str]] = {"cues": [], "run": [], "conceal": []}
        for path in sorted((config_dir / "guards" / "prose").glob("*.toml")):
            table = tomllib.loads(path.read_text(encoding="utf-8")).get("detection", {})
            for name, found in tables.items():
                found.extend(str(p) for p in table.get(name, []))
        return cls(tables["cues"], tables["run"], tables["conceal"])

    def named_line(self, line: str, *, context: bool, block: str = "") -> bool:
        """Every anti-forensic command on `line` is named, none is run.

        `context`: a line before it (in its paragraph or block) says the text detects.
        `block`: the code block the line stands in ("" in prose).
        """
        low = line.lower()
        found = list(ANTI_FORENSIC_CMD.finditer(line))
        if not found or _EXECUTES.search(line) or self.conceal.search(low):
            return False
        if self.run.search(low.lstrip(" \t-*•>0123456789.)[]x")):
            return False
        searched = (
            bool(_OPERATOR.search(line))
            or context
            or bool(self.cues.search(low))
            or bool(block and _STRUCTURE.search(block) and not _EXEC_ANYWHERE.search(block))
        )
        return searched and all(_quoted(line, m.start(), m.end()) for m in found)

    def masked(self, code: str) -> str:
        """`code` with its named anti-forensic commands blanked (a rule's values, a query's)."""
        if not ANTI_FORENSIC_CMD.search(code) or self.conceal.search(code.lower()):
            return code
        lines = code.split("\n")
        context = False
        for i, line in enumerate(lines):
            if self.named_line(line, context=context, block=code):
                lines[i] = ANTI_FORENSIC_CMD.sub(lambda m: "_" * len(m.group()), line)
            context = context or bool(self.cues.search(line.lower()))
        return "\n".join(lines)

    def named_in(self, paragraph: str, line: str) -> bool:
        """`line` of a prose `paragraph` names its anti-forensic commands to detect them."""
        low = paragraph.lower()
        if self.conceal.search(low):
            return False
        before = low.split(line.lower(), 1)[0]
        return self.named_line(line, context=bool(self.cues.search(before)))


BUILT_IN = DetectionCues(
    cues=(
        r"\b(?:alert|detect|monitor|hunt|watch for|look for|flag|investigat|forensic|timeline|"
        r"incident|triage|audit|rule|query|queries|log search|attacker|intruder|adversar)",
    ),
    run=(
        r"(?:^|[,:;.!]\s+|\b(?:then|now|just|simply|you|and|to) )"
        r"(?:run|execute|type|paste|enter|launch)\b",
    ),
    conceal=(
        r"cover (?:your|our|the) tracks|(?:so|and) (?:that )?(?:nobody|no one|the admins?|they) "
        r"(?:won't|will not|doesn't|does not|can't|cannot|never)|leave no trace|"
        r"(?:remove|erase|wipe) (?:your|all) (?:traces|evidence)",
    ),
)
"""English cues only: the rule used when no config is loaded."""
