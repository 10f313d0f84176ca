"""Network rules (AG4xx): CIDRs, subnets, availability zones, NAT, endpoints and security groups."""
