"""The one way the assumption, test card and learning forms save: create when there is nothing
yet, else update only the fields that changed (ui.write: success, field errors, refusal, or
the conflict view with the typing kept in the form)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from models.experiment import (
    AssumptionCreate,
    AssumptionUpdate,
    ExperimentCreate,
    ExperimentUpdate,
    LearningCreate,
    LearningUpdate,
)
from screens import _ui as ui
from screens._experiments import lab
from screens._experiments.context import Lab
from services.experiments import experiments

# kind -> (create input, update input, create use case, update use case)
WRITES: dict[str, tuple[type, type, Callable, Callable]] = {
    "assumption": (
        AssumptionCreate,
        AssumptionUpdate,
        experiments.create_assumption,
        experiments.update_assumption,
    ),
    "experiment": (
        ExperimentCreate,
        ExperimentUpdate,
        experiments.create_experiment,
        experiments.update_experiment,
    ),
    "learning": (
        LearningCreate,
        LearningUpdate,
        experiments.create_learning,
        experiments.update_learning,
    ),
}


def save(
    ctx: Lab,
    kind: str,
    current: Any,
    values: Callable[[], dict[str, Any]],
    form: ui.FormState,
) -> None:
    """Create the document from `values()`, or update `current` with the values that changed.

    `values` is called inside the write, so input a model refuses is shown like any other.
    A create carries the form's submission id (a double click creates one); the form is
    cleared once the write is confirmed.
    """
    create_input, update_input, create, update = WRITES[kind]

    def run() -> Any:
        if current is None:
            data = create_input(**values())
            return create(ctx.user, ctx.city.id, data, submission=form.submission)
        changed = {k: v for k, v in values().items() if getattr(current, k) != v}
        if not changed:
            return current
        return update(ctx.user, current, update_input(**changed))

    ui.write(run, success=ui.t("experiments.saved"), on_conflict=lab.show_conflict, form=form)
