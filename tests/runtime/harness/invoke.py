"""Stands in for the Lambda runtime interface client of the base image: import the handler the image's CMD
names (from LAMBDA_TASK_ROOT, then the runtime's own packages), call it once with the event on stdin and print
the JSON result."""

import importlib
import json
import os
import sys

sys.path[:0] = [os.environ["LAMBDA_TASK_ROOT"], os.environ["LAMBDA_RUNTIME_DIR"]]
module, _, function = sys.argv[1].rpartition(".")
handler = getattr(importlib.import_module(module), function)
print(json.dumps(handler(json.load(sys.stdin), None)))
