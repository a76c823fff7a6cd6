"""Staffroom: staff trust, community and collective efficacy for school districts."""

__all__ = ["__version__"]

__version__ = "0.1.0"
