"""Escapers for user text in comments and Markdown (HCL, shell and ASL strings have their own in hcl.py,
shlex and json).

A `#` comment of HCL, a Dockerfile or bash ends at the end of its line, and nothing else inside it is
special; an HTML comment ends at `-->`; a Markdown code span ends at a backtick run of its own length. The
pipeline refuses file names with control characters before rendering (`project.require_printable`); these
escapers hold even so.
"""

from __future__ import annotations

import re


def comment_text(text: str) -> str:
    """`text` safe inside a one-line `#` comment: characters that could end the line, escaped."""
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


def html_comment(text: str) -> str:
    """`<!-- text -->`, where `text` cannot close the comment early (HTML forbids `--` and `<!` inside)."""
    body = comment_text(text).replace("<!", "&lt;!").replace("--", "-&#45;")
    return f"<!-- {body} -->"


def md_code(text: str) -> str:
    """A Markdown code span showing `text` literally, whatever backticks it holds."""
    body = comment_text(text)
    longest = max((len(run) for run in re.findall(r"`+", body)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if body.startswith("`") or body.endswith("`") or not body.strip() else ""
    return f"{fence}{pad}{body}{pad}{fence}"
