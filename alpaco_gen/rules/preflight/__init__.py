"""Preflight (AG9xx): read-only checks of the live AWS account. `alpaco-gen preflight` emits these findings
(alpaco_gen.aws); the classes here are their catalog entries, so `rules`, `explain` and the docs know them.
"""
