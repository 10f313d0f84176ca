"""upload-pipeline: S3 event notifications through the queue into the table and onto the topic, with partial
batch failure; the topic's message to notify-owner."""

from __future__ import annotations

import json

import boto3
import pytest

from tests.backend.backend_helpers import create_table

REGION = "ap-northeast-2"


def queue_message(message_id: str, bucket: str, key: str) -> dict:
    """An SQS record whose body is an S3 event notification, as Lambda hands it over."""
    body = {"Records": [{"eventTime": "2025-01-01T00:00:00.000Z", "eventName": "ObjectCreated:Put",
                         "s3": {"bucket": {"name": bucket}, "object": {"key": key}}}]}
    return {"messageId": message_id, "body": json.dumps(body), "eventSource": "aws:sqs"}


@pytest.fixture
def pipeline(load, aws, monkeypatch):
    s3 = boto3.client("s3")
    s3.create_bucket(Bucket="uploads", CreateBucketConfiguration={"LocationConstraint": REGION})
    topic = boto3.client("sns").create_topic(Name="processed")["TopicArn"]
    sqs = boto3.client("sqs")
    inbox = sqs.create_queue(QueueName="processed-inbox")["QueueUrl"]
    inbox_arn = sqs.get_queue_attributes(QueueUrl=inbox, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    boto3.client("sns").subscribe(TopicArn=topic, Protocol="sqs", Endpoint=inbox_arn,
                                  Attributes={"RawMessageDelivery": "true"})
    monkeypatch.setenv("UPLOADS_TABLE", "uploads")
    monkeypatch.setenv("PROCESSED_TOPIC_ARN", topic)
    table = create_table("uploads", "key")
    module = load("lambdas/process-upload/app.py")
    return module, s3, table, sqs, inbox


def test_uploads_are_recorded_and_announced(pipeline):
    module, s3, table, sqs, inbox = pipeline
    s3.put_object(Bucket="uploads", Key="incoming/cat picture.png", Body=b"12345", ContentType="image/png")
    result = module.handler({"Records": [queue_message("m1", "uploads", "incoming/cat+picture.png")]}, None)
    assert result == {"batchItemFailures": []}
    item = table.get_item(Key={"key": "incoming/cat picture.png"})["Item"]
    assert item["size"] == 5 and item["content_type"] == "image/png"
    [message] = sqs.receive_message(QueueUrl=inbox, MaxNumberOfMessages=10)["Messages"]
    assert json.loads(message["Body"])["key"] == "incoming/cat picture.png"


def test_only_the_failing_message_is_reported(pipeline):
    module, s3, table, _, _ = pipeline
    s3.put_object(Bucket="uploads", Key="incoming/a.png", Body=b"a")
    s3.put_object(Bucket="uploads", Key="incoming/c.png", Body=b"c")
    batch = [queue_message("m1", "uploads", "incoming/a.png"), queue_message("m2", "uploads", "incoming/gone.png"),
             queue_message("m3", "uploads", "incoming/c.png"), {"messageId": "m4", "body": "not json"}]
    result = module.handler({"Records": batch}, None)
    assert result == {"batchItemFailures": [{"itemIdentifier": "m2"}, {"itemIdentifier": "m4"}]}
    assert {i["key"] for i in table.scan()["Items"]} == {"incoming/a.png", "incoming/c.png"}


def test_the_s3_test_event_is_no_failure(pipeline):
    module, _, table, _, _ = pipeline
    body = json.dumps({"Service": "Amazon S3", "Event": "s3:TestEvent", "Bucket": "uploads"})
    assert module.handler({"Records": [{"messageId": "t", "body": body}]}, None) == {"batchItemFailures": []}
    assert table.scan()["Items"] == []


def test_notify_owner_reads_the_sns_envelope(load, capsys):
    module = load("lambdas/notify-owner/app.py")
    upload = {"key": "incoming/a.png", "content_type": "image/png"}
    event = {"Records": [{"EventSource": "aws:sns", "Sns": {"Message": json.dumps(upload)}}]}
    assert module.handler(event, None) == {"notified": ["incoming/a.png"]}
    assert json.loads(capsys.readouterr().out) == {"notify": "incoming/a.png", "content_type": "image/png"}
