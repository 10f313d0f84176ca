"""Write (or check) the generated tree of one checked environment, as the spec that owns it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from alpaco_gen.batch import EXIT_FINDINGS, EXIT_OK
from alpaco_gen.ownership import Owner
from alpaco_gen.pipeline import Checked


@dataclass
class TreeOutcome:
    """What rendering one tree did: `diff` for stdout (--check), `messages` for stderr."""

    exit_code: int
    diff: str = ""
    messages: list[str] = field(default_factory=list)


def owner_of(checked: Checked) -> Owner:
    assert checked.service is not None
    return Owner(checked.spec_path, checked.service.spec.service, checked.service.spec.environment)


def render_tree(checked: Checked, out_dir: Path, *, check_only: bool = False, force: bool = False) -> TreeOutcome:
    """Render a checked environment into `out_dir/<tree>`, or with `check_only` compare it; not with errors."""
    from alpaco_gen import writer
    from alpaco_gen.pipeline import render_files

    if checked.has_errors:
        label = checked.spec_file + (f" ({checked.environment})" if checked.environment else "")
        return TreeOutcome(EXIT_FINDINGS, messages=[f"{label}: not rendered: fix the errors above"])

    files = render_files(checked, out_dir)
    where = (out_dir / checked.tree).as_posix()
    owner = owner_of(checked)
    if check_only:
        result = writer.check(out_dir, files, owner, checked.tree)
        if result.foreign:
            return TreeOutcome(EXIT_FINDINGS, messages=[f"{where}: {c.reason}" for c in result.foreign])
        if result.stale:
            interrupted = [f"{len(result.leftovers)} temp files of an interrupted render"] if result.leftovers else []
            interrupted += [f"an unfinished render of {root}/" for root in result.interrupted]
            return TreeOutcome(EXIT_FINDINGS, result.diff, [
                f"{where}: stale ({len(result.changed)} changed, {len(result.missing)} missing, "
                f"{', '.join([f'{len(result.extra)} extra', *interrupted])}); run `alpaco-gen render`"])
        return TreeOutcome(EXIT_OK, messages=[f"{where}: up to date ({len(files)} files)"])
    outcome = writer.apply_write(writer.plan_write(out_dir, files, owner, checked.tree), force=force)
    if not outcome.applied:
        lines = [f"{(out_dir / c.path).as_posix()}: {c.reason}" for c in outcome.conflicts]
        return TreeOutcome(EXIT_FINDINGS, messages=[*lines, f"{where}: nothing written"])
    cleaned = f", {len(outcome.cleaned)} temp files of an interrupted render removed" if outcome.cleaned else ""
    return TreeOutcome(EXIT_OK, messages=[
        f"{where}: {len(outcome.created)} created, {len(outcome.updated)} updated, "
        f"{len(outcome.deleted)} deleted, {len(outcome.unchanged)} unchanged{cleaned}"])
