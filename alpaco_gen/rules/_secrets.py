"""Does a text of the spec hold a secret? detect-secrets' plugins decide: known token formats (AWS, GitHub,
Stripe, Slack, JWT, private keys, credentials in URLs, ...), secret-sounding names, and high-entropy strings.

detect-secrets is imported only when some text could match at all (`could_hold_a_secret`): importing it
costs more than validating a small spec, and most specs hold nothing it would report.
"""

from __future__ import annotations

import functools
import re
from typing import Any

# Names that hold secrets and that detect-secrets' keyword list lacks (it knows password, pwd, secret,
# api_key, private_key, db_pass, ...).
SECRET_NAME = re.compile(r"TOKEN|CREDENTIALS?|PASSPHRASE|(SIGNING|ENCRYPTION|HMAC|MASTER|ACCESS|SESSION|APP)_?KEY$",
                         re.IGNORECASE)
# Names that point at a secret rather than hold one, and values that are plainly not secrets.
REFERENCE_NAME = re.compile(r"_(ARN|NAME|ID|PARAM|PARAMETER|PATH|URL|URI|ENDPOINT|TTL|HEADER)$", re.IGNORECASE)
NOT_SECRET_VALUE = re.compile(r"^(arn:.*|/.*|\{\{resolve:.*|-?[0-9]{1,5}(\.[0-9]+)?|true|false|none|null)$",
                              re.IGNORECASE)
# Which text could hold something a detect-secrets plugin reports (tests/unit/rules/test_secrets.py holds each
# gate below to be a superset of what the plugins find): a credential format needs a credential-shaped token
# (see `_has_token`), a private key header or a password in a URL; the keyword plugin needs one of these words.
_FORMAT_MARKERS = re.compile(r"PRIVATE KEY|://[^{}\s]+:[^{}\s]*@", re.IGNORECASE)
_KEYWORDS = re.compile(r"pass|pwd|secret|key|token|auth|credential|contrase|xox|PuTTY", re.IGNORECASE)
# In prose a keyword alone ("signed with an HMAC key", "JWT auth") is no finding: every keyword pattern of
# detect-secrets needs an assignment or a quote after it.
_ASSIGNMENT = re.compile(r"""[:=@"'`]""")
# A word, or words joined by hyphens, underscores or apostrophes (`signed-in`, `utm_source`, `user's`): no
# credential format shorter than 20 characters is made of these.
_PLAIN_WORD = re.compile(r"[A-Za-z][a-z]*(?:[-_'][A-Za-z][a-z]*)*")
_PUNCTUATION = "\"'`.,;:!?()[]{}<>"
_URL_SEPARATORS = re.compile(r"[/?&=#:@.]+")
# Every word of detect-secrets' keyword denylist holds one of these (tests/unit/rules/test_secrets.py checks it
# against the installed list), so a name without one (`KEY_PREFIX`, `AUTH_MODE`) needs no detect-secrets.
_KEYWORD_HINT = re.compile(r"(api|auth|service|account|db|database|priv|private|client)_?key|pass|pwd|secret|contrase",
                           re.IGNORECASE)
# AWS takes at most 4 KB of environment per function, 256 characters per tag value and 1 KB of description:
# longer text is scanned up to here, which keeps a megabyte of description from taking seconds.
MAX_SCAN = 4096
# Their own logic below, or no secret: public IP addresses are not credentials.
_NOT_FORMATS = ("Secret Keyword", "Base64 High Entropy String", "Hex High Entropy String", "Public IP (ipv4)")


def could_hold_a_secret(text: str) -> bool:
    """False only when no detect-secrets plugin could report anything in `text` (cheap, no import)."""
    return bool(_KEYWORDS.search(text)) or could_hold_a_format(text)


def could_hold_a_secret_in_prose(text: str) -> bool:
    """`could_hold_a_secret`, narrower for prose: keywords count only with an assignment or a quote."""
    return bool(_KEYWORDS.search(text) and _ASSIGNMENT.search(text)) or could_hold_a_format(text)


def could_hold_a_format(text: str) -> bool:
    """False only when no credential format (detect-secrets' token plugins, and its entropy plugins on the
    quoted text) could match `text`. Keywords alone ("key", "auth") matter only to the keyword plugin, which
    values skip."""
    return bool(_FORMAT_MARKERS.search(text)) or _has_token(text)


def _has_token(text: str) -> bool:
    """A token long or odd enough to be a credential of some format. In a URL, each part between its
    separators counts on its own: `https://acme.example/${code}` is no token, `.../T0123ABCD/...` is."""
    for token in text.split():
        token = token.strip(_PUNCTUATION)
        for part in _URL_SEPARATORS.split(token) if "://" in token else (token,):
            if len(part) >= 20 or (len(part) >= 8 and not _PLAIN_WORD.fullmatch(part)):
                return True
    return False


def secret_in_value(name: str, value: str) -> str:
    """What the value of `name` (an environment variable, a tag) looks like when it is a secret, else ''."""
    value = value[:MAX_SCAN]
    formats = could_hold_a_format(value)
    if not (_KEYWORDS.search(name) or SECRET_NAME.search(name) or formats):
        return ""
    found = _known_format(value) if formats else ""
    if found:
        return found
    text = value.strip()
    if not text or REFERENCE_NAME.search(name) or NOT_SECRET_VALUE.match(text):
        return ""
    if SECRET_NAME.search(name) or _keyword_name(name):
        return "a secret in plain text"
    return "a high-entropy string (a key or token)" if formats and _high_entropy(f'"{value}"') else ""


def secret_in_prose(text: str) -> str:
    """What a description holds that looks like a secret (a token, `password: ...`), else ''."""
    text = text[:MAX_SCAN]
    if not could_hold_a_secret_in_prose(text):
        return ""
    found = _known_format(text)
    if found:
        return found
    if any(_plugins().keyword.analyze_string(text, denylist_regex_to_group=_plugins().config_regexes)):
        return "a secret in plain text"
    return "a high-entropy string (a key or token)" if _high_entropy(text) else ""


def _known_format(text: str) -> str:
    for secret_type, plugin in _plugins().formats:
        if any(True for _ in plugin.analyze_string(text)):
            return f"a credential ({secret_type})"
    return ""


def _keyword_name(name: str) -> bool:
    return bool(_KEYWORD_HINT.search(name)) and bool(_plugins().denylist.search(name))


def _high_entropy(text: str) -> bool:
    return any(plugin.calculate_shannon_entropy(match) > plugin.entropy_limit
               for plugin in _plugins().entropy for match in plugin.analyze_string(text))


class _Plugins:
    """detect-secrets' plugin instances, made once per process."""

    def __init__(self) -> None:
        from detect_secrets.core.plugins.util import get_mapping_from_secret_type_to_class
        from detect_secrets.plugins import keyword
        from detect_secrets.plugins.high_entropy_strings import Base64HighEntropyString, HexHighEntropyString

        mapping: dict[str, Any] = get_mapping_from_secret_type_to_class()
        self.formats = [(secret_type, cls()) for secret_type, cls in sorted(mapping.items())
                        if secret_type not in _NOT_FORMATS]
        self.entropy = [Base64HighEntropyString(), HexHighEntropyString()]  # detect-secrets' default limits
        self.keyword = keyword.KeywordDetector()
        self.config_regexes = keyword.CONFIG_DENYLIST_REGEX_TO_GROUP  # `password: x`, `secret = x`
        self.denylist = re.compile(keyword.DENYLIST_REGEX, re.IGNORECASE)


@functools.cache
def _plugins() -> _Plugins:
    return _Plugins()
