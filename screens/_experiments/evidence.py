"""Evidence levels, unintended effects and replications on the experiments and story pages:
the level a card holds, the level suggested (with why) and its confirmation, a chain's counts
with links to the other cities' stories, and "Start a replication"."""

from __future__ import annotations

from typing import Any

import streamlit as st

from models.experiment import EVIDENCE_LEVELS, Experiment, Learning, LearningUpdate
from models.user import User
from screens import _ui as ui
from screens._experiments import lab
from services.core import permissions
from services.experiments import evidence, experiments, replication

STORY_PAGE = "screens/story.py"


def level_label(level: int | None) -> str:
    """'Evidence 3/5: A comparison shows …', or 'Not graded'."""
    if not level:
        return ui.t_plain("learning.evidence.none")
    return ui.t_plain(
        "learning.evidence.level", level=level, meaning=ui.t_plain(f"learning.evidence.{level}")
    )


def level_options() -> list[int | None]:
    return [None, *EVIDENCE_LEVELS]


def scale_expander(key: str) -> None:
    """What the five levels mean (the app's explanation of the scale)."""
    with st.expander(
        ui.t("learning.evidence.scale_title"), icon=":material/stairs:", key=f"{key}.scale"
    ):
        st.text(ui.t_plain("learning.evidence.scale"))


def suggestion_text(suggestion: evidence.Suggestion) -> str:
    why = ui.t_plain(f"learning.evidence.why.{suggestion.reason}", **suggestion.values)
    return ui.t_plain("learning.evidence.suggested", level=suggestion.level, why=why)


def learning_evidence(
    user: User,
    learning: Learning,
    suggestion: evidence.Suggestion,
    can_edit: bool,
    prefix: str,
) -> None:
    """The card's level, the suggestion with its reason and, for an editor, a button that
    confirms the suggested level (the only way a suggestion is stored)."""
    st.text(level_label(learning.evidence_level))
    if learning.evidence_level == suggestion.level:
        return
    st.caption(ui.md(suggestion_text(suggestion)))
    if can_edit and st.button(
        ui.t("learning.evidence.confirm", level=suggestion.level),
        key=f"{prefix}.confirm_level",
        icon=":material/verified:",
    ):
        ui.write(
            lambda: experiments.update_learning(
                user, learning, LearningUpdate(evidence_level=suggestion.level)
            ),
            success=ui.t("learning.evidence.confirmed"),
            on_conflict=lab.show_conflict,
        )


def unintended(learning: Learning) -> None:
    if learning.unintended_effects:
        st.text(ui.t_plain("learning.unintended", text=learning.unintended_effects))


def city_names(user: User) -> dict[str, str]:
    """The names of the cities the user may see."""
    return {c.id: c.name for c in ui.city_choices(user)}


def chain_block(
    user: User, experiment: Experiment, chain: evidence.Chain | None, key: str, links: bool = True
) -> None:
    """What the experiment replicates, the chain's counts, and links to the stories of the
    other cities of the chain that the user may read."""
    if chain is None:
        return
    names = city_names(user)
    source = next((m for m in chain.members if m.id == experiment.replicates), None)
    if source is not None and source.city_id in names:
        st.text(
            ui.t_plain("replication.replicates", title=source.title, city=names[source.city_id])
        )
    st.caption(ui.t("replication.chain", tested=len(chain.tested), held=len(chain.held)))
    others = [
        c
        for c in replication.readable_cities(user, chain)
        if c != experiment.city_id and c in names
    ]
    if links and others:
        with st.container(key=f"{key}.chain"):
            st.caption(ui.t("replication.others"))
            for city_id in others:
                st.page_link(
                    STORY_PAGE,
                    label=ui.md(names[city_id]),
                    query_params={"city": city_id},
                    icon=":material/auto_stories:",
                )


def destinations(user: User, experiment: Experiment) -> dict[str, str]:
    """The cities the user may start a replication of `experiment` in."""
    return {
        c.id: c.name
        for c in ui.city_choices(user)
        if c.id != experiment.city_id and permissions.allowed(user, "experiment.edit", c.id)
    }


def replication_form(user: User, experiment: Experiment, key: str) -> None:
    """'Start a replication': pick one of the user's cities; the service copies the card."""
    into = destinations(user, experiment)
    if not into:
        return
    with st.popover(ui.t("replication.start"), icon=":material/content_copy:"):
        st.caption(ui.t("replication.start.help"))
        form = ui.form_state(f"{key}.replicate")
        with st.form(f"{key}.replicate.form"):
            city_id = st.selectbox(
                ui.t("replication.into"), list(into), format_func=into.get, key=f"{key}.into"
            )
            submitted = st.form_submit_button(
                ui.t("replication.start"), key=f"{key}.replicate", type="primary"
            )
        if submitted:
            ui.write(
                lambda: replication.start_replication(user, experiment.id, city_id),
                success=ui.t("replication.started"),
                form=form,  # the click burst answered once
            )


def replicates_field(ctx: Any, current: Experiment | None, key: str) -> str | None:
    """The test card's 'Replicates another city's test' choice: none, or one of the network's
    test cards in other cities (the one stored is kept even if no longer listed)."""
    cards = lab.card_labels(ctx.user, ctx.city.id)
    stored = current.replicates if current else None
    options: list[str | None] = [None, *cards]
    if stored and stored not in cards:
        options.append(stored)
    none = ui.t_plain("replication.f.replicates.none")

    def label(card_id: str | None) -> str:
        if card_id is None:
            return none
        return cards.get(card_id, card_id)

    return st.selectbox(
        ui.t("replication.f.replicates"),
        options,
        index=options.index(stored) if stored in options else 0,
        format_func=label,
        key=key,
    )


def replicate_from_network(ctx: Any) -> None:
    """'Replicate another city's test': pick one of the network's other test cards; the service
    copies its design into this city's experiments."""
    if not ctx.can("experiment.edit"):
        return
    with st.expander(
        ui.t("replication.from_network"), icon=":material/content_copy:", key="replicate.network"
    ):
        st.caption(ui.t("replication.from_network.help"))
        cards = lab.card_labels(ctx.user, ctx.city.id)
        if not cards:
            st.caption(ui.t("replication.from_network.none"))
            return
        form = ui.form_state("replicate.network")
        with st.form("replicate.network.form"):
            card_id = st.selectbox(
                ui.t("replication.card"),
                list(cards),
                format_func=cards.__getitem__,
                key=form.key("card"),
            )
            submitted = st.form_submit_button(
                ui.t("replication.start"), key=form.key("submit"), type="primary"
            )
        if submitted:
            ui.write(
                lambda: replication.start_replication(
                    ctx.user, card_id, ctx.city.id, submission=form.submission
                ),
                success=ui.t("replication.started"),
                form=form,
            )


def suggestions(
    learnings: list[Learning],
    by_id: dict[str, Experiment],
    found: dict[str, Any],
    chains: dict[str, evidence.Chain],
) -> dict[str, evidence.Suggestion]:
    """Each learning's suggested level, by learning id."""
    return {lg.id: replication.suggestion(lg, by_id, found, chains) for lg in learnings}
