"""Data rules (AG5xx): DynamoDB tables and S3 buckets."""
