variable "region" {
  description = "Region of every resource"
  type        = string
  default     = "eu-west-1"
}

variable "service" {
  type = string
  validation {
    condition     = length(var.service) > 0
    error_message = "service must not be empty"
  }
}

variable "azs" {
  type    = map(string)
  default = { a = "eu-west-1a", b = "eu-west-1b" }
}

locals {
  tags = { Service = var.service }
  name = "${var.service}-${data.aws_region.current.region}"
}
