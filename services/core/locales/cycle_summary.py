"""Messages of the funder summary of one reporting cycle: (English, French)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # the role table
    "action.compliance.read": (
        "See compliance and the funder summary of a cycle",
        "Voir le suivi des rapports et la synthèse d'un cycle",
    ),
    # a listening panel over a period (the summary's figures)
    "dashboard.caption.help_period": (
        "{requests} {requests:one=request|other=requests} for help in the period, from {cities} of {total} {total:one=city|other=cities}.",
        "{requests} {requests:one=demande|other=demandes} d'aide sur la période, de {cities} {cities:one=ville|other=villes} sur {total}.",
    ),
    # the reports page
    "summary.heading": ("Funder summary of a cycle", "Synthèse d'un cycle pour les financeurs"),
    "summary.help": (
        "Every city in one document: compliance, each city's report as submitted, the "
        "network's check-ins over the period; charts as images, in the interface language.",
        "Toutes les villes dans un document : suivi des rapports, le rapport de chaque ville tel "
        "que soumis, les points d'étape du réseau sur la période ; graphiques en images, dans la "
        "langue de l'interface.",
    ),
    "summary.cycle": ("Cycle", "Cycle"),
    "summary.pdf": ("Summary (PDF)", "Synthèse (PDF)"),
    "summary.docx": ("Summary (Word)", "Synthèse (Word)"),
    "summary.file_word": ("funder-summary", "synthese-financeurs"),
    # the document
    "summary.title": (
        "{network}: funder summary, {cycle}",
        "{network} : synthèse pour les financeurs, {cycle}",
    ),
    "summary.covers": (
        "{cities} {cities:one=city|other=cities}, {start} to {end}; prepared on {date}.",
        "{cities} {cities:one=ville|other=villes}, du {start} au {end} ; établie le {date}.",
    ),
    "summary.which_cycle": (
        "{cycle} of each city, as the reports are filed: a quarter is the same three months for "
        "every city; an experiment cycle (Cycle 2) is each city's own second cycle, with its own "
        "dates. A city without {cycle} is listed with its cycles of that period. Each report "
        "reads as it was submitted (its content frozen on submission).",
        "{cycle} de chaque ville, tel que les rapports sont classés : un trimestre est le même "
        "pour toutes les villes ; un cycle d'expérimentation (Cycle 2) est le deuxième cycle "
        "propre à chaque ville, avec ses dates. Une ville sans {cycle} est citée avec ses "
        "cycles de la période. Chaque rapport est présenté tel que soumis (son contenu figé à "
        "la soumission).",
    ),
    "summary.compliance": ("Reports of the cycle", "Rapports du cycle"),
    "summary.compliance.caption": (
        "Of {cities} {cities:one=city|other=cities} with {cycle}: {accepted} accepted, {submitted} submitted on time, {late} late, {returned} sent back, {missing} missing, {open} not yet due.",
        "Sur {cities} {cities:one=ville concernée|other=villes concernées} par {cycle} : {accepted} {accepted:one=accepté|other=acceptés}, {submitted} soumis à temps, {late} en retard, {returned} {returned:one=renvoyé|other=renvoyés}, {missing} {missing:one=manquant|other=manquants}, {open} pas encore {open:one=dû|other=dus}.",
    ),
    "summary.compliance.none": (
        "No city has {cycle}.",
        "Aucune ville n'est concernée par {cycle}.",
    ),
    "summary.column.state": ("State", "État"),
    "summary.column.cities": ("Cities", "Villes"),
    "summary.column.city": ("City", "Ville"),
    "summary.column.period": ("Period", "Période"),
    "summary.column.submitted": ("Submitted on", "Soumis le"),
    "summary.network": ("Across the network", "Dans l'ensemble du réseau"),
    "summary.network.period": (
        "Check-ins of every city dated {start} to {end}.",
        "Points d'étape de toutes les villes datés du {start} au {end}.",
    ),
    "summary.city.period": (
        "{cycle}: {start} to {end}, due {due} · {state}",
        "{cycle} : du {start} au {end}, échéance le {due} · {state}",
    ),
    "summary.city.no_cycle": (
        "No {cycle} for this city; its cycles in that period: {cycles}.",
        "Pas de {cycle} pour cette ville ; ses cycles de la période : {cycles}.",
    ),
    "summary.city.no_cycle_none": (
        "No {cycle} for this city, and no other cycle in that period.",
        "Pas de {cycle} pour cette ville, ni d'autre cycle sur la période.",
    ),
    "summary.city.other_cycle": (
        "{cycle}, {start} to {end} ({state})",
        "{cycle}, du {start} au {end} ({state})",
    ),
    "summary.city.no_report": (
        "No report submitted for this cycle.",
        "Aucun rapport soumis pour ce cycle.",
    ),
    "summary.city.draft": (
        "No report submitted for this cycle (a draft is being written).",
        "Aucun rapport soumis pour ce cycle (un brouillon est en cours).",
    ),
    "summary.city.submitted": (
        "Submitted on {date} by {who}; shown as submitted.",
        "Soumis le {date} par {who} ; présenté tel que soumis.",
    ),
    "summary.city.returned": (
        "Sent back to the city for changes.",
        "Renvoyé à la ville pour compléments.",
    ),
    "summary.city.experiments": ("Experiments concluded", "Expérimentations conclues"),
    "summary.city.experiments_none": (
        "No experiment concluded in this cycle.",
        "Aucune expérimentation conclue sur ce cycle.",
    ),
    "summary.city.activity": (
        "In this cycle: {stage_changes} stage {stage_changes:one=change|other=changes}, {plan_changes} plan {plan_changes:one=change|other=changes}, {versions} plan {versions:one=version|other=versions} frozen, {results} {results:one=result|other=results} recorded, {learnings} {learnings:one=learning|other=learnings}, {meetings} group {meetings:one=meeting|other=meetings}.",
        "Sur ce cycle : {stage_changes} {stage_changes:one=changement|other=changements} d'étape, {plan_changes} {plan_changes:one=modification|other=modifications} du plan, {versions} {versions:one=version du plan figée|other=versions du plan figées}, {results} {results:one=résultat enregistré|other=résultats enregistrés}, {learnings} {learnings:one=enseignement|other=enseignements}, {meetings} {meetings:one=réunion|other=réunions} du groupe.",
    ),
    "summary.city.checkins": (
        "{count} {count:one=check-in|other=check-ins}, {count:one=mood|other=mean mood} {mood} of 5.",
        "{count} {count:one=point d'étape|other=points d'étape}, {count:one=humeur|other=humeur moyenne} {mood} sur 5.",
    ),
    "summary.city.checkins_none": (
        "No check-in in this cycle.",
        "Aucun point d'étape sur ce cycle.",
    ),
}
