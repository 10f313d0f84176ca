"""alpaco-gen: one checked service.yaml -> Terraform, Dockerfiles, build scripts and Step Functions ASL."""

__version__ = "0.1.0"
