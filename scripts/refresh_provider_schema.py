#!/usr/bin/env python3
"""Regenerate tests/verify/data/provider-schemas.json, the one vendored provider schema file, from full schemas.

The file serves both the schema-conformance test (tests/verify/provider_schema.py) and the stand-in providers
of `terraform plan` (tests/verify/stubprovider/). It holds, per provider, the resource and data source types
the generator may use (the lists below, plus every type a generated/**/*.tf or a test fixture declares) and a
`catalog` of every type name the full provider has (to tell "not vendored" from "no such type" offline).
The archive, null and random providers are small and vendored whole.

Usage:
  python scripts/refresh_provider_schema.py --from DIR   rewrite it from DIR/{aws-provider-6.25.0,...}.json
  python scripts/refresh_provider_schema.py --check      offline: exit 1 unless it vendors exactly the types
                                                         the lists, generated/ and the fixtures ask for
  python scripts/refresh_provider_schema.py --check --from DIR   also compare every schema with DIR's

DIR holds full schemas in the compact form described in tests/verify/data/README.md (one JSON per provider,
named <name>-provider-<version>.json). Nothing here is needed at test time but the vendored file itself.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "tests" / "verify" / "data" / "provider-schemas.json"
DECLARING = ("generated/**/*.tf", "tests/verify/fixtures/**/*.tf")

sys.path.insert(0, str(Path(__file__).resolve().parent))
from provider_schema_types import AWS_DATA_SOURCES, AWS_RESOURCES, PROVIDER_FILES  # noqa: E402

NOTE = (
    "Provider schemas vendored for tests/verify (schema conformance and the stand-in providers of "
    "terraform plan); regenerate with scripts/refresh_provider_schema.py --from DIR"
)
SECTIONS = (("resource", "resources"), ("data", "data_sources"))
_DECL = re.compile(r'^\s*(resource|data)\s+"([A-Za-z0-9_]+)"', re.M)


def declared_types(repo: Path = REPO) -> dict[str, set[str]]:
    """Resource and data source types declared by generated/ and the test fixtures."""
    found: dict[str, set[str]] = {"resources": set(), "data_sources": set()}
    for pattern in DECLARING:
        for tf in sorted(repo.glob(pattern)):
            for kind, name in _DECL.findall(tf.read_text(encoding="utf-8")):
                found["resources" if kind == "resource" else "data_sources"].add(name)
    return found


def wanted(local: str, catalog: dict[str, list[str]], declared: dict[str, set[str]]) -> dict[str, set[str]]:
    """The types to vendor for provider `local`: every one for the small providers, the lists + declared for aws."""
    if local != "aws":
        return {section: set(catalog[section]) for _, section in SECTIONS}
    listed = {"resources": set(AWS_RESOURCES), "data_sources": set(AWS_DATA_SOURCES)}
    return {s: listed[s] | {t for t in declared[s] if t.startswith("aws_")} for _, s in SECTIONS}


def build(schema_dir: Path) -> tuple[dict, list[str]]:
    """The vendored document from the full schemas in schema_dir, and problems (types no schema has)."""
    problems: list[str] = []
    declared = declared_types()
    providers: dict[str, dict] = {}
    for local, filename in PROVIDER_FILES.items():
        full = json.loads((schema_dir / filename).read_text(encoding="utf-8"))
        catalog = {section: sorted(full[section]) for _, section in SECTIONS}
        entry = {
            "source": full["provider"],
            "version": full["version"],
            "derived_from": full.get("source", ""),
            "provider_config": full.get("provider_config", {}),
            "catalog": catalog,
        }
        want = wanted(local, catalog, declared)
        for kind, section in SECTIONS:
            absent = sorted(want[section] - set(full[section]))
            problems += [f"{local}: no {kind} type {t} in {filename}" for t in absent]
            entry[section] = {t: full[section][t] for t in sorted(want[section] & set(full[section]))}
        providers[local] = entry
    return {"note": NOTE, "providers": providers}, problems


def check_offline(document: dict) -> list[str]:
    """Problems of the vendored document found without the full schemas: types wanted but not vendored (or in
    no catalog: misspelt), types vendored but no longer wanted."""
    problems: list[str] = []
    declared = declared_types()
    for local in PROVIDER_FILES:
        entry = document["providers"].get(local)
        if entry is None:
            problems.append(f"{local}: not vendored")
            continue
        want = wanted(local, entry["catalog"], declared)
        for kind, section in SECTIONS:
            have, known = set(entry[section]), set(entry["catalog"][section])
            for t in sorted(want[section] - have):
                reason = "not vendored: rerun with --from" if t in known else f"no such {kind} type in {local}"
                problems.append(f"{local}: {kind} type {t}: {reason}")
            problems += [f"{local}: {kind} type {t} vendored but not wanted" for t in sorted(have - want[section])]
    return problems


def render(document: dict) -> str:
    return json.dumps(document, indent=1, sort_keys=True) + "\n"


def _counts(document: dict) -> str:
    return ", ".join(
        f"{p}: {len(e['resources'])} resources / {len(e['data_sources'])} data sources"
        for p, e in document["providers"].items()
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="schema_dir", type=Path, help="folder of the full provider schemas")
    parser.add_argument("--check", action="store_true", help="exit 1 if the vendored file is out of date")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    if not args.check and args.schema_dir is None:
        parser.error("give --from DIR (full schemas) to regenerate, or --check")
    if args.schema_dir is None:
        current = json.loads(args.out.read_text(encoding="utf-8"))
        problems = check_offline(current)
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"{args.out.name}: {'out of date' if problems else 'current'} ({_counts(current)})")
        return 1 if problems else 0
    document, problems = build(args.schema_dir)
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    if problems:
        return 1
    text = render(document)
    if args.check:
        stale = not args.out.exists() or args.out.read_text(encoding="utf-8") != text
        print(f"{args.out.name}: {'out of date' if stale else 'current'} ({_counts(document)})")
        return 1 if stale else 0
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out} ({_counts(document)}, {len(text) // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
