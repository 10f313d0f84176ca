# User-owned: alpaco-gen never writes, prunes or reports *.user.tf files. Page when the nightly run fails.
resource "aws_cloudwatch_metric_alarm" "nightly_failed" {
  alarm_name          = "${local.alpaco.state_machines["nightly"].name}-failed"
  alarm_description   = "An execution of the nightly batch failed"
  namespace           = "AWS/States"
  metric_name         = "ExecutionsFailed"
  dimensions          = { StateMachineArn = local.alpaco.state_machines["nightly"].arn }
  statistic           = "Sum"
  period              = 3600
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
}
