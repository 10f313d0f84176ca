from alpaco_gen.rules.base import Rule


class CertificateUnusable(Rule):
    id = "AG914"
    name = "certificate-unusable"
    summary = "An API domain's `certificate_arn` is missing, not ISSUED, or does not cover the domain name."
    emitted_by = "preflight"
    explanation = """\
## What it checks
`acm:DescribeCertificate` on every API `domain.certificate_arn`, in the spec's region: the certificate must
exist, have status ISSUED, and cover the domain name through its DomainName or SubjectAlternativeNames
(exactly, or by a `*.` wildcard of one label).

## Why
API Gateway refuses to create a domain name with a certificate that is pending validation, failed, expired
or revoked (BadRequestException at apply), and a certificate for other names makes every HTTPS client
reject the domain.

## Example
```yaml
apis:
  web:
    domain:
      name: api.example.com
      certificate_arn: arn:aws:acm:eu-west-1:123456789012:certificate/0a1b...   # for www.example.com
```

## Fix
Request (or re-issue) a certificate for the domain in the spec's region and complete its DNS validation,
then set its ARN; or drop `certificate_arn` and set `zone` to have the generated Terraform create one.
"""
