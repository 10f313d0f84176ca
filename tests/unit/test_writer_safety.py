"""The writer against a hostile or damaged output folder (issue 12, items 2, 5 and 7): symlinks out of the
folder, tampered manifests and journals, special files, temp files and renders killed half-way."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from alpaco_gen import journal, writer
from alpaco_gen.fsio import TEMP
from alpaco_gen.manifest import files_of as owned_files
from alpaco_gen.manifest import load_manifest
from alpaco_gen.writer import JOURNAL_NAME, MANIFEST_NAME, OutsideOutput, WriteError, check, plan_write, write

V1 = {
    "svc/terraform/lambda.tf": 'resource "aws_lambda_function" "a" {}\n',
    "svc/terraform/main.tf": "terraform {}\n",
    "svc/docker/api.Dockerfile": "FROM python:3.12-slim\n",
    "svc/scripts/deploy.sh": "#!/bin/sh\necho v1\n",
}
V2 = {
    "svc/terraform/lambda.tf": 'resource "aws_lambda_function" "b" {}\n',
    "svc/terraform/main.tf": "terraform {}\n",
    "svc/terraform/iam.tf": "# iam\n",
    "svc/scripts/deploy.sh": "#!/bin/sh\necho v2\n",
}


def tree(out: Path) -> dict[str, str]:
    """The generated files under `out`: no bookkeeping, no temp files."""
    return {p.relative_to(out).as_posix(): p.read_text() for p in sorted(out.rglob("*"))
            if p.is_file() and not p.is_symlink() and p.name not in (MANIFEST_NAME, JOURNAL_NAME)
            and not TEMP.match(p.name)}


def files_of(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))


# --- symlinks ------------------------------------------------------------------------------------------


def test_a_service_folder_that_links_elsewhere_is_refused_before_writing(tmp_path: Path) -> None:
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (out / "svc").symlink_to(elsewhere)
    with pytest.raises(OutsideOutput, match="through a symlink"):
        write(out, V1)
    assert files_of(elsewhere) == []


def test_a_linked_folder_with_its_own_files_is_not_overwritten_even_with_force(tmp_path: Path) -> None:
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    write(out, V1)
    (elsewhere / "tf").mkdir(parents=True)
    (elsewhere / "tf" / "lambda.tf").write_text("mine\n")
    for name in ("lambda.tf", "main.tf"):
        (out / "svc/terraform" / name).unlink()
    (out / "svc/terraform").rmdir()
    (out / "svc/terraform").symlink_to(elsewhere / "tf")
    with pytest.raises(OutsideOutput):
        write(out, V1, force=True)
    assert (elsewhere / "tf" / "lambda.tf").read_text() == "mine\n"
    with pytest.raises(OutsideOutput):
        check(out, V1)  # --check neither: it would print a diff of the file outside


def test_a_manifest_entry_under_a_linked_folder_deletes_nothing_outside(tmp_path: Path) -> None:
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    write(out, V1)
    elsewhere.mkdir()
    (elsewhere / "precious.txt").write_text("keep\n")
    (out / "svc/linked").symlink_to(elsewhere)
    manifest = json.loads((out / "svc" / MANIFEST_NAME).read_text())
    manifest["files"]["linked/precious.txt"] = writer.sha256(b"keep\n")
    (out / "svc" / MANIFEST_NAME).write_text(json.dumps(manifest))
    with pytest.raises(OutsideOutput, match="linked/precious.txt"):
        write(out, V1)
    assert (elsewhere / "precious.txt").read_text() == "keep\n"


def test_a_manifest_that_is_a_symlink_out_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write(out, V1)
    (tmp_path / "other.json").write_text((out / "svc" / MANIFEST_NAME).read_text())
    (out / "svc" / MANIFEST_NAME).unlink()
    (out / "svc" / MANIFEST_NAME).symlink_to(tmp_path / "other.json")
    with pytest.raises(OutsideOutput, match=MANIFEST_NAME):
        write(out, V2)


def test_symlinks_inside_the_output_folder_and_a_linked_output_folder_are_fine(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "generated").symlink_to(real)  # --out itself may be a link: it is the user's choice
    assert write(tmp_path / "generated", V1).applied
    assert tree(real) == V1


# --- damaged manifests and special files ---------------------------------------------------------------


@pytest.mark.parametrize("content, reason", [
    (json.dumps({"files": {"a\u0000b": "0" * 64}}), "must be a relative POSIX path"),
    (json.dumps({"files": {"../../x": "0" * 64}}), "must be a relative POSIX path"),
    (json.dumps({"files": {"x.tf": "not-a-digest"}}), "no sha256"),
    (json.dumps({"files": ["x.tf"]}), "not a mapping"),
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ("\xff\xfe", "not a valid alpaco-gen manifest"),
])
def test_a_tampered_manifest_is_a_clear_error(tmp_path: Path, content: str, reason: str) -> None:
    out = tmp_path / "out"
    write(out, V1)
    (out / "svc" / MANIFEST_NAME).write_text(content)
    with pytest.raises(WriteError, match=reason):
        plan_write(out, V1)


def test_a_fifo_where_a_file_belongs_does_not_block(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "svc/terraform").mkdir(parents=True)
    os.mkfifo(out / "svc/terraform/main.tf")
    with pytest.raises(WriteError, match="a special file"):
        plan_write(out, V1)


# --- temp files and killed renders ---------------------------------------------------------------------


def test_temp_files_of_killed_runs_are_reported_and_cleaned(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write(out, V1)
    leftovers = ["svc/terraform/.main.tf.alpaco-gen-0a1b2c3d.tmp", "svc/terraform/.lambda.tf.1a2b3c4d.tmp",
                 f"svc/.{MANIFEST_NAME}.5e6f7a8b.tmp"]
    for name in leftovers:
        (out / name).write_text("half\n")
    (out / "svc/terraform/.notes.md.deadbeef.tmp").write_text("someone else's\n")  # not a file of ours

    report = check(out, V1)
    assert report.stale and sorted(report.leftovers) == sorted(leftovers) and not report.changed

    result = write(out, V1)
    assert sorted(result.cleaned) == sorted(leftovers)
    assert not any((out / name).exists() for name in leftovers)
    assert (out / "svc/terraform/.notes.md.deadbeef.tmp").exists()
    assert not check(out, V1).stale


def kill_mid_write(out: Path, files: dict[str, str], after_replaces: int) -> None:
    """Apply `files` in a child process that dies (like SIGKILL: no cleanup) at the n-th rename."""
    pid = os.fork()
    if pid == 0:
        calls = []
        real_replace = os.replace

        def dying_replace(src, dst):  # type: ignore[no-untyped-def]
            calls.append(dst)
            if len(calls) > after_replaces:
                os._exit(9)
            real_replace(src, dst)

        os.replace = dying_replace  # type: ignore[assignment]
        try:
            write(out, files)
        finally:
            os._exit(0)
    os.waitpid(pid, 0)


# V1 -> V2 renames the journal, three files and the manifest: killed before any of them.
@pytest.mark.parametrize("after_replaces", range(0, 5))
def test_a_render_killed_at_any_rename_is_old_or_completed_next_time(tmp_path: Path, after_replaces: int) -> None:
    out = tmp_path / "out"
    write(out, V1)
    kill_mid_write(out, V2, after_replaces)  # rename 1 is the journal: after it, the render is committed

    committed = (out / "svc" / JOURNAL_NAME).exists()
    assert committed == (after_replaces >= 1)
    if not committed:
        assert tree(out) == V1
    report = check(out, V2)
    assert report.stale and bool(report.interrupted) == committed

    # The next run, even of another version, completes or discards it without a false "edited by hand".
    result = write(out, V1)
    assert result.applied and not result.conflicts
    assert tree(out) == V1
    assert not [p for p in files_of(out) if p.endswith(".tmp") or JOURNAL_NAME in p]


def test_replaying_a_journal_gives_the_new_tree(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write(out, V1)
    kill_mid_write(out, V2, 3)
    journal.replay(out, "svc", writer.real_folder(out))
    assert tree(out) == V2
    assert owned_files(load_manifest(out, "svc"), "svc") == {p: writer.sha256(t.encode()) for p, t in V2.items()}


@pytest.mark.parametrize("entry", [
    {"temp": "svc/.x.alpaco-gen-00000000.tmp", "path": "svc/../../etc/passwd"},
    {"temp": "svc/../evil", "path": "svc/x"},
    {"temp": "svc/.y.alpaco-gen-00000000.tmp", "path": "svc/x"},
])
def test_a_tampered_journal_moves_nothing(tmp_path: Path, entry: dict[str, str]) -> None:
    out = tmp_path / "out"
    write(out, V1)
    document = {"replace": [{**entry, "sha256": "0" * 64}], "delete": [], "files": {}}
    (out / "svc" / JOURNAL_NAME).write_text(json.dumps(document))
    before = tree(out)
    with pytest.raises(WriteError, match="not a valid alpaco-gen journal"):
        write(out, V1)
    assert tree(out) == before
