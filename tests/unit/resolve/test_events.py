"""Schedules, event rules and buses: how each target is reached (role, Lambda permission, queue policy), the
trust of their roles, and the access simulation over all of it."""

from __future__ import annotations

import yaml

from alpaco_gen.access import simulate
from alpaco_gen.render.files import render_service
from alpaco_gen.resolve.resolver import resolve
from alpaco_gen.spec.models import Spec
from tests.helpers import REFERENCE, REPO

EVENTS = {
    "queues": {"dead-events": {}},
    "buses": {"orders": {}},
    "schedules": {
        "tick": {"expression": "rate(5 minutes)", "target": {"bus": "orders"}, "input": {"kind": "tick"},
                 "dead_letter_queue": "dead-events"},
    },
    "event_rules": {
        "graded": {"bus": "orders", "pattern": {"source": ["alpaco.scheduler"]},
                   "target": {"function": "problem-grader"}},
        "failed": {"pattern": {"source": ["aws.states"]}, "target": {"state_machine": "problem-grader"}},
        "queued": {"pattern": {"source": ["aws.s3"]}, "target": {"queue": "dead-events"},
                   "retry": {"maximum_attempts": 2}},
    },
}


def _service():
    data = {**yaml.safe_load(REFERENCE.read_text()), **EVENTS}
    service, findings = resolve(Spec.model_validate(data), "service.yaml")
    assert findings == []
    return service


def _by_name(objs, name):
    return next(o for o in objs if o.name == name)


def test_each_target_is_reached_the_way_eventbridge_needs():
    service = _service()
    graded, failed, queued = (_by_name(service.event_rules, n) for n in ("graded", "failed", "queued"))
    assert graded.permission is not None and graded.role is None  # Lambda: a permission naming the rule
    assert failed.role is not None and failed.permission is None  # Step Functions: a role
    assert failed.role.assume.principal == "events.amazonaws.com"
    assert failed.role.assume.source_arn.endswith(':rule/alpaco-problem-service-failed-dev"')
    assert queued.role is None and queued.permission is None  # SQS: the queue policy
    queue = _by_name(service.queues, "dead-events")
    senders = {st.sid for st in queue.inbound}
    assert any("EventRuleQueued" in s for s in senders)
    assert graded.arn.endswith(':rule/alpaco-problem-service-orders-dev/alpaco-problem-service-graded-dev"')


def test_a_schedule_role_is_trusted_from_the_service_group_and_sends_its_dead_letters():
    tick = _by_name(_service().schedules, "tick")
    assert tick.role.assume.principal == "scheduler.amazonaws.com"
    assert tick.role.assume.source_arn.endswith(':schedule-group/alpaco-problem-service-dev"')
    actions = {a for st in tick.role.statements for a in st.actions}
    assert {"events:PutEvents", "sqs:SendMessage", "kms:Decrypt"} <= actions
    assert tick.bus_event == ("alpaco.scheduler", "tick")


def test_the_bus_key_statement_names_the_bus():
    key = _service().key
    bus_statements = [st for st in key.statements if st.sid == "EventBusOrdersKey"]
    assert len(bus_statements) == 1
    [condition] = bus_statements[0].conditions
    assert condition.variable == "aws:SourceArn"
    assert condition.values[0].endswith(':event-bus/alpaco-problem-service-orders-dev"')


def test_every_delivery_is_allowed_and_nothing_else():
    result = simulate(_service())
    whys = " ".join(c.why for c in result.calls)
    assert "event rule `graded` delivers" in whys and "schedule `tick` sends what it cannot deliver" in whys
    assert result.missing == [] and result.unused == []


def test_files_by_concern():
    files = render_service(_service(), REPO / "generated", REPO, REFERENCE)
    scheduler = files["problem-service/terraform/scheduler.tf"]
    eventbridge = files["problem-service/terraform/eventbridge.tf"]
    assert 'resource "aws_scheduler_schedule" "tick"' in scheduler and "eventbridge_parameters" in scheduler
    assert 'resource "aws_cloudwatch_event_bus" "orders"' in eventbridge
    assert 'resource "aws_lambda_permission" "event_rule_graded"' in eventbridge
    assert eventbridge.count('resource "aws_cloudwatch_event_target"') == 3
