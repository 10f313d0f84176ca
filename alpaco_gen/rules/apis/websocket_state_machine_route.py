from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule


class WebsocketStateMachineRoute(Rule):
    id = "AG609"
    name = "websocket-state-machine-route"
    kinds = ("api",)
    summary = "A WebSocket route that targets a state machine."
    explanation = """\
## What it checks
Routes of WebSocket APIs with `state_machine:` as their target.

## Why
The generator starts state machines through API Gateway's first-class `StepFunctions-StartExecution`
integration (`integration_subtype`), which exists for HTTP APIs only. API Gateway rejects it on a WebSocket
API with `BadRequestException` when Terraform creates the integration.

## Example
```yaml
apis:
  stream:
    protocol: websocket
    route_selection: $request.body.action
    routes:
      grade: {state_machine: grader}
```

## Fix
Point the route at a function that starts the execution (`uses: [{state_machine: grader, access: start}]`),
or move the route to an HTTP API.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for api in service.apis:
            if not api.is_websocket:
                continue
            for route in api.routes:
                if route.spec.state_machine is not None:
                    yield self.finding(
                        (*route.path, "state_machine"),
                        f"WebSocket route `{route.key}` of API `{api.name}` targets state machine "
                        f"`{route.spec.state_machine}`; the StepFunctions-StartExecution integration exists "
                        "for HTTP APIs only",
                        f"Target a function that starts the execution (`uses: [{{state_machine: "
                        f"{route.spec.state_machine}, access: start}}]`), or move the route to an HTTP API")
