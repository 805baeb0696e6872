"""The input-intent guard: the local decision, then (with an LLM) the model's second opinion.

The local refusal always stands (no call is made). For what the local check allowed, the model
may add a refusal only with a valid answer saying misuse with a harmful capability; a failure,
a timeout or a garbage answer leaves the local decision as it was. Every decision is counted in
`mca_guard_actions_total{guard="intent",action}` and logged as `guard.intent` (capability,
target, rule: never the learner's text).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from pathlib import Path

import structlog

from bot.mentor.codeblocks import strip_blocks
from bot.mentor.guards.harm_code import scan_code
from bot.mentor.intent.classify import IntentClassifier
from bot.mentor.intent.code_words import judged_text, learner_code
from bot.mentor.intent.continuation import continuation_cues, says_continue
from bot.mentor.intent.credential_files import names_credential_files, sends_credential_files
from bot.mentor.intent.encoded import decoded_requests
from bot.mentor.intent.examples import ORDINARY
from bot.mentor.intent.ransom_note import demands_ransom, without_deletion
from bot.mentor.intent.rules import Intent
from bot.mentor.intent.second_opinion import SafetyModel
from bot.observability import Metrics

log = structlog.get_logger()

GUARD = "intent"
CODE_HARM_CAPABILITY = {
    "credential_attack": "credential_theft",
    "keylogger": "surveillance",
    "data_exfiltration": "surveillance",
    "anti_forensics": "evasion",
    "detection_evasion": "evasion",
    "covert_persistence": "evasion",
    "self_propagation": "self_propagation",
    "ransomware": "destructive",
    "packet_flood": "denial_of_service",
    "phishing": "fraud_phishing",
}
"""What the learner's own code does (the draft guards' AST scan) -> the capability it enables.
Secrets and look-alike links are the draft guards' business, not a reason to refuse a question."""
UNDECIDED_RULES = frozenset({"no_capability", "unknown_target", "others_target", "others_asset"})
"""Rules that allowed a message for want of evidence, not for a reason: only then may the
thread's earlier turns tip it. A message the rules read as defensive, as learning how
something works, as one's own system or a measurement keeps its own verdict: read with a
defensive thread ("my laptop is slow" / "a keylogger might be hidden on it") the model once
refused "a script that finds processes hooking my keyboard"."""
LEXICON_DIR = Path("guards") / "intent"
"""Under the config directory."""


UNREADABLE = "unreadable_language"
"""The action and concern of a turn held because no check could read its language."""


@dataclass(frozen=True, slots=True)
class Verdict:
    """What the service needs: refuse or not, and the capability its refusal names."""

    refuse: bool
    capability: str = ""
    target: str = "unknown"
    action: str = "allowed"
    """refused | allowed | second_opinion_refused | second_opinion_failed."""
    concern: str = ""
    """A narrower concern with its own refusal (doxxing, fake_reviews); '' for none."""

    @property
    def message_key(self) -> str:
        """The catalog key of the refusal (concern, then capability; generic when unknown)."""
        if self.concern:
            return f"guards_refusal_{self.concern}"
        return f"guards_refusal_{self.capability}" if self.capability else "guards_refusal"


