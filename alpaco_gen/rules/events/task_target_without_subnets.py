from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule


class TaskTargetWithoutSubnets(Rule):
    id = "AG146"
    name = "task-target-without-subnets"
    kinds = ("task",)
    summary = "A schedule, event rule or `uses: {task: x, access: run}` starts a task that has no `subnets`."
    explanation = """\
## What it checks
That a task started by a schedule, an event rule or a function's or task's `uses:` (access `run`) has
`subnets:`: whoever starts a Fargate task must give RunTask its network, and the generator gives it the task's
own subnets and security groups.

## Why
Tasks use the `awsvpc` network mode, and RunTask without a network fails: "InvalidParameterException: Network
Configuration must be provided when networkMode 'awsvpc' is specified." Scheduler and EventBridge make that
call only when the schedule fires or the event arrives, so the failure shows in no apply, only in a
dead-letter queue or a metric.

## Example
```yaml
tasks:
  report: {source: backend/tasks/report, image: {repository: report, tag: v1}}
schedules:
  weekly: {expression: cron(0 6 ? * MON *), target: {task: report}}
```

## Fix
Give the task `subnets:` (private ones, with NAT or the ECR, S3 and logs endpoints) and `security_groups:`.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        starters = [(f"schedule `{o.name}`", (*o.path, "target", "task"), o.target.obj)
                    for o in service.schedules if o.target.ecs is not None]
        starters += [(f"event rule `{o.name}`", (*o.path, "target", "task"), o.target.obj)
                     for o in service.event_rules if o.target.ecs is not None]
        for section, objs in (("function", service.functions), ("task", service.tasks)):
            for obj in objs:
                for i, use in enumerate(obj.spec.uses):
                    task = service.by_name.get(("task", use.target)) if use.kind == "task" else None
                    if task is not None:
                        starters.append((f"{section} `{obj.name}`", (*obj.path, "uses", i, "task"), task))
        for who, path, task in starters:
            if not task.subnets:
                yield self.finding(path, f"{who} starts task `{task.name}`, which has no `subnets`: RunTask on "
                                   "Fargate needs them", f"Add `subnets:` and `security_groups:` to task `{task.name}`")
