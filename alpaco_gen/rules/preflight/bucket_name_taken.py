from alpaco_gen.rules.base import Rule


class BucketNameTaken(Rule):
    id = "AG907"
    name = "bucket-name-taken"
    summary = "A bucket's generated name belongs to another account, or to this one in another region."
    emitted_by = "preflight"
    explanation = """\
## What it checks
`s3:HeadBucket` on every bucket's generated name: 404 means the name is free; 200 means it exists in this
account (AG908 when outside Terraform, or an error here when it is in another region); 403 means another
account owns it.

## Why
Bucket names are global across all AWS accounts. Creating a taken name fails at apply with
"BucketAlreadyExists: The requested bucket name is not available", and one in your account but in another
region with "BucketAlreadyOwnedByYou" or an "IllegalLocationConstraintException".

## Example
```yaml
project: acme
service: web
environment: dev
buckets:
  assets: {}   # acme-web-assets-dev is someone else's
```

## Fix
Pick another name: rename the bucket in the spec, or change `project`/`service`. If the 403 is for a bucket
of your own, the credentials lack `s3:ListBucket` on it.
"""
