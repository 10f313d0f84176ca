"""`alpaco-gen lsp` end to end: a real LSP client starts the server over stdio and reads what it publishes."""

from __future__ import annotations

import asyncio
import shutil

from lsprotocol import types as lsp

from tests.helpers import REFERENCE, REPO
from tests.lsp.client import apply, session

CLEAN = REPO / "specs" / "link_shortener.yaml"
ENV_LINE = "    environment: {LOG_LEVEL: INFO}\n"
SUBNETS_LINE = "    subnets: [private_a, private_c]\n    security_groups: [lambda]\n"


def broken_reference() -> str:
    """The reference spec with seed failures 1 and 2: a reserved variable, a misspelt subnet."""
    text = REFERENCE.read_text()
    assert ENV_LINE in text and SUBNETS_LINE in text
    text = text.replace(ENV_LINE, "    environment:\n      LOG_LEVEL: INFO\n      AWS_REGION: ap-northeast-2\n")
    return text.replace(SUBNETS_LINE, SUBNETS_LINE.replace("private_c]", "privat_c]"), 1)


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.split("\n")) if needle in line)


def by_code(diagnostics: list[lsp.Diagnostic]) -> dict[str, lsp.Diagnostic]:
    return {str(d.code): d for d in diagnostics}


def test_diagnostics_have_rule_id_severity_help_and_the_range_of_the_token():
    text = broken_reference()

    async def scenario() -> list[lsp.Diagnostic]:
        async with session() as s:
            return await s.diagnostics(s.open(REFERENCE, text))

    found = by_code(asyncio.run(scenario()))
    assert set(found) == {"AG101", "AG201", "AG805"}
    reserved = found["AG201"]
    assert reserved.severity == lsp.DiagnosticSeverity.Error and reserved.source == "alpaco-gen"
    assert reserved.message.startswith("function `problem-grader` sets `AWS_REGION`, which Lambda reserves\n"
                                       "help: Remove it")
    row = line_of(text, "AWS_REGION: ap-northeast-2")
    assert reserved.range == lsp.Range(lsp.Position(row, 6), lsp.Position(row, 16))  # the key `AWS_REGION`
    undeclared = found["AG101"]
    row = line_of(text, "privat_c]")
    start = text.split("\n")[row].index("privat_c")
    assert undeclared.range == lsp.Range(lsp.Position(row, start), lsp.Position(row, start + len("privat_c")))
    assert "did you mean `private_c`?" in undeclared.message
    assert found["AG805"].severity == lsp.DiagnosticSeverity.Warning


def test_a_clean_spec_gets_an_empty_list_and_a_change_republishes():
    text = CLEAN.read_text()
    row = line_of(text, "environment: {CODE_LENGTH")
    at = lsp.Position(row, text.split("\n")[row].index("CODE_LENGTH"))
    insertion = "AWS_LAMBDA_RUNTIME_API: x, "

    async def scenario() -> list[list[lsp.Diagnostic]]:
        async with session() as s:
            uri = s.open(CLEAN, text)
            seen = [await s.diagnostics(uri)]
            s.change(uri, insertion, lsp.Range(at, at))
            seen.append(await s.diagnostics(uri))
            s.change(uri, "", lsp.Range(at, lsp.Position(row, at.character + len(insertion))))
            seen.append(await s.diagnostics(uri))
            return seen

    clean, broken, repaired = asyncio.run(scenario())
    assert list(clean) == []
    assert [(d.code, d.range.start) for d in broken] == [("AG201", at)]
    assert list(repaired) == []


def test_saving_checks_again_and_closing_clears_the_diagnostics(tmp_path):
    spec = tmp_path / "specs" / "service.yaml"  # `source` folders are relative to tmp_path, still empty
    spec.parent.mkdir()
    spec.write_text(CLEAN.read_text())
    (tmp_path / "backend" / "lambdas").mkdir(parents=True)

    async def scenario() -> list[list[lsp.Diagnostic]]:
        async with session() as s:
            uri = s.open(spec, spec.read_text())
            missing = await s.diagnostics(uri)
            for folder in ("create-link", "resolve-link", "export-links"):
                shutil.copytree(REPO / "backend" / "lambdas" / folder, tmp_path / "backend" / "lambdas" / folder)
            return [missing, await s.save(uri), await s.close(uri)]

    missing, saved, closed = asyncio.run(scenario())
    assert [d.code for d in missing] == ["AG216"] * 3, "the source folders are not there yet"
    assert list(saved) == [], "on save, the folders on disk are looked at again"
    assert list(closed) == []


