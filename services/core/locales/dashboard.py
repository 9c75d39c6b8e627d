"""The coordinator's dashboard: panels, captions (with their numbers), filters, attention."""

MESSAGES: dict[str, tuple[str, str]] = {
    "nav.dashboard": ("Dashboard", "Tableau de bord"),
    "dashboard.title": ("Network dashboard", "Tableau de bord du réseau"),
    "dashboard.intro": (
        "{count} {count:one=city|other=cities} in view. Every figure comes from the cities' summaries, current as of {date}.",
        "{count} {count:one=ville affichée|other=villes affichées}. Chaque chiffre vient des synthèses des villes, à jour au {date}.",
    ),
    "dashboard.no_cities": (
        "No city matches these filters.",
        "Aucune ville ne correspond à ces filtres.",
    ),
    "dashboard.none": ("(none)", "(aucun)"),
    # filters
    "dashboard.filter.cluster": ("Cluster", "Thématique"),
    "dashboard.filter.country": ("Country", "Pays"),
    "dashboard.filter.stage": ("Stage", "Étape"),
    "dashboard.filter.period": ("Period", "Période"),
    "dashboard.filter.all": ("All", "Tous"),
    "dashboard.filter.reset": ("Clear all", "Tout effacer"),
    "dashboard.period.all": ("Whole programme", "Tout le programme"),
    "dashboard.period.3m": ("Last 3 months", "3 derniers mois"),
    "dashboard.period.6m": ("Last 6 months", "6 derniers mois"),
    "dashboard.period.12m": ("Last 12 months", "12 derniers mois"),
    "dashboard.period.help": (
        "The period narrows the charts over time (stages over time, meetings, mood, blockers, "
        "help requested); the others show where cities stand today.",
        "La période restreint les graphiques dans le temps (étapes au fil du temps, réunions, "
        "moral, blocages, aide demandée) ; les autres montrent où en sont les villes "
        "aujourd'hui.",
    ),
    # the period as a caption says it
    "dashboard.during.all": ("over the whole programme", "sur tout le programme"),
    "dashboard.during.3m": ("in the last 3 months", "sur les 3 derniers mois"),
    "dashboard.during.6m": ("in the last 6 months", "sur les 6 derniers mois"),
    "dashboard.during.12m": ("in the last 12 months", "sur les 12 derniers mois"),
    # sections
    "dashboard.section": ("View", "Vue"),
    "dashboard.section.stages": ("Stages", "Étapes"),
    "dashboard.section.experiments": ("Experiments", "Expérimentations"),
    "dashboard.section.methods": ("What works where", "Ce qui marche où"),
    "dashboard.section.engagement": ("Engagement", "Mobilisation"),
    "dashboard.section.plans": ("Plans", "Plans"),
    "dashboard.section.attention": ("Needing attention", "À suivre"),
    # panels
    "dashboard.panel.stage_progress": ("Stage progress per city", "Avancement par ville"),
    "dashboard.panel.stages_over_time": (
        "How the stages moved over time",
        "Évolution des étapes dans le temps",
    ),
    "dashboard.panel.outcomes_by_city": (
        "Experiment outcomes by city",
        "Résultats des expérimentations par ville",
    ),
    "dashboard.panel.outcomes_by_category": (
        "Experiment outcomes by assumption category",
        "Résultats des expérimentations par catégorie d'hypothèse",
    ),
    "dashboard.panel.outcomes_by_cluster": (
        "Experiment outcomes by cluster",
        "Résultats des expérimentations par thématique",
    ),
    "dashboard.panel.decisions": ("Decisions taken", "Décisions prises"),
    "dashboard.panel.riskiest": (
        "Riskiest assumptions tested",
        "Hypothèses les plus risquées testées",
    ),
    "dashboard.panel.lag": ("Local action group size", "Taille des groupes d'action locale"),
    "dashboard.panel.sectors": ("Stakeholders by sector", "Parties prenantes par secteur"),
    "dashboard.panel.meetings": (
        "Local action group meetings per quarter",
        "Réunions des groupes d'action locale par trimestre",
    ),
    "dashboard.panel.completeness": ("Plan completeness", "Complétude des plans"),
    "dashboard.panel.methods": ("What works where", "Ce qui marche où"),
    "dashboard.panel.attention": ("Cities needing attention", "Villes à suivre"),
    # captions: one line, with the numbers
    "dashboard.caption.no_data": (
        "No data yet for these cities.",
        "Pas encore de données pour ces villes.",
    ),
    "dashboard.caption.stage_progress": (
        "{stuck} of {total} {total:one=city|other=cities} {stuck:one=has|other=have} been in the same stage for more than {days} days; {behind} {behind:one=is|other=are} behind the programme timeline.",
        "{stuck} {stuck:one=ville|other=villes} sur {total} {stuck:one=est|other=sont} à la même étape depuis plus de {days} jours ; {behind} {behind:one=est|other=sont} en retard sur le calendrier du programme.",
    ),
    "dashboard.caption.stages_over_time": (
        "Since {start}, {moved} of {total} {total:one=city|other=cities} moved up at least one stage and {back} went back to an earlier one (by each city's latest change).",
        "Depuis {start}, {moved} {moved:one=ville|other=villes} sur {total} {moved:one=a|other=ont} franchi au moins une étape et {back} {back:one=est revenue|other=sont revenues} à une étape antérieure (selon le dernier changement de chaque ville).",
    ),
    "dashboard.caption.outcomes_by_city": (
        "{cities} of {total} {total:one=city|other=cities} {cities:one=has|other=have} run experiments; {validated} of {finished} finished {finished:one=experiment|other=experiments} {validated:one=was|other=were} validated, {running} {running:one=is|other=are} in progress.",
        "{cities} {cities:one=ville|other=villes} sur {total} {cities:one=a|other=ont} mené des expérimentations ; {validated} sur {finished} {finished:one=terminée|other=terminées} {validated:one=a été validée|other=ont été validées}, {running} {running:one=est|other=sont} en cours.",
    ),
    "dashboard.caption.outcomes_by_category": (
        "Most tested: {category} assumptions, {experiments} {experiments:one=experiment|other=experiments} ({validated} of {finished} finished validated).",
        "Les plus testées : hypothèses « {category} », {experiments} {experiments:one=expérimentation|other=expérimentations} ({validated} {validated:one=validée|other=validées} sur {finished} {finished:one=terminée|other=terminées}).",
    ),
    "dashboard.caption.outcomes_by_category_tie": (
        "Most tested, with {experiments} {experiments:one=experiment|other=experiments} each: {categories} assumptions.",
        "Les plus testées, avec {experiments} {experiments:one=expérimentation|other=expérimentations} chacune : hypothèses {categories}.",
    ),
    "dashboard.caption.outcomes_by_cluster": (
        "{cluster} has the most validated experiments ({validated}), of {clusters} {clusters:one=cluster|other=clusters} experimenting.",
        "« {cluster} » compte le plus d'expérimentations validées ({validated}), sur {clusters} {clusters:one=thématique qui expérimente|other=thématiques qui expérimentent}.",
    ),
    "dashboard.caption.outcomes_by_cluster_tie": (
        "{cluster} tie for the most validated experiments, with {validated} each, of {clusters} clusters experimenting.",
        "{cluster} sont à égalité pour le plus d'expérimentations validées, avec {validated} chacune, sur {clusters} thématiques qui expérimentent.",
    ),
    "dashboard.caption.outcomes_by_cluster_none": (
        "No experiment has been validated yet in the {clusters} {clusters:one=cluster|other=clusters} experimenting.",
        "Aucune expérimentation n'a encore été validée dans {clusters:one=la|other=les} {clusters} {clusters:one=thématique qui expérimente|other=thématiques qui expérimentent}.",
    ),
    "dashboard.caption.decisions": (
        "{total} learning cards: {persevere} persevere, {pivot} pivot, {retire} retire, "
        "{keep_testing} keep testing.",
        "{total} fiches d'apprentissage : {persevere} persévérer, {pivot} pivoter, {retire} "
        "abandonner, {keep_testing} continuer à tester.",
    ),
    "dashboard.caption.riskiest": (
        "{tested} of {total} riskiest assumptions have been tested ({share}).",
        "{tested} hypothèses les plus risquées sur {total} ont été testées ({share}).",
    ),
    "dashboard.caption.lag": (
        "{cities} of {total} {total:one=city lists|other=cities list} members of a local action group ({median} members, median).",
        "{cities} {cities:one=ville|other=villes} sur {total} {cities:one=liste|other=listent} les membres d'un groupe d'action locale ({median} membres, médiane).",
    ),
    "dashboard.caption.lag_none": (
        "None of the {total} {total:one=city lists|other=cities list} members of a local action group.",
        "Aucune des {total} villes ne liste les membres d'un groupe d'action locale.",
    ),
    "dashboard.caption.lag_attendance": (
        "{cities} {cities:one=city lists|other=cities list} no members but held {meetings} {meetings:one=meeting|other=meetings}, with {attendees} attendees on average.",
        "{cities} {cities:one=ville ne liste|other=villes ne listent} aucun membre mais {cities:one=a|other=ont} tenu {meetings} {meetings:one=réunion|other=réunions}, avec en moyenne {attendees} participants.",
    ),
    "dashboard.caption.sectors": (
        "{stakeholders} {stakeholders:one=stakeholder|other=stakeholders} mapped in {cities} {cities:one=city|other=cities}; the largest sector is {sector} ({share}).",
        "{stakeholders} {stakeholders:one=partie prenante cartographiée|other=parties prenantes cartographiées} dans {cities} {cities:one=ville|other=villes} ; le premier secteur est « {sector} » ({share}).",
    ),
    "dashboard.caption.meetings": (
        "{meetings} local action group {meetings:one=meeting|other=meetings} in {quarter}, in {cities} of {total} {total:one=city|other=cities}.",
        "{meetings} {meetings:one=réunion|other=réunions} de groupes d'action locale en {quarter}, dans {cities} {cities:one=ville|other=villes} sur {total}.",
    ),
    "dashboard.caption.completeness": (
        "{actions} {actions:one=action|other=actions} planned in {cities} {cities:one=city|other=cities}; the least filled in: {part} ({share} of actions).",
        "{actions} {actions:one=action prévue|other=actions prévues} dans {cities} {cities:one=ville|other=villes} ; le moins renseigné : {part} ({share} des actions).",
    ),
    "dashboard.caption.methods": (
        "{tried} of {methods} {methods:one=method|other=methods} {tried:one=has|other=have} been tried; {method} has the most validated experiments ({validated} of {finished} finished, in {cities} {cities:one=city|other=cities}).",
        "{tried} {tried:one=méthode|other=méthodes} sur {methods} {tried:one=a été essayée|other=ont été essayées} ; « {method} » compte le plus d'expérimentations validées ({validated} sur {finished} {finished:one=terminée|other=terminées}, dans {cities} {cities:one=ville|other=villes}).",
    ),
    "dashboard.caption.methods_tie": (
        "{tried} of {methods} {methods:one=method|other=methods} {tried:one=has|other=have} been tried; {method} tie with {validated} validated each.",
        "{tried} {tried:one=méthode|other=méthodes} sur {methods} {tried:one=a été essayée|other=ont été essayées} ; {method} sont à égalité avec {validated} {validated:one=validée|other=validées} chacune.",
    ),
    "dashboard.caption.methods_none": (
        "{tried} of {methods} {methods:one=method|other=methods} {tried:one=has|other=have} been tried; no experiment has been validated yet.",
        "{tried} {tried:one=méthode|other=méthodes} sur {methods} {tried:one=a été essayée|other=ont été essayées} ; aucune expérimentation n'a encore été validée.",
    ),
    "dashboard.caption.attention": (
        "{count} of {total} {total:one=city|other=cities} {count:one=needs|other=need} attention; the most common reason: {reason} ({cities}).",
        "{count} {count:one=ville|other=villes} sur {total} {count:one=est|other=sont} à suivre ; raison la plus fréquente : {reason} ({cities}).",
    ),
    "dashboard.caption.attention_none": (
        "None of the {total} cities needs attention today.",
        "Aucune des {total} villes n'est à suivre aujourd'hui.",
    ),
    "dashboard.note.least_advanced": (
        "The chart and its table show the {shown} least advanced of {total} cities; the CSV "
        "has them all.",
        "Le graphique et son tableau montrent les {shown} villes les moins avancées sur "
        "{total} ; le CSV les a toutes.",
    ),
    "dashboard.note.most_experiments": (
        "The chart shows the {shown} of {total} cities with the most experiments; the table has "
        "them all.",
        "Le graphique montre les {shown} villes sur {total} qui ont le plus d'expérimentations ; "
        "le tableau les a toutes.",
    ),
    "dashboard.note.click_city": (
        "Click a city in the chart to open it.",
        "Cliquez sur une ville du graphique pour l'ouvrir.",
    ),
    # attention
    "dashboard.reason.separator": ("; ", " ; "),
    "dashboard.reason.inactive": (
        "no activity for {days} {days:one=day|other=days}",
        "aucune activité depuis {days} {days:one=jour|other=jours}",
    ),
    "dashboard.reason.inactive_never": (
        "nothing recorded since it joined, {days} {days:one=day|other=days} ago",
        "rien d'enregistré depuis son arrivée, il y a {days} {days:one=jour|other=jours}",
    ),
    "dashboard.reason.stuck": (
        "{days} days in {stage}",
        "{days} jours à l'étape « {stage} »",
    ),
    "dashboard.reason.behind": (
        "behind the timeline (expected: {stage})",
        "en retard sur le calendrier (attendu : {stage})",
    ),
    "dashboard.reason.inconclusive": (
        "{count:one=its|other=all} {count} finished {count:one=experiment|other=experiments} inconclusive",
        "{count:one=sa|other=les} {count} {count:one=expérimentation terminée est non concluante|other=expérimentations terminées sont non concluantes}",
    ),
    "dashboard.reason.awaiting_close": (
        "{count} {count:one=experiment past its|other=experiments past their} end date, not closed",
        "{count} {count:one=expérimentation échue, non clôturée|other=expérimentations échues, non clôturées}",
    ),
    "dashboard.reason_name.inactive": ("no recent activity", "pas d'activité récente"),
    "dashboard.reason_name.stuck": ("stuck in a stage", "bloquée à une étape"),
    "dashboard.reason_name.behind": ("behind the timeline", "en retard sur le calendrier"),
    "dashboard.reason_name.inconclusive": (
        "only inconclusive experiments",
        "expérimentations toutes non concluantes",
    ),
    "dashboard.reason_name.awaiting_close": (
        "experiments not closed",
        "expérimentations non clôturées",
    ),
    "dashboard.attention.more": (
        "{count} more {count:one=city|other=cities} in the table below.",
        "{count} {count:one=autre ville|other=autres villes} dans le tableau ci-dessous.",
    ),
    "dashboard.link.progress": ("Progress", "Avancement"),
    "dashboard.link.plan": ("Plan", "Plan"),
    "dashboard.link.story": ("Story", "Récit"),
    # data next to each chart
    "dashboard.data": ("Data", "Données"),
    "dashboard.download": ("Download CSV", "Télécharger en CSV"),
    "dashboard.download.png": ("PNG image", "Image PNG"),
    "dashboard.download.svg": ("SVG image", "Image SVG"),
    # the funder brief
    "dashboard.brief": ("Funder brief", "Note aux financeurs"),
    "dashboard.brief.help": (
        "The overview for the chosen filters and period, charts as images, in the interface "
        "language.",
        "La vue d'ensemble pour les filtres et la période choisis, graphiques en images, dans la "
        "langue de l'interface.",
    ),
    "dashboard.brief.pdf": ("Funder brief (PDF)", "Note aux financeurs (PDF)"),
    "dashboard.brief.docx": ("Funder brief (Word)", "Note aux financeurs (Word)"),
    "dashboard.brief.title": ("{network}: funder brief", "{network} : note aux financeurs"),
    "dashboard.brief.covers": (
        "{count} {count:one=city|other=cities}, figures current as of {date}, from the cities' summaries.",
        "{count} {count:one=ville|other=villes}, chiffres à jour au {date}, tirés des synthèses des villes.",
    ),
    "dashboard.brief.period": ("Period: {period}", "Période : {period}"),
    "dashboard.brief.attention_more": (
        "{count} more {count:one=city needs|other=cities need} attention: the dashboard lists them all.",
        "{count} {count:one=autre ville est|other=autres villes sont} à suivre : le tableau de bord les liste toutes.",
    ),
    "dashboard.brief.file_word": ("funder-brief", "note-financeurs"),
    "dashboard.rows_shown": (
        "The first {shown} of {total} rows; the CSV has them all.",
        "Les {shown} premières lignes sur {total} ; le CSV les a toutes.",
    ),
    "dashboard.methods.cards": (
        "Experiments and learning cards: {method}",
        "Expérimentations et fiches d'apprentissage : {method}",
    ),
    "dashboard.methods.pick": ("Method", "Méthode"),
    "dashboard.methods.none": (
        "No experiment of these cities used this method yet.",
        "Aucune expérimentation de ces villes n'a encore utilisé cette méthode.",
    ),
    # plan completeness parts
    "dashboard.part.owner": ("Owner", "Responsable"),
    "dashboard.part.dates": ("Start and end dates", "Dates de début et de fin"),
    "dashboard.part.cost": ("Cost", "Coût"),
    "dashboard.part.funding": ("Funding source", "Source de financement"),
    "dashboard.part.indicator": ("Indicator", "Indicateur"),
    "dashboard.part.risk": ("Risk", "Risque"),
    # columns of the data tables
    "dashboard.column.city_id": ("City id", "Identifiant de la ville"),
    "dashboard.column.city": ("City", "Ville"),
    "dashboard.column.country": ("Country", "Pays"),
    "dashboard.column.cluster": ("Cluster", "Thématique"),
    "dashboard.column.stage": ("Stage", "Étape"),
    "dashboard.column.progress": ("Gate met", "Étape validée à"),
    "dashboard.column.days_in_stage": ("Days in stage", "Jours à l'étape"),
    "dashboard.column.expected_stage": ("Expected stage", "Étape attendue"),
    "dashboard.column.behind": ("Behind the timeline", "En retard"),
    "dashboard.column.share": ("Share", "Part"),
    "dashboard.column.month": ("Month", "Mois"),
    "dashboard.column.cities": ("Cities", "Villes"),
    "dashboard.column.outcome": ("Outcome", "Résultat"),
    "dashboard.column.outcome_key": ("Outcome (code)", "Résultat (code)"),
    "dashboard.column.experiments": ("Experiments", "Expérimentations"),
    "dashboard.column.experiment": ("Experiment", "Expérimentation"),
    "dashboard.column.category": ("Assumption category", "Catégorie d'hypothèse"),
    "dashboard.column.decision": ("Decision", "Décision"),
    "dashboard.column.decision_key": ("Decision (code)", "Décision (code)"),
    "dashboard.column.cards": ("Learning cards", "Fiches d'apprentissage"),
    "dashboard.column.riskiest": ("Riskiest assumptions", "Hypothèses les plus risquées"),
    "dashboard.column.tested": ("Tested", "Testées"),
    "dashboard.column.lag_size": ("Members", "Membres"),
    "dashboard.column.sector": ("Sector", "Secteur"),
    "dashboard.column.stakeholders": ("Stakeholders", "Parties prenantes"),
    "dashboard.column.quarter": ("Quarter", "Trimestre"),
    "dashboard.column.meetings": ("Meetings", "Réunions"),
    "dashboard.column.part": ("Part of the action", "Élément de l'action"),
    "dashboard.column.actions": ("Actions", "Actions"),
    "dashboard.column.method_key": ("Method (code)", "Méthode (code)"),
    "dashboard.column.method": ("Method", "Méthode"),
    "dashboard.column.validated": ("Validated", "Validées"),
    "dashboard.column.invalidated": ("Invalidated", "Invalidées"),
    "dashboard.column.inconclusive": ("Inconclusive", "Non concluantes"),
    "dashboard.column.in_progress": ("In progress", "En cours"),
    "dashboard.column.not_run": ("Not run", "Non menées"),
    "dashboard.column.reasons": ("Reasons", "Raisons"),
    "dashboard.column.reason_keys": ("Reasons (codes)", "Raisons (codes)"),
    "dashboard.column.why": ("Why", "Pourquoi"),
    "dashboard.column.learning": ("Learning card", "Fiche d'apprentissage"),
    "dashboard.column.confidence": ("Confidence", "Confiance"),
    "dashboard.column.observation": ("Observation", "Observation"),
    "dashboard.column.insights": ("Insights", "Enseignements"),
    # where we stand (a city page's header)
    "dashboard.header.stage": ("Stage", "Étape"),
    "dashboard.header.days": ("Days in stage", "Jours à l'étape"),
    "dashboard.header.progress": ("Gate met", "Étape validée à"),
    "dashboard.header.outcomes": ("Experiments validated", "Expérimentations validées"),
    "dashboard.header.outcomes_value": (
        "{validated} of {total} ({finished} finished)",
        "{validated} sur {total} ({finished} {finished:one=terminée|other=terminées})",
    ),
    "dashboard.header.outcomes_unfinished": (
        "none of {total} finished yet",
        "aucune sur {total} terminée",
    ),
    "dashboard.header.outcomes_empty": ("no experiments yet", "aucune expérimentation"),
    "dashboard.header.last_activity": ("Last activity", "Dernière activité"),
    "dashboard.header.never": ("none yet", "aucune"),
    "dashboard.header.behind": (
        "Behind the programme timeline: expected at {stage}.",
        "En retard sur le calendrier du programme : étape attendue « {stage} ».",
    ),
    # experiments: the method of a test card (kept here with the list it belongs to)
    "experiments.error.method": (
        "'{method}' is not one of the network's experiment methods",
        "« {method} » n'est pas une méthode d'expérimentation du réseau",
    ),
}
