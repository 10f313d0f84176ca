"""Secrets and parameters (AG170-AG179): references to existing ones, their keys, and who may read them."""
