"""Audit trail for accounts: who was given which role, and when.

Accounts are Django's own users, so their history is registered here rather than declared on a model.
Every save is kept, including the ``last_login`` update of each login, which doubles as a login record.
"""

from django.contrib.auth.models import User
from simple_history import register

register(User, app="core", m2m_fields=["groups"], excluded_fields=["password"])
