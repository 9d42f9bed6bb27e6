"""``field__one_of=ids``: membership in a list of ids resolved in Python, as one array parameter.

``field__in=ids`` sends every id as its own parameter; psycopg merges them into the statement one by
one (client-side binding), about 8 µs an id: 16 ms for each statement carrying a director's 2,000
inspection ids. On PostgreSQL this sends ``field = ANY(%s)`` with the whole list as one array, which
the planner estimates from the column's statistics just as it does an ``IN`` list. Other engines get
the ``IN`` list. Registered on every field and relation by ``CoreConfig.ready``.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Lookup


class OneOf(Lookup):
    lookup_name = "one_of"
    prepare_rhs = False

    def get_prep_lookup(self) -> Any:
        return [self.lhs.output_field.get_prep_value(value) for value in self.rhs]

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, Any]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values = list(self.rhs)
        if not values:
            return "1 = 0", ()
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s)", (*lhs_params, values)
        return f"{lhs} IN ({', '.join(['%s'] * len(values))})", (*lhs_params, *values)
