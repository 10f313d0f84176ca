data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

resource "aws_vpc" "main" {
  cidr_block           = "10.0.0.0/16"
  enable_dns_hostnames = true
}

resource "aws_subnet" "private" {
  for_each          = var.azs
  vpc_id            = aws_vpc.main.id
  availability_zone = each.value
  cidr_block        = cidrsubnet(aws_vpc.main.cidr_block, 8, index(keys(var.azs), each.key))
}

resource "aws_security_group" "fn" {
  name   = "${local.name}-fn"
  vpc_id = aws_vpc.main.id
  egress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
  ingress = [{
    description      = "none"
    from_port        = 0
    to_port          = 0
    protocol         = "-1"
    cidr_blocks      = []
    ipv6_cidr_blocks = []
    prefix_list_ids  = []
    security_groups  = []
    self             = true
  }]
}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "fn" {
  name               = "${local.name}-fn"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

data "archive_file" "fn" {
  type        = "zip"
  source_dir  = "${path.module}/../../backend/lambdas/fn"
  output_path = "${path.module}/.build/fn.zip"
}

resource "aws_lambda_function" "fn" {
  function_name    = "${local.name}-fn"
  role             = aws_iam_role.fn.arn
  runtime          = "python3.12"
  handler          = "app.handler"
  filename         = data.archive_file.fn.output_path
  source_code_hash = data.archive_file.fn.output_base64sha256
  vpc_config {
    subnet_ids         = [for s in aws_subnet.private : s.id]
    security_group_ids = [aws_security_group.fn.id]
  }
  environment {
    variables = {
      ACCOUNT = data.aws_caller_identity.current.account_id
      BUCKET  = "arn:aws:s3:::not.a.reference/${aws_vpc.main.id}"
    }
  }
  dynamic "ephemeral_storage" {
    for_each = var.region == "eu-west-1" ? [1] : []
    content {
      size = 1024
    }
  }
  tracing_config {
    mode = "Active"
  }
  depends_on = [aws_iam_role.fn]
  lifecycle {
    ignore_changes = [tags]
  }
}

resource "aws_cloudwatch_log_group" "fn" {
  count             = 1
  name              = "/aws/lambda/${aws_lambda_function.fn.function_name}"
  retention_in_days = 30
}

output "function_vpc" {
  value = aws_lambda_function.fn.vpc_config[0].vpc_id
}

output "log_group" {
  value = aws_cloudwatch_log_group.fn[0].arn
}

output "subnets" {
  value = values(aws_subnet.private)[*].id
}

resource "aws_sfn_state_machine" "flow" {
  name     = "${local.name}-flow"
  role_arn = aws_iam_role.fn.arn
  definition = templatefile("${path.module}/flow.asl.json", {
    function_validate = aws_lambda_function.fn.arn
  })
}
