# Terraform merges this block into the generated aws_ecs_task_definition.loader (ecs.tf): more memory than
# the spec's, without editing a generated file. alpaco-gen's rules no longer see the value (AG306 checks
# Fargate's cpu/memory pairs in the spec): keep it a valid pair.
resource "aws_ecs_task_definition" "loader" {
  memory = "2048"
}