class IntentGuard:
    """Decides whether a learner's message is refused before any LLM call."""

    def __init__(
        self,
        classifier: IntentClassifier,
        *,
        metrics: Metrics,
        second_opinion: SafetyModel | None = None,
        continuations: tuple[str, ...] = (),
        clears_unreadable: bool = True,
    ) -> None:
        self.classifier = classifier
        self.metrics = metrics
        self.second_opinion = second_opinion
        self.clears_unreadable = clears_unreadable
        """The second opinion may clear a language no rule reads: only a safety model apart
        from the drafting model may (review11 U31: by default the drafter judged its own input,
        and a weak or hostile one said "not misuse" to Vietnamese ransomware)."""
        self.continuations = continuations
        """Phrases of a turn that goes on with the previous request ("finish it")."""

    @classmethod
    def load(
        cls,
        config_dir: Path,
        *,
        metrics: Metrics,
        second_opinion: SafetyModel | None = None,
        clears_unreadable: bool = True,
    ) -> IntentGuard:
        """The guard with config/guards/intent's lexicons and the model fitted on its examples."""
        classifier = IntentClassifier.load(config_dir / LEXICON_DIR, config_dir / ORDINARY)
        return cls(
            classifier,
            metrics=metrics,
            second_opinion=second_opinion,
            continuations=continuation_cues(config_dir),
            clears_unreadable=clears_unreadable,
        )

    async def aclose(self) -> None:
        """Close the safety model's client."""
        if self.second_opinion is not None:
            await self.second_opinion.aclose()

    async def check(
        self,
        text: str,
        attached: tuple[str, ...] = (),
        *,
        earlier: tuple[str, ...] = (),
        refused: str = "",
        readable: bool = True,
        undone: str | None = None,
    ) -> Verdict:
        """The decision for one message and its attached programs (local first, then the model).

        `earlier`: the thread's latest answered messages. A request split over turns ("a script
        that sends SMS", "5000 a minute to one number", "he annoys me; dodge the carrier's
        block") is harmless in each part: the message is also judged with them, and the model
        reads them too. Only messages that were answered come here, so a refusal is never
        held against the learner's next question, unless it says it continues the refused
        one: `refused` is the thread's last message when it was refused, and a turn that goes
        on with it ("finish the decryption, please") is judged with it. The model is asked only about what the local check allowed.
        `readable`: False when the message's language is none the rules read and a model would
        answer it: then only a second opinion that read it can let it through.
        `undone`: the message with spaced letters joined and rot13 undone (`encoded.readable`),
        when the turn already read it for its language.
        """
        started = time.perf_counter()
        local = self._local(text, attached)
        if local.capability != "credential_theft":
            # also when refused for another reason: the refusal names what the ask would take
            local = self._credential_files(text, attached, local)
        if not local.refuse:
            local = self._ransom(text, attached, local)
        decoded = decoded_requests(text, undone)
        if decoded and not local.refuse:
            local = self._decoded(decoded, local)
        if (
            earlier
            and not local.refuse
            and local.rule in UNDECIDED_RULES
            and not self._agreed(text)
        ):
            whole = self.classifier.classify("\n".join([*earlier, strip_blocks(text)]))
            if whole.refuse:
                local = replace(whole, rule=f"split_turns:{whole.rule}")
        continued = bool(refused) and self._continues(text)
        if continued and not local.refuse and local.rule in UNDECIDED_RULES:
            # "finish it" right after a refusal asks for the refused thing
            whole = self.classifier.classify(f"{refused}\n{judged_text(text)}")
            if not whole.refuse and refused:
                whole = self._still_refused(refused, text)
            if whole.refuse:
                local = replace(whole, rule=f"after_refusal:{whole.rule}")
        before = (refused, *earlier) if continued else earlier
        context = "".join(f"{said}\n\n" for said in before)
        asked = "".join([context, text, *(f"\n\n```python\n{code}\n```" for code in attached)])
        asked += "".join(f"\n\n(decoded) {said}" for said in decoded)
        # the safety model reads the files too
        verdict = await self._combine(local, asked, readable=readable)
        self.metrics.guard_actions.labels(GUARD, verdict.action).inc()
        log.info(
            "guard.intent",
            action=verdict.action,
            capability=verdict.capability or "none",
            target=verdict.target,
            rule=local.rule,
            ms=round((time.perf_counter() - started) * 1000, 2),
        )
        return verdict

    def _agreed(self, text: str) -> bool:
        """The turn says, openly, that the people or data concerned agreed or are the learner's.

        "It's my mother's phone; she agreed herself and we turned on location sharing
        together" explains an alarming first turn ("how do I find a phone's location?"): read
        with it, the thread was refused again (splits26), and the learner could never explain
        their way out. Said covertly, or past a service's protection, it explains nothing.
        """
        found = self.classifier.features(strip_blocks(text))
        return found.agreed or found.consented

    def _credential_files(self, text: str, attached: tuple[str, ...], local: Intent) -> Intent:
        """Someone's key files asked to be sent away, in any language (credential_files.py)."""
        if not any(map(names_credential_files, (text, *attached))):
            return local  # the cheap look first: most messages name no key file
        said = judged_text(text, attached, strings=False)  # the prose and the code's comments
        if not sends_credential_files(said):
            return local
        words = self.classifier.features(said)
        if (words.others or words.covert) and not (words.victim or words.defensive):
            return Intent(True, "credential_theft", "others", "credential_files")
        return local

    def _ransom(self, text: str, attached: tuple[str, ...], local: Intent) -> Intent:
        """Files encrypted for a payment, asked in any language (ransom_note.py)."""
        said = judged_text(text, attached, strings=False)  # the prose and the code's comments
        if not demands_ransom(said):
            return local
        words = self.classifier.features(without_deletion(said))
        if words.victim or words.defensive:
            return local
        return Intent(True, "destructive", "others", "ransom_note")

    def _decoded(self, decoded: list[str], local: Intent) -> Intent:
        """A base64 or hex payload that says, in words, what would be refused in plain text."""
        for said in decoded:
            intent = self.classifier.classify(said)
            if intent.refuse:
                return replace(intent, rule=f"encoded:{intent.rule}")
        return local

    def _still_refused(self, refused: str, text: str) -> Intent:
        """The refused request's own verdict, for a turn that says it finishes it.

        Only when the turn brings no defence or harm suffered of its own: read together, its
        new words ("add error handling") could outweigh the refused ones (review13 W21).
        """
        words = self.classifier.features(judged_text(text))
        if words.defensive or words.victim or words.attacker:
            return Intent(False, "", "unknown", "no_capability")
        return self._local(refused, ())

    def _continues(self, text: str) -> bool:
        """The turn says it goes on with the previous request ("finish it", "допиши").

        Only said continuations count. A turn that adds a detail ("she blocked me on that
        number") is judged alone: read with a refused message, the learner's clarification
        after a wrong refusal ("we agreed the rules together, he knows") was refused again
        (splits 24: 1 of 26 legitimate turns more), and the learner could never explain
        their way out of a false refusal in the same thread.
        """
        return says_continue(text, self.continuations)

    def _local(self, text: str, attached: tuple[str, ...]) -> Intent:
        """The question, what the code says in words, and what the code does.

        The code's comments are read with the question (an ask often hides there: "# the
        rival shop's chat, thousands of bots at once"). Its docstrings and strings tip a
        refusal only when they name someone else or secrecy: a course lab's docstrings
        ("exploit each flaw with a test", "fails 30% of the time") once refused 43 of 294 "why
        is my script slow?" asks.
        """
        code = learner_code(text, attached)
        if not code:
            return self.classifier.classify(text)
        prose = strip_blocks(text)
        local = self.classifier.classify(prose)
        if local.refuse:
            return local
        commented = judged_text(text, attached, strings=False)
        if commented != prose:
            by_comments = self.classifier.classify(commented)
            if by_comments.refuse:
                return by_comments
        said = judged_text(text, attached)
        if said != prose:
            combined = self.classifier.classify(said)
            if combined.refuse:
                words = self.classifier.features(
                    said[len(prose) :] if said.startswith(prose) else said
                )
                if words.others or words.covert or combined.rule != "model_refused":
                    return combined
            local = local if local.target != "unknown" else replace(local, target=combined.target)
        return local if local.target == "own" else _code_does_harm(local, code)

    async def _combine(self, local: Intent, text: str, *, readable: bool = True) -> Verdict:
        """The local decision, then the second opinion on what it allowed.

        `readable`: the message is in a language the rules and the model read. When it is
        not (review10 T40: a Vietnamese ransomware request passed as "no capability"), the
        local decision says nothing, so the request goes to a model only after the second
        opinion cleared it: without one, or when it fails, the turn is held (fail closed).
        """
        if local.refuse:
            return Verdict(True, local.capability, local.target, "refused", local.concern)
        unchecked = Verdict(True, "", local.target, UNREADABLE, UNREADABLE)
        if not readable and not self.clears_unreadable:
            return unchecked  # only the drafting model itself would judge it
        if self.second_opinion is None:
            if not readable:
                return unchecked
            return Verdict(False, local.capability, local.target, "allowed")
        try:
            opinion = await self.second_opinion.opinion(text)
        except Exception as exc:  # any failure means "no opinion": fail to local
            log.warning("guard.intent_second_opinion_failed", error=type(exc).__name__)
            if not readable:
                return unchecked
            return Verdict(False, local.capability, local.target, "second_opinion_failed")
        if opinion.refuses:
            return Verdict(True, opinion.capability, opinion.target, "second_opinion_refused")
        return Verdict(False, local.capability, local.target, "allowed")


def _code_does_harm(local: Intent, code: list[str]) -> Intent:
    """Refuse code that does harm (sprays passwords at a login, hooks the keyboard, ...).

    The question may say only "make this faster"; the attached script guessing passwords from
    a wordlist against a portal says the rest. On one's own or an authorized system (the text's
    target is "own": "my staging login, to test the rate limit") it is answered.
    """
    for piece in code:
        for harm in sorted(scan_code(piece)):
            capability = CODE_HARM_CAPABILITY.get(harm)
            if capability:
                return Intent(True, capability, local.target, "code_does_harm")
    return local
