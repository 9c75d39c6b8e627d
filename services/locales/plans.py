"""Messages of the plan: sections, fields, versions, history, conflicts: (English, French)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # validation (pydantic error types raised by models/plan.py)
    "validation.plan_end_before_start": (
        "must not be before the start",
        "ne doit pas précéder le début",
    ),
    "validation.plan_duplicate_id": ("two items share the same id", "deux éléments ont le même id"),
    "validation.plan_duplicate_key": (
        "two objectives share the same key",
        "deux objectifs ont la même clé",
    ),
    "validation.plan_tree_too_deep": (
        "has too many levels (at most {max})",
        "a trop de niveaux ({max} au plus)",
    ),
    "validation.plan_value_type": ("must be of type {type}", "doit être de type {type}"),
    "validation.plan_order_mismatch": (
        "must list every section exactly once",
        "doit citer chaque section une seule fois",
    ),
}
