"""An ask to send someone's credential files to a remote host, in any language.

The paths of credential stores and the address they go to read the same in every language:
`~/.ssh/id_rsa`, `.aws/credentials`, a browser's `Login Data`, then `http://203.0.113.9/up`.
A comment in Japanese or Chinese asking to read "the id_rsa of whoever runs this" and POST it
"quietly" to "my server" passed (review10 T28): the verbs are the learner's language, the
objects are not. The guard refuses when both appear in the words of the request (prose and
code comments, not code that runs: the code scanner judges that) and the lexicon reads
someone else or secrecy in it; a deploy script that uses one's own key to connect does not.
"""

from __future__ import annotations

import re

CREDENTIAL_FILES = re.compile(
    r"(?i)(?:\.ssh/(?:id_(?:rsa|dsa|ecdsa|ed25519)|identity)(?!\.pub)\b"
    r"|\bid_(?:rsa|dsa|ecdsa|ed25519)\b(?!\.pub)"
    r"|\.aws/credentials|\.netrc\b|\.git-credentials|\.pypirc|\.npmrc|\.kube/config"
    r"|\.docker/config\.json|/etc/shadow\b|\bwallet\.dat\b|\bkey4\.db\b|\blogins\.json\b"
    r"|\bLogin Data\b|\bLocal State\b|\bkeychain-db\b|\.gnupg/)"
)
"""Where keys, tokens and saved passwords live (a public key `.pub` is meant to be shared)."""
REMOTE = re.compile(
    r"(?i)\b(?:https?|ftp|sftp|wss?)://|\b(?:\d{1,3}\.){3}\d{1,3}\b|\bwebhooks?\b|\bPOST\b"
    r"|\bcurl\b|\bscp\b|\bnc\b|\bngrok\b|\btelegram bot\b"
)
"""Somewhere a file could be sent: a URL, an IP address, a webhook, an upload command."""


def sends_credential_files(words: str) -> bool:
    """The words name a credential store and somewhere to send it."""
    return bool(CREDENTIAL_FILES.search(words)) and bool(REMOTE.search(words))


def names_credential_files(text: str) -> bool:
    """The text names a credential store at all (the cheap first look)."""
    return bool(CREDENTIAL_FILES.search(text))
