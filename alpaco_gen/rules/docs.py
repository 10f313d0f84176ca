"""docs/rules.md, generated from the rule classes (tests/rules/test_catalog.py keeps the file current)."""

from __future__ import annotations

from alpaco_gen.rules import catalog
from alpaco_gen.rules.base import CATEGORIES, Rule


def explain_text(rule: type[Rule]) -> str:
    """What `alpaco-gen explain` prints and the language server shows on hover (Markdown)."""
    return (f"{rule.id} {rule.name} ({rule.severity.value}, {rule.category()})\n\n{rule.summary}\n\n"
            f"{rule.explanation}")


def rules_markdown() -> str:
    rules = catalog()
    lines = ["# Rule catalog", "",
             "Generated from the rule classes by `alpaco-gen rules --format markdown`; do not edit.", "",
             f"{len(rules)} rules. Severity is the default; suppress with `--ignore`, `lint.ignore` or a "
             "resource's `ignore:`.", ""]
    for title in dict.fromkeys(CATEGORIES.values()):
        members = [r for r in rules if r.category() == title]
        if not members:
            continue
        lines += [f"## {title}", "", "| id | name | severity | summary |", "|---|---|---|---|"]
        lines += [f"| [{r.id}](#{r.id.lower()}-{r.name}) | `{r.name}` | {r.severity.value} | {r.summary} |"
                  for r in members]
        lines.append("")
    for rule in rules:
        body = rule.explanation.replace("\n## ", "\n#### ").replace("## ", "#### ", 1)
        lines += [f"### {rule.id} {rule.name}", "", f"*{rule.severity.value}* · {rule.summary}", "",
                  body.rstrip(), ""]
    return "\n".join(lines)
