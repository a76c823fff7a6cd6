"""Metrics of success, PDSA cycles with equity pauses, run charts, and the readiness judgement
per school.
"""
