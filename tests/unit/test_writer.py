from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from alpaco_gen import writer
from alpaco_gen.writer import (
    HAND_EDITED,
    MANIFEST_NAME,
    NOT_OURS,
    Action,
    WriteError,
    apply_write,
    check,
    plan_write,
    write,
)

FILES = {
    "svc/terraform/lambda.tf": 'resource "aws_lambda_function" "a" {}\n',
    "svc/terraform/main.tf": "terraform {}\n",
    "svc/docker/api/Dockerfile": "FROM python:3.12-slim\n",
}


def manifest(out: Path, top: str = "svc") -> dict[str, str]:
    return json.loads((out / top / MANIFEST_NAME).read_text())["files"]


def snapshot(out: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under `out` with its bytes and mtime, to prove nothing was touched."""
    return {
        str(p.relative_to(out)): (p.read_bytes(), p.stat().st_mtime_ns) for p in out.rglob("*") if p.is_file()
    }


def test_first_write_creates_files_and_manifest(tmp_path: Path) -> None:
    result = write(tmp_path, FILES)

    assert result.applied and sorted(result.created) == sorted(FILES)
    for path, text in FILES.items():
        assert (tmp_path / path).read_bytes() == text.encode()
    assert manifest(tmp_path) == {
        path.removeprefix("svc/"): hashlib.sha256(text.encode()).hexdigest() for path, text in FILES.items()
    }
    raw = (tmp_path / "svc" / MANIFEST_NAME).read_text()
    assert raw.endswith("}\n") and raw == json.dumps(json.loads(raw), indent=2, sort_keys=True) + "\n"


def test_rerun_leaves_everything_untouched(tmp_path: Path) -> None:
    write(tmp_path, FILES)
    past = 1_000_000_000_000_000_000
    for p in tmp_path.rglob("*"):
        os.utime(p, ns=(past, past))
    before = snapshot(tmp_path)

    result = write(tmp_path, FILES)

    assert sorted(result.unchanged) == sorted(FILES)
    assert not (result.created or result.updated or result.deleted)
    assert snapshot(tmp_path) == before  # manifest included: not rewritten either


def test_changed_content_is_updated(tmp_path: Path) -> None:
    write(tmp_path, FILES)
    files = {**FILES, "svc/terraform/main.tf": "terraform {\n}\n"}

    result = write(tmp_path, files)

    assert result.updated == ("svc/terraform/main.tf",)
    assert (tmp_path / "svc/terraform/main.tf").read_text() == "terraform {\n}\n"
    assert manifest(tmp_path)["terraform/main.tf"] == hashlib.sha256(b"terraform {\n}\n").hexdigest()


def test_text_is_written_byte_for_byte(tmp_path: Path) -> None:
    write(tmp_path, {"svc/a.txt": "x\ny\n", "svc/b.txt": "é\r\n"})
    assert (tmp_path / "svc/a.txt").read_bytes() == b"x\ny\n"
    assert (tmp_path / "svc/b.txt").read_bytes() == "é\r\n".encode()


def test_removed_file_is_pruned_with_its_empty_folder(tmp_path: Path) -> None:
    write(tmp_path, FILES)
    (tmp_path / "svc/empty-before").mkdir()
    files = {k: v for k, v in FILES.items() if "docker" not in k}

    result = write(tmp_path, files)

    assert result.deleted == ("svc/docker/api/Dockerfile",)
    assert not (tmp_path / "svc/docker").exists()
    assert (tmp_path / "svc/empty-before").is_dir()  # was empty already: not ours to remove
    assert "docker/api/Dockerfile" not in manifest(tmp_path)


def test_unowned_file_at_target_is_a_conflict_and_nothing_is_written(tmp_path: Path) -> None:
    (tmp_path / "svc/terraform").mkdir(parents=True)
    (tmp_path / "svc/terraform/main.tf").write_text("# mine\n")
    before = snapshot(tmp_path)

    plan = plan_write(tmp_path, FILES)
    result = apply_write(plan)

    assert not result.applied
    assert [(c.path, c.reason) for c in result.conflicts] == [("svc/terraform/main.tf", NOT_OURS)]
    assert "not created by alpaco-gen" in str(result.conflicts[0])
    assert snapshot(tmp_path) == before
    assert not (tmp_path / "svc" / MANIFEST_NAME).exists()


def test_hand_edited_owned_file_needs_force(tmp_path: Path) -> None:
    write(tmp_path, FILES)
    (tmp_path / "svc/terraform/main.tf").write_text("terraform { # tweaked\n}\n")
    files = {**FILES, "svc/terraform/main.tf": "terraform {}\n# v2\n"}
    before = snapshot(tmp_path)

    refused = write(tmp_path, files)

    assert not refused.applied and [c.reason for c in refused.conflicts] == [HAND_EDITED]
    assert "edited by hand" in str(refused.conflicts[0])
    assert snapshot(tmp_path) == before

    forced = write(tmp_path, files, force=True)

    assert forced.applied and forced.updated == ("svc/terraform/main.tf",)
    assert (tmp_path / "svc/terraform/main.tf").read_text() == "terraform {}\n# v2\n"
    assert write(tmp_path, files).conflicts == ()


def test_hand_edited_file_that_is_no_longer_rendered_needs_force(tmp_path: Path) -> None:
    write(tmp_path, FILES)
    (tmp_path / "svc/docker/api/Dockerfile").write_text("FROM scratch\n")
    files = {k: v for k, v in FILES.items() if "docker" not in k}

    assert not write(tmp_path, files).applied
    assert (tmp_path / "svc/docker/api/Dockerfile").exists()
    assert write(tmp_path, files, force=True).deleted == ("svc/docker/api/Dockerfile",)
    assert not (tmp_path / "svc/docker").exists()


def test_force_overwrites_unowned_file_and_takes_ownership(tmp_path: Path) -> None:
    (tmp_path / "svc/terraform").mkdir(parents=True)
    (tmp_path / "svc/terraform/main.tf").write_text("# mine\n")

    result = write(tmp_path, FILES, force=True)

    assert result.applied and result.updated == ("svc/terraform/main.tf",)
    assert (tmp_path / "svc/terraform/main.tf").read_text() == FILES["svc/terraform/main.tf"]
    assert "terraform/main.tf" in manifest(tmp_path)


def test_identical_unowned_file_is_adopted_without_rewriting(tmp_path: Path) -> None:
    (tmp_path / "svc/terraform").mkdir(parents=True)
    (tmp_path / "svc/terraform/main.tf").write_text(FILES["svc/terraform/main.tf"])

    result = write(tmp_path, FILES)

    assert result.applied and "svc/terraform/main.tf" in result.unchanged
    assert "terraform/main.tf" in manifest(tmp_path)


def test_files_outside_the_manifest_are_never_touched(tmp_path: Path) -> None:
    write(tmp_path, FILES)
    (tmp_path / "svc/terraform/notes.md").write_text("keep\n")
    (tmp_path / "svc/terraform/terraform.tfstate").write_text("{}\n")
    (tmp_path / "README.md").write_text("root\n")
    files = {k: v for k, v in FILES.items() if "terraform/" not in k}

    result = write(tmp_path, files, force=True)

    assert sorted(result.deleted) == ["svc/terraform/lambda.tf", "svc/terraform/main.tf"]
    assert (tmp_path / "svc/terraform/notes.md").read_text() == "keep\n"
    assert (tmp_path / "svc/terraform/terraform.tfstate").exists()
    assert (tmp_path / "README.md").exists()


def test_two_services_in_one_out_dir_prune_independently(tmp_path: Path) -> None:
    other = {"orders/terraform/main.tf": "terraform {}\n", "orders/scripts/build.sh": "#!/bin/sh\n"}
    write(tmp_path, FILES)
    write(tmp_path, other)

    result = write(tmp_path, {"svc/terraform/main.tf": "terraform {}\n"})

    assert sorted(result.deleted) == ["svc/docker/api/Dockerfile", "svc/terraform/lambda.tf"]
    assert all((tmp_path / path).exists() for path in other)
    assert sorted(manifest(tmp_path, "orders")) == ["scripts/build.sh", "terraform/main.tf"]
    assert sorted(manifest(tmp_path, "svc")) == ["terraform/main.tf"]


def test_owned_file_deleted_by_user_is_recreated(tmp_path: Path) -> None:
    write(tmp_path, FILES)
    (tmp_path / "svc/terraform/main.tf").unlink()

    result = write(tmp_path, FILES)

    assert result.created == ("svc/terraform/main.tf",) and not result.conflicts
    assert (tmp_path / "svc/terraform/main.tf").exists()


def test_check_reports_changed_missing_extra_and_writes_nothing(tmp_path: Path) -> None:
    write(tmp_path, FILES)
    (tmp_path / "svc/terraform/lambda.tf").write_text("# hand edit\n")
    files = {
        "svc/terraform/lambda.tf": FILES["svc/terraform/lambda.tf"],
        "svc/terraform/main.tf": FILES["svc/terraform/main.tf"],
        "svc/terraform/iam.tf": "# iam\n",
    }
    before = snapshot(tmp_path)

    result = check(tmp_path, files)

    assert result.stale
    assert result.changed == ("svc/terraform/lambda.tf",)
    assert result.missing == ("svc/terraform/iam.tf",)
    assert result.extra == ("svc/docker/api/Dockerfile",)
    assert "--- a/svc/terraform/lambda.tf\n+++ b/svc/terraform/lambda.tf\n" in result.diff
    assert "-# hand edit\n+resource" in result.diff
    assert "--- /dev/null\n+++ b/svc/terraform/iam.tf\n" in result.diff
    assert "--- a/svc/docker/api/Dockerfile\n+++ /dev/null\n" in result.diff
    assert snapshot(tmp_path) == before


def test_check_on_up_to_date_tree_is_not_stale(tmp_path: Path) -> None:
    write(tmp_path, FILES)
    result = check(tmp_path, FILES)
    assert not result.stale and result.diff == ""


def test_check_on_missing_out_dir_creates_nothing(tmp_path: Path) -> None:
    result = check(tmp_path / "generated", FILES)
    assert sorted(result.missing) == sorted(FILES)
    assert not (tmp_path / "generated").exists()


def test_failure_mid_write_leaves_no_partial_files_and_honest_manifest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, FILES)
    files = {path: text + "# v2\n" for path, text in FILES.items()} | {"svc/zz/new.sh": "#!/bin/sh\n"}
    plan = plan_write(tmp_path, files)
    real_replace, calls = os.replace, []

    def flaky_replace(src: str, dst: str) -> None:
        if str(dst).endswith(writer.JOURNAL_NAME):  # the commit point, written before any file
            return real_replace(src, dst)
        calls.append(dst)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", flaky_replace)

    with pytest.raises(WriteError, match="No space left on device"):
        apply_write(plan)

    monkeypatch.undo()
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".tmp")]
    first, failed = (Path(p).relative_to(tmp_path).as_posix() for p in calls[:2])
    assert (tmp_path / first).read_text() == files[first]
    assert (tmp_path / failed).read_text() == FILES[failed]  # old content, intact
    assert not (tmp_path / "svc/zz").exists()  # created for the failed write, removed again
    owned = manifest(tmp_path)
    assert owned[first.removeprefix("svc/")] == hashlib.sha256(files[first].encode()).hexdigest()
    assert owned[failed.removeprefix("svc/")] == hashlib.sha256(FILES[failed].encode()).hexdigest()
    assert "zz/new.sh" not in owned
    # The half-done state is consistent: a plain rerun finishes the job without conflicts.
    assert write(tmp_path, files).conflicts == ()
    assert all((tmp_path / p).read_text() == t for p, t in files.items())


def test_failure_on_first_write_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_replace(src: str, dst: str) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", broken_replace)

    with pytest.raises(WriteError, match="Permission denied"):
        write(tmp_path / "generated", FILES)

    assert list(tmp_path.rglob("*")) == []


def test_out_dir_that_is_a_file_is_a_write_error(tmp_path: Path) -> None:
    (tmp_path / "generated").write_text("oops\n")
    with pytest.raises(WriteError, match="not a directory"):
        plan_write(tmp_path / "generated", FILES)


def test_unreadable_file_is_a_write_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, FILES)

    real_open = os.open

    def denied(path, flags, *args):  # type: ignore[no-untyped-def]
        if str(path).endswith(".tf"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", denied)  # as root, chmod would not stop us reading

    with pytest.raises(WriteError, match=r"cannot read .*svc.*: Permission denied"):
        plan_write(tmp_path, FILES)


def test_broken_manifest_is_a_write_error(tmp_path: Path) -> None:
    write(tmp_path, FILES)
    (tmp_path / "svc" / MANIFEST_NAME).write_text("{not json")
    with pytest.raises(WriteError, match="not a valid alpaco-gen manifest"):
        plan_write(tmp_path, FILES)


@pytest.mark.parametrize("bad", ["top.tf", "/abs/x.tf", "svc/../x.tf", "svc//x.tf", f"svc/{MANIFEST_NAME}"])
def test_bad_rendered_paths_are_rejected(tmp_path: Path, bad: str) -> None:
    with pytest.raises(WriteError):
        plan_write(tmp_path, {bad: "x\n"})


def test_update_keeps_file_mode(tmp_path: Path) -> None:
    write(tmp_path, {"svc/scripts/build.sh": "#!/bin/sh\n"})
    (tmp_path / "svc/scripts/build.sh").chmod(0o755)
    write(tmp_path, {"svc/scripts/build.sh": "#!/bin/sh\nexit 0\n"})
    assert (tmp_path / "svc/scripts/build.sh").stat().st_mode & 0o777 == 0o755


def test_plan_lists_actions(tmp_path: Path) -> None:
    write(tmp_path, FILES)
    files = {**FILES, "svc/terraform/main.tf": "x\n", "svc/new.txt": "n\n"}
    del files["svc/terraform/lambda.tf"]

    plan = plan_write(tmp_path, files)

    assert plan.paths(Action.CREATE) == ("svc/new.txt",)
    assert plan.paths(Action.UPDATE) == ("svc/terraform/main.tf",)
    assert plan.paths(Action.DELETE) == ("svc/terraform/lambda.tf",)
    assert plan.paths(Action.UNCHANGED) == ("svc/docker/api/Dockerfile",)
    assert writer.MANIFEST_NAME not in {c.path for c in plan.changes}
