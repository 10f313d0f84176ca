"""What the commands of cli.py and cli_team.py share: options, exit codes, finding and checking specs."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from alpaco_gen import __version__
from alpaco_gen.diagnostics import UnusableInput

FORMATS = click.Choice(["text", "json", "sarif", "github"])
EXIT_OK, EXIT_FINDINGS, EXIT_UNUSABLE = 0, 1, 2
spec_argument = click.argument("spec", type=click.Path(path_type=Path), required=False)
format_option = click.option("--format", "fmt", type=FORMATS, default="text", show_default=True,
                             help="How findings are printed.")
ignore_option = click.option("--ignore", multiple=True, metavar="RULE",
                             help="Rule id or name not to report (repeatable).")


specs_argument = click.argument("specs", nargs=-1, metavar="[SPEC|FOLDER]...")
env_option = click.option("--env", "environments", multiple=True, metavar="NAME",
                          help="Only this environment of specs with `environments:` (repeatable; default: all).")


def report(checked, fmt: str) -> None:
    """Print the findings of one checked spec (nothing in text format when there are none)."""
    from alpaco_gen.report import format_findings, use_color
    from alpaco_gen.rules import catalog

    if fmt == "text" and not checked.findings:
        return
    rules = catalog() if fmt == "sarif" else ()  # only SARIF describes the rules
    text = format_findings(checked.findings, fmt, rules=rules, color=use_color(sys.stdout), tool_version=__version__)
    click.echo(text, nl=not text.endswith("\n"))


def check_one(spec: Path | None, ignore: tuple[str, ...], environment: str | None = None):
    """Check one spec (found as `validate` finds them when not given) for one environment."""
    from alpaco_gen.batch import discover

    path = spec or Path(single(discover([])))
    return one_environment(path, ignore, environment)


def single(specs: list[str]) -> str:
    if len(specs) != 1:
        raise click.UsageError(f"found {len(specs)} specs here; name the one to use")
    return specs[0]


def one_environment(path: Path, ignore: tuple[str, ...], environment: str | None):
    from alpaco_gen.environments import check_environments

    checks = check_environments(path, ignore, [environment] if environment else None)
    if len(checks) > 1:
        names = ", ".join(c.environment or "" for c in checks)
        raise click.UsageError(f"{checks[0].spec_file} has environments {names}: choose one with --env")
    return checks[0]


def check_all_specs(specs: tuple[str, ...], ignore: tuple[str, ...], environments: tuple[str, ...], fmt: str,
               stdin: bool = False):
    """Find and check every spec, print the findings report, return the results."""
    from alpaco_gen.batch import check_all, discover, format_report
    from alpaco_gen.report import use_color

    results = check_all(discover(specs, stdin=stdin), ignore, environments)
    out, err = format_report(results, fmt, use_color(sys.stdout), __version__)
    if out:
        click.echo(out, nl=False)
    if err:
        click.echo(err, nl=False, err=True)
    return results


def exit_code(exc: Exception) -> int | None:
    """The exit code of an exception that is the input's fault (unusable input, an unwritable or unsafe
    output folder), or None for an internal error. The fuzz tests map exceptions with it too."""
    from alpaco_gen.fsio import OutsideOutput, WriteError  # not the writer: `validate` never loads it

    if isinstance(exc, OutsideOutput):
        return EXIT_FINDINGS
    if isinstance(exc, (UnusableInput, WriteError)):
        return EXIT_UNUSABLE
    return None
