from alpaco_gen.rules.base import Rule


class InputLimit(Rule):
    id = "AG009"
    name = "input-limit"
    summary = "The spec exceeds a bound of the loader: file size, nesting depth, alias expansion or number length."
    emitted_by = "loader"
    explanation = """\
## What it checks
Bounds that keep a spec from exhausting memory, time or the stack before it is even checked:

- the file is at most 4 MiB (a 1,000-function spec is under 1 MiB);
- collections nest at most 100 levels deep;
- aliases (`*name`) expand the document to at most 4 times its written size, or 50,000 nodes (keys and
  values) for small specs, and nest no deeper than 100 levels once expanded;
- a number literal has at most 40 characters.

The spec is read only from a regular file or from standard input (`-`); a device or FIFO is refused as
unusable input (exit 2) before anything is read.

## Why
Without them, YAML's aliases let a 4.5 KB spec stand for a million states ("billion laughs"): validation
takes minutes and gigabytes and a render writes megabytes of ASL. Deep nesting overflows the C stack of
the YAML parser (a crash, not an error), and Python refuses to convert integers of more than 4,300 digits.

## Example
```yaml
    states:
      p:
        type: parallel
        end: true
        branches:
          - &l0 {start: a, states: {a: {type: pass, end: true}}}
          - &l1 {start: p, states: {p: {type: parallel, end: true, branches: [*l0, *l0, *l0, *l0, *l0]}}}
          - &l2 {start: p, states: {p: {type: parallel, end: true, branches: [*l1, *l1, *l1, *l1, *l1]}}}
          # ... each level five or ten times the one before
```

## Fix
Write repeated parts out or reuse smaller anchors, flatten the structure, or split the service; quote a
long number that is really text.
"""
