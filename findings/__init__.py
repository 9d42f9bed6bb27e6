"""Findings, corrective actions, responses and discipline: built in issue 4."""
