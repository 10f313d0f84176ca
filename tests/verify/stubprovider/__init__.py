"""Stand-in Terraform providers for offline `terraform init/validate/plan`: the vendored schemas, nothing real.

`install.sh DIR` installs them (a venv with PyPI `tf`, one launcher per provider of
tests/verify/data/provider-schemas.json, a Terraform CLI configuration); README.md says what they check.
Only server.py and wire.py need the venv's packages (tf, grpc, msgpack); the rest is plain Python that the
test suite imports directly.
"""
