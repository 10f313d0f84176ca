"""Which spec owns a generated tree: recorded in its manifest, checked before anything is written there.

Two specs with the same service name, or two environments, would otherwise render into one folder, and the
second render would quietly replace the first one's Terraform. The manifest of a tree records the spec (as a
path relative to the tree, so moving the whole repository keeps it valid), the service and the environment.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from alpaco_gen.records import record

MANIFEST_NAME = ".alpaco-gen-manifest.json"


@record
class Owner:
    """The render that writes a tree: its spec file, service and environment."""

    spec: Path
    service: str
    environment: str

    def fields(self, tree_dir: Path) -> dict[str, str]:
        """What the manifest in `tree_dir` records of this owner."""
        spec = Path(os.path.relpath(self.spec.resolve(), tree_dir.resolve())).as_posix()
        return {"spec": spec, "service": self.service, "environment": self.environment}

    def describe(self) -> str:
        return f"{self.spec.as_posix()} (environment `{self.environment}`)"


def foreign_owner(owner: Owner, recorded: Mapping[str, object], tree_dir: Path) -> str:
    """Why the tree in `tree_dir` is not `owner`'s to write, from what its manifest `recorded`; "" when it is.

    A manifest written before owners were recorded belongs to whoever renders into it next.
    """
    spec, environment = recorded.get("spec"), recorded.get("environment")
    if not isinstance(spec, str):
        return ""
    recorded_spec = (tree_dir / spec).resolve()
    if recorded_spec == owner.spec.resolve() and environment == owner.environment:
        return ""
    shown = Path(os.path.relpath(recorded_spec, Path.cwd())).as_posix()
    if recorded_spec == owner.spec.resolve():
        return (f"holds environment `{environment}` of {shown}, not `{owner.environment}`; render each environment "
                "into its own tree (`environments:` in the spec), or use --force to replace it")
    return (f"owned by {shown} (environment `{environment}`), not {owner.describe()}; two specs with the same "
            "service render into one folder: rename a service, render into another --out, or, if the spec "
            "was moved or renamed, use --force to take the tree over")


def nested_trees(out_dir: Path, tree: str) -> Iterable[str]:
    """Other generated trees above or below `tree` (a service rendered both with and without environments)."""
    parts = tree.split("/")
    for end in range(1, len(parts)):
        parent = "/".join(parts[:end])
        if (out_dir / parent / MANIFEST_NAME).is_file():
            yield parent
    root = out_dir / tree
    if root.is_dir():
        for manifest in sorted(root.glob(f"*/{MANIFEST_NAME}")):
            yield manifest.parent.relative_to(out_dir).as_posix()


def nested_conflict(other: str) -> str:
    """Why the tree `other`, around the one being written, stops the write."""
    how = "with" if "/" in other else "without"
    return (f"another generated tree of this service, rendered {how} `environments:`; delete it, or use --force "
            "to render beside it")
