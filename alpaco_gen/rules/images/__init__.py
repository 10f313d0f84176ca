"""Rules about container images, ECR repositories and Fargate tasks (AG3xx)."""
