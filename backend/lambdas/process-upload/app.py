"""Records each object S3 announced through the queue, and publishes that it was processed.

Messages are S3 event notifications. A message that fails is reported in `batchItemFailures`, so only it is
received again (and after five failures lands in the dead-letter queue); the rest of the batch is done.
"""

from __future__ import annotations

import json
import os
import urllib.parse

import boto3

s3 = boto3.client("s3")
sns = boto3.client("sns")
table = boto3.resource("dynamodb").Table(os.environ["UPLOADS_TABLE"])
TOPIC_ARN = os.environ["PROCESSED_TOPIC_ARN"]


def handler(event, context):
    failures = []
    for message in event["Records"]:
        try:
            for record in json.loads(message["body"]).get("Records", []):  # s3:TestEvent has none
                _record(record)
        except Exception as error:  # noqa: BLE001 - any failure retries this message only
            print(json.dumps({"message": message["messageId"], "error": repr(error)}))
            failures.append({"itemIdentifier": message["messageId"]})
    return {"batchItemFailures": failures}


def _record(record):
    bucket = record["s3"]["bucket"]["name"]
    key = urllib.parse.unquote_plus(record["s3"]["object"]["key"])
    head = s3.head_object(Bucket=bucket, Key=key)
    item = {"key": key, "size": head["ContentLength"], "content_type": head.get("ContentType", ""),
            "event_time": record["eventTime"]}
    table.put_item(Item=item)
    sns.publish(TopicArn=TOPIC_ARN, Message=json.dumps(item),
                MessageAttributes={"content_type": {"DataType": "String", "StringValue": item["content_type"]}})
