"""Resolve a validated spec into the render-ready model, reporting every reference that points nowhere.

One pass over the spec; every lookup is a dictionary lookup, so resolution is linear in the size of the spec.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding, Severity, SpecPath
from alpaco_gen.resolve import model as r
from alpaco_gen.resolve import permissions
from alpaco_gen.resolve.names import Names, route_id, tf_id
from alpaco_gen.spec import models as m

UNDECLARED = ("AG101", "undeclared-reference")
SECTION = {"subnet": "network.subnets", "security_group": "network.security_groups",
           "repository": "repositories", "table": "tables", "bucket": "buckets", "api": "apis",
           "state_machine": "state_machines", "function": "functions", "task": "tasks"}


class _References:
    """Checks names against what the spec declares and collects AG101 findings."""

    def __init__(self, declared: dict[str, dict[str, object]]) -> None:
        self.declared = declared
        self.findings: list[Finding] = []

    def ok(self, kind: str, name: str, path: SpecPath) -> bool:
        if name in self.declared[kind]:
            return True
        section = SECTION[kind]
        close = difflib.get_close_matches(name, list(self.declared[kind]), n=1)
        hint = f"did you mean `{close[0]}`? " if close else ""
        self.findings.append(Finding(
            *UNDECLARED, Severity.ERROR,
            f"{kind.replace('_', ' ')} `{name}` is not declared in `{section}`",
            f"{hint}Declare it under `{section}` or use one of: {', '.join(sorted(self.declared[kind])) or 'none'}",
            path))
        return False


def walk_states(graph: m.StateGraph, path: SpecPath) -> Iterator[tuple[str, m.State, SpecPath]]:
    """Every state of a graph, nested map iterators and parallel branches included."""
    for name, state in graph.states.items():
        state_path = (*path, "states", name)
        yield name, state, state_path
        if state.iterator:
            yield from walk_states(state.iterator, (*state_path, "iterator"))
        for i, branch in enumerate(state.branches):
            yield from walk_states(branch, (*state_path, "branches", i))


def api_endpoint(spec: m.Spec, name: str) -> str:
    """The URL code calls: an HTTP API's $default stage, or a WebSocket stage's @connections callback URL.

    Built from the API, not the stage: a WebSocket stage depends on its deployment, which depends on the
    functions behind its routes, which would then depend on the stage.
    """
    api = tf_id(name)
    if spec.apis[name].protocol == "http":
        return f"aws_apigatewayv2_api.{api}.api_endpoint"
    return (f'"https://${{aws_apigatewayv2_api.{api}.id}}.execute-api.${{local.region}}.amazonaws.com/'
            f'{spec.environment}"')


LINK_SUFFIX = {"table": "TABLE", "bucket": "BUCKET", "api": "API_ENDPOINT", "state_machine": "STATE_MACHINE_ARN",
               "function": "FUNCTION_NAME"}
LINK_VALUE = {"table": "aws_dynamodb_table.{}.name", "bucket": "aws_s3_bucket.{}.bucket"}


def link_name(use: m.Use) -> str:
    """The environment variable a `uses:` entry sets: `{table: orders}` -> ORDERS_TABLE."""
    return f"{use.target.upper().replace('-', '_')}_{LINK_SUFFIX[use.kind]}"


def links_for(uses: list[m.Use], spec: m.Spec, refs: _References, path: SpecPath,
              aws_names: dict[tuple[str, str], str]) -> dict[str, str]:
    """Environment variables telling the code the generated names of what it uses.

    Functions and state machines are named, not referenced: a function that starts a state machine which
    invokes it (or two functions invoking each other) would otherwise be a dependency cycle.
    """
    links = {}
    for i, use in enumerate(uses):
        if not refs.ok(use.kind, use.target, (*path, "uses", i, use.kind)):
            continue
        if use.kind == "api":
            value = api_endpoint(spec, use.target)
        elif use.kind == "function":
            value = f'"{aws_names["function", use.target]}"'  # names are [a-z0-9_-]: nothing to escape
        elif use.kind == "state_machine":
            value = permissions.state_machine_arn(aws_names["state_machine", use.target])
        else:
            value = LINK_VALUE[use.kind].format(tf_id(use.target))
        links[link_name(use)] = value
    return links


def resolve(spec: m.Spec, spec_file: str) -> tuple[r.Service, list[Finding]]:
    names = Names(spec)
    network_spec = spec.network
    declared: dict[str, dict[str, object]] = {
        "subnet": dict(network_spec.subnets) if network_spec else {},
        "security_group": dict(network_spec.security_groups) if network_spec else {},
        "repository": dict(spec.repositories), "table": dict(spec.tables), "bucket": dict(spec.buckets),
        "api": dict(spec.apis), "state_machine": dict(spec.state_machines),
        "function": dict(spec.functions), "task": dict(spec.tasks),
    }
    refs = _References(declared)
    aws_names = {("function", n): names.function(n) for n in spec.functions}
    aws_names |= {("state_machine", n): names.resource(n) for n in spec.state_machines}
    aws_names |= {("table", n): names.table(n) for n in spec.tables}
    aws_names |= {("bucket", n): names.bucket(n) for n in spec.buckets}
    aws_names |= {("api", n): names.resource(n) for n in spec.apis}

    network = _network(spec, names, refs) if network_spec else None
    subnets = {s.name: s for s in network.subnets} if network else {}
    groups = {g.name: g for g in network.security_groups} if network else {}

    def placement(obj: m.Function | m.Task, path: SpecPath) -> tuple[tuple, tuple]:
        sn = tuple(subnets[n] for i, n in enumerate(obj.subnets) if refs.ok("subnet", n, (*path, "subnets", i)))
        sg = tuple(groups[n] for i, n in enumerate(obj.security_groups)
                   if refs.ok("security_group", n, (*path, "security_groups", i)))
        return sn, sg

    pullers: dict[str, list[str]] = {}
    deploy_tags: dict[str, set[str]] = {}
    for name, fn in spec.functions.items():
        if fn.image:
            pullers.setdefault(fn.image.repository, []).append(names.function(name))
            deploy_tags.setdefault(fn.image.repository, set()).add(fn.image.tag)
    for task in spec.tasks.values():
        deploy_tags.setdefault(task.image.repository, set()).add(task.image.tag)
    repositories = {
        name: r.Repository(name, tf_id(name), names.repository(name), repo,
                           tuple(sorted(pullers.get(name, []))), tuple(sorted(deploy_tags.get(name, ()))),
                           ("repositories", name))
        for name, repo in spec.repositories.items()
    }
    tables = tuple(r.Table(n, tf_id(n), names.table(n), t, ("tables", n)) for n, t in spec.tables.items())
    buckets = tuple(r.Bucket(n, tf_id(n), names.bucket(n), b, ("buckets", n)) for n, b in spec.buckets.items())

    functions = {}
    for name, fn in spec.functions.items():
        path = ("functions", name)
        repo = None
        if fn.image and refs.ok("repository", fn.image.repository, (*path, "image", "repository")):
            repo = repositories[fn.image.repository]
        sn, sg = placement(fn, path)
        statements = permissions.function_base(name, fn, repo.tf if repo else None, bool(fn.environment or fn.uses))
        statements += permissions.for_uses(fn.uses, spec, aws_names)
        functions[name] = r.Function(
            name, tf_id(name), names.function(name), fn, names.role("fn", name),
            names.log_group("function", name), repo, sn, sg, links_for(fn.uses, spec, refs, path, aws_names),
            tuple(statements), path)

    tasks = {}
    for name, task in spec.tasks.items():
        path = ("tasks", name)
        if not refs.ok("repository", task.image.repository, (*path, "image", "repository")):
            continue
        repo = repositories[task.image.repository]
        sn, sg = placement(task, path)
        tasks[name] = r.Task(
            name, tf_id(name), names.resource(name), task, names.role("task", name), names.role("exec", name),
            names.log_group("task", name), repo, sn, sg, links_for(task.uses, spec, refs, path, aws_names),
            tuple(permissions.for_uses(task.uses, spec, aws_names)),
            tuple(permissions.task_execution(name, repo.tf)), path)

    state_machines = {}
    for name, sm in spec.state_machines.items():
        path = ("state_machines", name)
        invoked: set[str] = set()
        run: set[str] = set()
        calls: dict[str, set[str]] = {}
        for _, state, state_path in walk_states(sm, path):
            if state.function and refs.ok("function", state.function, (*state_path, "function")):
                invoked.add(state.function)
            if state.task and refs.ok("task", state.task, (*state_path, "task")) and state.task in tasks:
                run.add(state.task)
            if state.dynamodb and refs.ok("table", state.dynamodb.table, (*state_path, "dynamodb", "table")):
                calls.setdefault(state.dynamodb.table, set()).add(
                    permissions.DYNAMODB_CALLS[state.dynamodb.action])
        statements = permissions.state_machine(name, sorted(invoked), sorted(run), calls, aws_names,
                                               names.service_wide())
        state_machines[name] = r.StateMachine(
            name, tf_id(name), names.resource(name), sm, names.role("sfn", name),
            names.log_group("state_machine", name),
            tuple(functions[f] for f in sorted(invoked)), tuple(tasks[t] for t in sorted(run)),
            tuple(t for t in tables if t.name in calls), tuple(statements), path)

    apis = []
    for name, api in spec.apis.items():
        path = ("apis", name)
        routes, seen, started = [], set(), set()
        for key, target in api.routes.items():
            route_path = (*path, "routes", key)
            tf = f"{tf_id(name)}_{route_id(key)}"
            while tf in seen:  # `GET /a-b` and `GET /a_b` both read get_a_b; rule AG605 reports it
                tf += "_"
            seen.add(tf)
            route_fn: r.Function | None = None
            route_sm: r.StateMachine | None = None
            if target.function and refs.ok("function", target.function, (*route_path, "function")):
                route_fn = functions[target.function]
            if target.state_machine and refs.ok("state_machine", target.state_machine,
                                                (*route_path, "state_machine")):
                route_sm = state_machines[target.state_machine]
                started.add(route_sm.name)
            routes.append(r.Route(key, tf, route_fn, route_sm, target, api.protocol == "websocket", route_path))
        stage = "$default" if api.protocol == "http" else spec.environment
        statements = permissions.api_start_executions(sorted(started), aws_names)
        apis.append(r.Api(name, tf_id(name), names.resource(name), api, stage, names.log_group("api", name),
                          tuple(routes), names.role("api", name) if started else None, tuple(statements),
                          spec.account.api_gateway_cloudwatch_role, path))

    return r.Service(
        spec=spec, spec_file=spec_file, prefix=names.prefix, cluster_name=names.service_wide(),
        kms_alias=f"alias/{names.service_wide()}", api_gateway_logs_role_name=names.api_gateway_logs_role(),
        tags={"Project": spec.project, "Service": spec.service, "Environment": spec.environment,
              "ManagedBy": "alpaco-gen", **spec.tags},
        network=network, repositories=tuple(repositories.values()), tables=tables, buckets=buckets,
        functions=tuple(functions.values()), tasks=tuple(tasks.values()), apis=tuple(apis),
        state_machines=tuple(state_machines.values())), refs.findings


def _network(spec: m.Spec, names: Names, refs: _References) -> r.Network:
    net = spec.network
    assert net is not None
    publics = [n for n, s in net.subnets.items() if s.public]
    nat_subnets: list[str] = []
    if net.nat == "single" and publics:
        nat_subnets = publics[:1]
    elif net.nat == "per_az":
        by_az: dict[str, str] = {}
        for n in publics:
            by_az.setdefault(net.subnets[n].az, n)
        nat_subnets = list(by_az.values())

    def zone(letter: str) -> str:
        return f"{spec.region}{letter}"

    def private_table(az: str) -> str:
        if net.nat == "per_az" and nat_subnets:
            nat_az = az if az in {net.subnets[n].az for n in nat_subnets} else net.subnets[nat_subnets[0]].az
            return f"private_{nat_az}"
        return "private"

    subnets = tuple(
        r.Subnet(n, tf_id(n), s, zone(s.az), "public" if s.public else private_table(s.az), ("network", "subnets", n))
        for n, s in net.subnets.items())
    nats = tuple(r.NatGateway(f"nat_{tf_id(n)}" if net.nat == "per_az" else "main",
                              next(s for s in subnets if s.name == n), zone(net.subnets[n].az))
                 for n in nat_subnets)
    tables = []
    if publics:
        tables.append(r.RouteTable("public", True, None, tuple(s for s in subnets if s.spec.public)))
    private_ids = sorted({s.route_table for s in subnets if not s.spec.public})
    for tf in private_ids:
        nat = None
        if nats:
            nat = nats[0] if tf == "private" else next(
                (g for g in nats if g.subnet.spec.az == tf.removeprefix("private_")), nats[0])
        tables.append(r.RouteTable(tf, False, nat, tuple(s for s in subnets if s.route_table == tf)))

    groups = []
    for name, sg in net.security_groups.items():
        rules = []
        for direction in ("ingress", "egress"):
            for i, rule in enumerate(getattr(sg, direction)):
                rule_path = ("network", "security_groups", name, direction, i)
                peer = None
                if rule.security_group and refs.ok("security_group", rule.security_group,
                                                   (*rule_path, "security_group")):
                    peer = f"aws_security_group.{tf_id(rule.security_group)}.id"
                elif rule.security_group:
                    continue
                for j, (protocol, low, high) in enumerate(_port_ranges(rule)):
                    rules.append(r.SecurityGroupRule(
                        f"{tf_id(name)}_{direction}_{i}" + (f"_{j}" if j else ""), direction,
                        rule.description or f"{direction} {protocol} {_ports_text(low, high)}",
                        protocol, low, high, rule.cidr, peer))
        groups.append(r.SecurityGroup(name, tf_id(name), names.resource(name), sg, tuple(rules),
                                      ("network", "security_groups", name)))
    gateway = tuple(e for e in ("s3", "dynamodb") if e in net.endpoints)
    interface = tuple(sorted(e for e in set(net.endpoints) if e not in gateway))
    flow_logs = r.Statement("FlowLogs", ("logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"),
                            ('"${aws_cloudwatch_log_group.flow_logs.arn}:*"',))
    return r.Network(net, names.service_wide(), subnets, tuple(tables), nats, tuple(groups), gateway, interface,
                     names.log_group("flow_logs", ""), names.flow_logs_role(), (flow_logs,))


def _port_ranges(rule: m.SecurityGroupRule) -> list[tuple[str, int | None, int | None]]:
    """(protocol, from, to) per entry of `ports`; malformed entries are left to rule AG407."""
    if rule.protocol == "all":
        return [("-1", None, None)]
    if rule.ports == "all":
        # ICMP has types and codes, not ports: -1 is every type and code.
        return [(rule.protocol, -1, -1) if rule.protocol == "icmp" else (rule.protocol, 0, 65535)]
    ranges: list[tuple[str, int | None, int | None]] = []
    for port in rule.ports:
        text = str(port)
        low, _, high = text.partition("-")
        if low.isdigit() and (not high or high.isdigit()):
            ranges.append((rule.protocol, int(low), int(high or low)))
    return ranges


def _ports_text(low: int | None, high: int | None) -> str:
    if low is None:
        return "all"
    return str(low) if low == high else f"{low}-{high}"
