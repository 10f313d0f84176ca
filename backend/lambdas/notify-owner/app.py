"""Tells the owner that an image arrived: one log line per SNS message (the notification channel to come)."""

from __future__ import annotations

import json


def handler(event, context):
    notified = []
    for record in event["Records"]:
        upload = json.loads(record["Sns"]["Message"])
        print(json.dumps({"notify": upload["key"], "content_type": upload["content_type"]}))
        notified.append(upload["key"])
    return {"notified": notified}
