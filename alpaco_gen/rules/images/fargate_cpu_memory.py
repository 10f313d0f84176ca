from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule

# Fargate's task sizes: cpu units -> the memory values (MiB) it may be combined with.
SIZES: dict[int, tuple[int, ...]] = {
    256: (512, 1024, 2048),
    512: tuple(range(1024, 4096 + 1, 1024)),
    1024: tuple(range(2048, 8192 + 1, 1024)),
    2048: tuple(range(4096, 16384 + 1, 1024)),
    4096: tuple(range(8192, 30720 + 1, 1024)),
    8192: tuple(range(16384, 61440 + 1, 4096)),
    16384: tuple(range(32768, 122880 + 1, 8192)),
}


class FargateCpuMemory(Rule):
    id = "AG306"
    name = "fargate-cpu-memory"
    kinds = ("function", "task", "repository")
    summary = "A task `cpu`/`memory` pair that Fargate does not offer."
    explanation = """\
## What it checks
`cpu` and `memory` of every task against Fargate's task sizes:

| cpu | memory (MiB) |
|---|---|
| 256 | 512, 1024, 2048 |
| 512 | 1024-4096 in steps of 1024 |
| 1024 | 2048-8192 in steps of 1024 |
| 2048 | 4096-16384 in steps of 1024 |
| 4096 | 8192-30720 in steps of 1024 |
| 8192 | 16384-61440 in steps of 4096 |
| 16384 | 32768-122880 in steps of 8192 |

## Why
ECS refuses to register a Fargate task definition of any other size: "ClientException: No Fargate
configuration exists for given values".

## Example
```yaml
tasks:
  runner: {source: backend/tasks/runner, image: {repository: runner}, subnets: [private_a],
           cpu: 256, memory: 4096}
```

## Fix
Pick a pair from the table: raise `cpu` for more memory, or pick one of the memory values the help lists
for the `cpu` you have.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for name, task in service.spec.tasks.items():
            path = ("tasks", name)
            if task.cpu not in SIZES:
                yield self.finding((*path, "cpu"), f"`cpu: {task.cpu}` of task `{name}` is not a Fargate "
                                   "size", f"Use one of {_values(tuple(SIZES))}")
            elif task.memory not in SIZES[task.cpu]:
                fits = [cpu for cpu, memories in SIZES.items() if task.memory in memories]
                other = f"; or `cpu: {fits[0]}` for {task.memory} MiB" if fits else ""
                yield self.finding((*path, "memory"),
                                   f"Fargate offers no task with cpu {task.cpu} and memory {task.memory}",
                                   f"With `cpu: {task.cpu}` use memory {_values(SIZES[task.cpu])}{other}")


def _values(memories: tuple[int, ...]) -> str:
    return ", ".join(map(str, memories))
