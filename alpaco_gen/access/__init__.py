"""The access simulation: every call the generated system makes at run time, checked against the policies it
generates (identity, resource and key policies), so a missing grant is found before anything is deployed."""

from alpaco_gen.access.simulate import Result, simulate

__all__ = ["Result", "simulate"]
