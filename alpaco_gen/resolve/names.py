"""Every generated AWS name and Terraform address comes from here.

These names are a compatibility promise: renaming a Terraform address destroys and recreates the resource,
renaming an AWS name replaces it. Change them only on purpose; the golden snapshots show every change.
"""

from __future__ import annotations

import re

from alpaco_gen.spec.models import Spec


def tf_id(name: str) -> str:
    """A spec name as a Terraform identifier: `problem-grader` -> `problem_grader`."""
    return name.replace("-", "_")


def route_id(route_key: str) -> str:
    """A route key as part of a Terraform identifier: `GET /items/{id}` -> `get_items_id`, `$connect` -> `connect`."""
    words = re.sub(r"[^a-z0-9]+", "_", route_key.lower()).strip("_")
    return words or "root"


class Names:
    """AWS names of one service: `<project>-<service>-<name>-<environment>` unless noted."""

    def __init__(self, spec: Spec) -> None:
        self.project = spec.project
        self.service = spec.service
        self.environment = spec.environment
        self.prefix = f"{spec.project}-{spec.service}"

    def resource(self, name: str) -> str:
        return f"{self.prefix}-{name}-{self.environment}"

    def service_wide(self) -> str:
        """Names of things the service has one of (VPC, ECS cluster, KMS alias)."""
        return f"{self.prefix}-{self.environment}"

    def repository(self, name: str) -> str:
        """ECR repositories are `<project>/<name>-<environment>`, as in the seed."""
        return f"{self.project}/{name}-{self.environment}"

    def bucket(self, name: str) -> str:
        return self.resource(name)

    def table(self, name: str) -> str:
        return self.resource(name)

    def function(self, name: str) -> str:
        return self.resource(name)

    def role(self, kind: str, name: str) -> str:
        """IAM role names: the resource name plus what the role is for (`-fn`, `-task`, `-exec`, `-sfn`)."""
        return f"{self.resource(name)}-{kind}"

    def flow_logs_role(self) -> str:
        return f"{self.service_wide()}-flow-logs"

    def api_gateway_logs_role(self) -> str:
        """The account-wide role API Gateway writes execution logs with (one per account and region)."""
        return f"{self.prefix}-apigw-logs-{self.environment}"

    def log_group(self, kind: str, name: str) -> str:
        paths = {
            "function": f"/aws/lambda/{self.function(name)}",
            "task": f"/ecs/{self.resource(name)}",
            "state_machine": f"/aws/vendedlogs/states/{self.resource(name)}",
            "api": f"/aws/apigateway/{self.resource(name)}",
            "flow_logs": f"/aws/vpc/{self.service_wide()}/flow-logs",
        }
        return paths[kind]
