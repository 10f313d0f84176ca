"""Extra IAM statements (AG160-AG179): the spec's `policies:` against the IAM catalog (actions, resource types,
condition keys) and IAM's own grammar."""