def test_hover_explains_the_rule_under_the_cursor_and_the_finding_at_the_cursor():
    text = broken_reference().replace("version: 1\n", "version: 1\nlint: {ignore: [unused-resource]}\n", 1)

    async def scenario() -> tuple[lsp.Hover | None, ...]:
        async with session() as s:
            uri = s.open(REFERENCE, text)
            found = by_code(await s.diagnostics(uri))
            assert "AG805" not in found, "the lint.ignore entry silences it"
            rule_name = line_of(text, "unused-resource")
            name_hover = await s.hover(uri, rule_name, text.split("\n")[rule_name].index("unused") + 3)
            at_finding = found["AG201"].range.start
            finding_hover = await s.hover(uri, at_finding.line, at_finding.character + 2)
            plain = await s.hover(uri, line_of(text, "handler: app.handler"), 6)
            return name_hover, finding_hover, plain

    name_hover, finding_hover, plain = asyncio.run(scenario())
    assert isinstance(name_hover, lsp.Hover) and isinstance(name_hover.contents, lsp.MarkupContent)
    assert name_hover.contents.value.startswith("AG805 unused-resource (warning, ")
    assert "## Why" in name_hover.contents.value
    assert isinstance(finding_hover, lsp.Hover) and isinstance(finding_hover.contents, lsp.MarkupContent)
    assert finding_hover.contents.value.startswith("AG201 reserved-environment-variable (error, Lambda)")
    assert plain is None


def test_code_actions_remove_the_reserved_variable_and_take_the_suggested_name():
    text = broken_reference()

    async def scenario() -> tuple[list[lsp.CodeAction], list[lsp.Diagnostic]]:
        async with session() as s:
            uri = s.open(REFERENCE, text)
            found = by_code(await s.diagnostics(uri))
            assert await s.code_actions(uri, [found["AG805"]]) == [], "no mechanical fix for AG805"
            actions = await s.code_actions(uri, [found["AG201"], found["AG101"]])
            edits = [e for a in actions if a.edit and a.edit.changes for e in a.edit.changes[uri]]
            s.change(uri, apply(text, edits))
            return actions, await s.diagnostics(uri)

    actions, after = asyncio.run(scenario())
    assert [(a.title, a.kind, [d.code for d in a.diagnostics or []]) for a in actions] == [
        ("Remove `AWS_REGION` from the environment", lsp.CodeActionKind.QuickFix, ["AG201"]),
        ("Replace with `private_c`", lsp.CodeActionKind.QuickFix, ["AG101"]),
    ]
    assert [d.code for d in after] == ["AG805"], "both fixes applied, only the warning is left"


def test_fixed_text_is_what_a_person_would_write():
    text = broken_reference()

    async def scenario() -> str:
        async with session() as s:
            uri = s.open(REFERENCE, text)
            actions = await s.code_actions(uri, await s.diagnostics(uri))
            return apply(text, [e for a in actions if a.edit and a.edit.changes for e in a.edit.changes[uri]])

    fixed = asyncio.run(scenario())
    assert fixed == REFERENCE.read_text().replace(
        ENV_LINE, "    environment:\n      LOG_LEVEL: INFO\n")


def test_unusable_and_broken_text_are_diagnostics_not_crashes():
    async def scenario() -> list[list[lsp.Diagnostic]]:
        async with session() as s:
            uri = s.open(REFERENCE, "")
            empty = await s.diagnostics(uri)
            s.change(uri, "version: [1\n")
            broken = await s.diagnostics(uri)
            s.change(uri, REFERENCE.read_text())
            return [empty, broken, await s.diagnostics(uri)]

    empty, broken, recovered = asyncio.run(scenario())
    assert len(empty) == 1 and empty[0].severity == lsp.DiagnosticSeverity.Error and "empty" in empty[0].message
    assert [d.code for d in broken] == ["AG001"]
    assert [d.code for d in recovered] == ["AG805"], "the server kept working"


def test_columns_are_utf16_code_units_past_characters_outside_the_bmp():
    text = REFERENCE.read_text().replace(ENV_LINE, '    environment: {NOTE: "🦙🦙", AWS_REGION: x}\n')

    async def scenario() -> list[lsp.Diagnostic]:
        async with session() as s:
            return await s.diagnostics(s.open(REFERENCE, text))

    reserved = by_code(asyncio.run(scenario()))["AG201"]
    line = text.split("\n")[reserved.range.start.line]
    code_points = line.index("AWS_REGION")
    assert reserved.range.start.character == code_points + 2  # each llama is two UTF-16 units
    assert reserved.range.end.character == code_points + 2 + len("AWS_REGION")
