"""Inspection planning and fieldwork (plans, inspections, teams, checklists): built in issue 3."""
