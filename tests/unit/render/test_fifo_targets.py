"""A FIFO queue as a schedule's or event rule's target gets the message group AWS requires of it."""

from __future__ import annotations

from pathlib import Path

from alpaco_gen.pipeline import check_spec, render_files

SPEC = """\
version: 1
project: acme
service: ev
environment: dev
region: us-east-1
queues:
  jobs: %s
schedules:
  tick: {expression: rate(5 minutes), target: {queue: jobs}}
event_rules:
  matched:
    pattern: {source: [aws.s3]}
    target: {queue: jobs}
"""


def _terraform(tmp_path: Path, fifo: bool) -> dict[str, str]:
    spec = tmp_path / "service.yaml"
    spec.write_text(SPEC % ("{fifo: true, content_based_deduplication: true}" if fifo else "{}"))
    checked = check_spec(spec)
    assert checked.service is not None and not checked.findings
    return {path: text for path, text in render_files(checked, tmp_path / "out").items() if path.endswith(".tf")}


def test_fifo_queue_targets_name_a_message_group(tmp_path):
    files = _terraform(tmp_path, True)
    scheduler = next(t for p, t in files.items() if p.endswith("scheduler.tf"))
    rules = next(t for p, t in files.items() if p.endswith("eventbridge.tf"))
    assert 'sqs_parameters {\n      message_group_id = "tick"' in scheduler
    assert 'sqs_target {\n    message_group_id = "matched"' in rules


def test_standard_queue_targets_name_none(tmp_path):
    assert not any("message_group_id" in text for text in _terraform(tmp_path, False).values())
