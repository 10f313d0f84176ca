"""IAM, names and hygiene (AG8xx): access levels, role ARNs, generated name limits, Terraform identifiers and
unused resources."""
