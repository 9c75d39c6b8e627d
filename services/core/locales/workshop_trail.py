"""Messages of a workshop's trail: where promoted items went, the link back from the plan, the
follow-through in check-ins and coordination agendas, proxy votes and readiness:
(English, French)."""

MESSAGES: dict[str, tuple[str, str]] = {
    "plan.field.workshop": ("From workshop", "Issu de l'atelier"),
    "export.from_workshop": ("from workshop «{title}»", "issu de l'atelier « {title} »"),
    "plan.origins": ("From workshops:", "Issus d'ateliers :"),
    "story.workshops": ("Decided in workshops", "Décidé en atelier"),
    "story.workshop_line": (
        "{item} ({target}), from workshop «{title}»",
        "{item} ({target}), issu de l'atelier « {title} »",
    ),
    "trail.title": ("Where the promoted items went", "Où sont allés les éléments versés"),
    "trail.none": ("Nothing promoted from this workshop yet.", "Rien de versé depuis cet atelier."),
    "trail.note": ("Note", "Note"),
    "trail.target": ("Went to", "Versé dans"),
    "trail.item": ("Item", "Élément"),
    "trail.status": ("Status now", "État actuel"),
    "trail.answers": ("Check-in answers", "Réponses des points d'étape"),
    "trail.target.problem": ("Plan: problem tree", "Plan : arbre à problèmes"),
    "trail.target.stakeholders": ("Plan: stakeholders", "Plan : parties prenantes"),
    "trail.target.actions": ("Plan: actions", "Plan : actions"),
    "trail.target.assumptions": ("Assumptions", "Hypothèses"),
    "trail.status.removed": ("no longer in the plan", "plus dans le plan"),
    "trail.status.in_plan": ("in the plan", "dans le plan"),
    "trail.status.action": ("{status}, {progress} %", "{status}, {progress} %"),
    "trail.status.untested": ("not tested yet", "pas encore testée"),
    "trail.status.tested": (
        "tested by {count} experiment(s): {titles}",
        "testée par {count} expérimentation(s) : {titles}",
    ),
    "reporting.error.unknown_workshop": (
        "That workshop is not one of this city's.",
        "Cet atelier n'est pas un atelier de cette ville.",
    ),
    "checkin.follow_through": (
        "Decided in a workshop: what happened since?",
        "Décidé en atelier : que s'est-il passé depuis ?",
    ),
    "checkin.follow_question": (
        "What happened with «{title}»? (workshop «{workshop}»)",
        "Qu'est-il advenu de « {title} » ? (atelier « {workshop} »)",
    ),
    "agenda.workshop_action": (
        "{city}: «{title}», decided in workshop «{workshop}»: {status}",
        "{city} : « {title} », décidé en atelier « {workshop} » : {status}",
    ),
    "action.workshop.contribute": (
        "Post written input while a workshop collects it",
        "Contribuer par écrit pendant la collecte d'un atelier",
    ),
    "workshops.phase.collecting": ("Collecting input", "Collecte des contributions"),
    "workshops.error.deadline_past": (
        "the collection deadline must lie ahead",
        "la date limite de collecte doit être à venir",
    ),
    "workshops.error.not_collecting": (
        "this workshop is not collecting written input now",
        "cet atelier ne collecte pas de contributions en ce moment",
    ),
    "workshops.error.proxy_count": (
        "enter between 1 and {max} votes",
        "saisissez entre 1 et {max} votes",
    ),
    "workshops.error.no_proxy_vote": (
        "this note has no vote entered for the room",
        "cette note n'a aucun vote saisi pour la salle",
    ),
    "reminder.workshop_collecting": (
        "{city}: workshop «{title}» collects written input until {due}",
        "{city} : l'atelier « {title} » recueille des contributions jusqu'au {due}",
    ),
    "workshop.anonymous_phases": (
        "Names hidden in these phases (never stored for notes written then)",
        "Noms masqués pendant ces phases (jamais enregistrés pour les notes écrites alors)",
    ),
    "workshop.collect": (
        "Collect written input before the live session",
        "Recueillir des contributions écrites avant la séance",
    ),
    "workshop.collect_day": ("Collection deadline (day)", "Date limite de collecte (jour)"),
    "workshop.collect_time": ("Deadline time (UTC)", "Heure limite (UTC)"),
    "workshop.collecting_until": (
        "Collecting written input until {when} (UTC). Start the live session with a phase "
        "below: everything collected stays on the board.",
        "Collecte des contributions jusqu'au {when} (UTC). Lancez la séance avec une phase "
        "ci-dessous : tout ce qui a été recueilli reste au tableau.",
    ),
    "workshop.collect_closed": (
        "The collection window has closed.",
        "La période de collecte est terminée.",
    ),
    "workshop.contributed": ("Your note is in.", "Votre note est enregistrée."),
    "workshop.ready_posted": (
        "{done} of {total} participants have posted in this phase",
        "{done} participants sur {total} ont écrit pendant cette phase",
    ),
    "workshop.ready_voted": (
        "{done} of {total} participants have voted",
        "{done} participants sur {total} ont voté",
    ),
    "workshop.ready_anonymous": ("names hidden in this phase", "noms masqués pendant cette phase"),
    "workshop.ready_proxies": (
        "{count} votes entered for the room",
        "{count} votes saisis pour la salle",
    ),
    "workshop.proxy": ("Votes for people without a phone", "Votes des personnes sans téléphone"),
    "workshop.proxy_help": (
        "Counted with the others and shown apart, as votes entered for the room.",
        "Comptés avec les autres et indiqués à part, comme votes saisis pour la salle.",
    ),
    "workshop.proxy_note": ("Note", "Note"),
    "workshop.proxy_count": ("Votes", "Votes"),
    "workshop.proxy_add": ("Enter", "Saisir"),
    "workshop.proxy_remove": ("Take one back", "En retirer un"),
    "workshop.proxy_votes": ("{count} in the room", "{count} en salle"),
    "settings.tab.workshops": ("Workshop templates", "Modèles d'atelier"),
    "templates.help": (
        "Each workshop kind starts from its template: the live phases it runs through "
        "(writing, grouping, voting, results), the phases in which names are shown (the "
        "others are anonymous; collecting included), a timer per phase in minutes "
        "(writing=5, voting=3), the vote budget and whether notes and counts stay hidden "
        "until the reveal. The columns are the kind's own.",
        "Chaque type d'atelier part de son modèle : les phases de la séance (writing, "
        "grouping, voting, results), les phases où les noms sont visibles (les autres sont "
        "anonymes ; collecting compris), une minuterie par phase en minutes (writing=5, "
        "voting=3), le nombre de votes et si notes et décomptes restent masqués jusqu'à la "
        "révélation. Les colonnes sont celles du type.",
    ),
    "templates.column.key": ("Kind", "Type"),
    "templates.column.phases": ("Phases", "Phases"),
    "templates.column.named_phases": ("Names shown in", "Noms visibles pendant"),
    "templates.column.timers": ("Timers (minutes)", "Minuteries (minutes)"),
    "templates.column.votes_per_person": ("Votes per person", "Votes par personne"),
    "templates.column.hide_until_reveal": ("Hidden until reveal", "Masqué jusqu'à révélation"),
    "templates.column.several_votes_per_note": (
        "Several votes on a note",
        "Plusieurs votes par note",
    ),
    "templates.export": ("Download the templates (JSON)", "Télécharger les modèles (JSON)"),
    "templates.import": ("Load templates from a JSON file", "Charger des modèles (fichier JSON)"),
    "templates.import_go": ("Load these templates", "Charger ces modèles"),
    "templates.error.twice": (
        "a workshop kind is listed twice",
        "un type d'atelier figure deux fois",
    ),
    "templates.error.file": (
        "the file is not a JSON list of workshop templates",
        "le fichier n'est pas une liste JSON de modèles d'atelier",
    ),
    "templates.error.invalid": (
        "a template is not valid: {why}",
        "un modèle n'est pas valide : {why}",
    ),
    "templates.error.row": ("template {kind}: {why}", "modèle {kind} : {why}"),
    "validation.workshop_columns": (
        "the columns of a {kind} are {columns}",
        "les colonnes d'un {kind} sont {columns}",
    ),
    "validation.workshop_phases": ("phases are among {phases}", "les phases sont parmi {phases}"),
}
