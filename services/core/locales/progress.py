"""Messages of network settings, cities, stage progress and plan export: (English, French)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # navigation
    "nav.network_settings": ("Network settings", "Paramètres du réseau"),
    "nav.cities": ("Cities", "Villes"),
    "nav.progress": ("Stage progress", "Avancement des étapes"),
    # validation (pydantic error types raised by models/network.py)
    "validation.network_end_before_start": (
        "must not be before the start",
        "ne doit pas précéder le début",
    ),
    "validation.network_duplicate_key": (
        "the key {value} appears twice: keys must be unique",
        "la clé {value} apparaît deux fois : les clés doivent être uniques",
    ),
    "validation.network_duplicate_value": (
        "{value} appears twice",
        "{value} apparaît deux fois",
    ),
    "validation.network_currency": (
        "{value} is not a currency code (ISO 4217, for example EUR or XOF)",
        "{value} n'est pas un code de monnaie (ISO 4217, par exemple EUR ou XOF)",
    ),
    "validation.network_unknown_stage": (
        "{value} is not one of the network's stages",
        "{value} n'est pas une étape du réseau",
    ),
    # field names (validation messages name them)
    "field.funder": ("Funder", "Bailleur"),
    "field.currency": ("Currency of costs and budgets", "Monnaie des coûts et budgets"),
    "field.description_network": ("Description", "Description"),
    "field.reporting_rhythm": ("Reporting rhythm", "Rythme des rapports"),
    "field.stages": ("Stages", "Étapes"),
    "field.gate": ("Gate checklist", "Liste de validation"),
    "field.rule": ("Rule", "Règle"),
    "field.en": ("English label", "Libellé anglais"),
    "field.fr": ("French label", "Libellé français"),
    "field.clusters": ("Clusters and themes (one per line)", "Groupes et thèmes (un par ligne)"),
    "field.plan_template": (
        "Sections of a new plan, in order",
        "Sections d'un nouveau plan, dans l'ordre",
    ),
    "field.timeline": ("Programme timeline", "Calendrier du programme"),
    "field.expected_stage": ("Stage expected by the end", "Étape attendue à la fin"),
    "field.cluster": ("Cluster", "Groupe thématique"),
    "field.challenge": ("Challenge", "Défi"),
    "field.project_leader": ("Project leader", "Chef de projet"),
    "field.lag_coordinator": (
        "Local action group coordinator",
        "Coordinateur du groupe d'action locale",
    ),
    "field.coach": ("Coach", "Accompagnateur"),
    "field.team_language": ("Language of the city's team", "Langue de l'équipe de la ville"),
    "cities.team_language_help": (
        "The language the team writes its plan and assumptions in: each statement "
        '("We believe that … because …") is framed in it, whatever the reader\'s language.',
        "La langue dans laquelle l'équipe rédige son plan et ses hypothèses : chaque énoncé "
        "(« Nous pensons que … parce que … ») est formulé dans cette langue, quelle que soit "
        "celle du lecteur.",
    ),
    # network settings
    "settings.title": ("Network settings", "Paramètres du réseau"),
    "settings.read_only": (
        "Only administrators and coordinators can change the network settings.",
        "Seuls les administrateurs et les coordinateurs peuvent modifier les paramètres du réseau.",
    ),
    "settings.tab.general": ("General", "Général"),
    "settings.tab.stages": ("Stages and gates", "Étapes et validations"),
    "settings.tab.clusters": ("Clusters", "Groupes thématiques"),
    "settings.tab.template": ("Plan template", "Modèle de plan"),
    "settings.tab.timeline": ("Timeline", "Calendrier"),
    "settings.save": ("Save", "Enregistrer"),
    "settings.saved": ("Settings saved.", "Paramètres enregistrés."),
    "settings.rhythm.experiment_cycle": (
        "Each experiment cycle",
        "À chaque cycle d'expérimentation",
    ),
    "settings.rhythm.quarterly": ("Quarterly", "Trimestriel"),
    "settings.stages_help": (
        "Cities go through the stages in this order. Each gate item is checked by a rule over the "
        "city's data, or ticked by hand with a note when it has no rule. A stage some city is at "
        "cannot be removed.",
        "Les villes suivent les étapes dans cet ordre. Chaque élément de validation est vérifié "
        "par une règle sur les données de la ville, ou coché à la main avec une note s'il n'a pas "
        "de règle. Une étape où se trouve une ville ne peut pas être supprimée.",
    ),
    "settings.rules_help": ("The automatic rules", "Les règles automatiques"),
    "settings.gate": ("gate checklist", "liste de validation"),
    "settings.rule.manual": ("(ticked by hand)", "(coché à la main)"),
    "settings.column.key": ("Key", "Clé"),
    "settings.column.label_en": ("Label (English)", "Libellé (anglais)"),
    "settings.column.label_fr": ("Label (French)", "Libellé (français)"),
    "settings.column.rule": ("Rule", "Règle"),
    "settings.column.phase": ("Phase", "Phase"),
    "settings.column.start": ("Start", "Début"),
    "settings.column.end": ("End", "Fin"),
    "settings.clusters_help": (
        "Themes that group cities (shown when a city picks its cluster).",
        "Thèmes qui regroupent les villes (proposés quand une ville choisit son groupe).",
    ),
    "settings.template_help": (
        "The sections a new long-term strategy plan shows, in the order picked here.",
        "Les sections d'un nouveau plan de stratégie, dans l'ordre choisi ici.",
    ),
    "settings.timeline_help": (
        "Programme phases: by the end of each, cities are expected to have reached its stage.",
        "Phases du programme : à la fin de chacune, les villes devraient avoir atteint son étape.",
    ),
    "settings.loc.name": ("Name", "Nom"),
    "settings.loc.funder": ("Funder", "Bailleur"),
    "settings.loc.description": ("Description", "Description"),
    "settings.loc.reporting_rhythm": ("Reporting rhythm", "Rythme des rapports"),
    "settings.loc.stages": ("Stages", "Étapes"),
    "settings.loc.gate": ("gate checklist", "liste de validation"),
    "settings.loc.key": ("key", "clé"),
    "settings.loc.label": ("label", "libellé"),
    "settings.loc.en": ("English", "anglais"),
    "settings.loc.fr": ("French", "français"),
    "settings.loc.rule": ("rule", "règle"),
    "settings.loc.clusters": ("Clusters", "Groupes thématiques"),
    "settings.loc.plan_template": ("Plan template", "Modèle de plan"),
    "settings.loc.timeline": ("Timeline, phase", "Calendrier, phase"),
    "settings.loc.start": ("start", "début"),
    "settings.loc.end": ("end", "fin"),
    "settings.loc.expected_stage": ("expected stage", "étape attendue"),
    "settings.error.unknown_rule": (
        "{rule} is not one of the automatic rules",
        "{rule} ne fait pas partie des règles automatiques",
    ),
    "settings.error.stage_in_use": (
        "the stage {stage} cannot be removed: some cities are at it",
        "l'étape {stage} ne peut pas être supprimée : des villes s'y trouvent",
    ),
    "settings.error.unknown_section": (
        "{section} is not a plan section",
        "{section} n'est pas une section du plan",
    ),
    # cities
    "cities.title": ("Cities", "Villes"),
    "cities.none": ("No city yet.", "Aucune ville pour l'instant."),
    "cities.create": ("Add a city", "Ajouter une ville"),
    "cities.created": ("{name} added.", "{name} ajoutée."),
    "cities.edit": ("Edit a city", "Modifier une ville"),
    "cities.pick": ("City", "Ville"),
    "cities.save": ("Save", "Enregistrer"),
    "cities.saved": ("{name} saved.", "{name} enregistrée."),
    "cities.no_cluster": ("(none)", "(aucun)"),
    "cities.no_country": ("(choose a country)", "(choisir un pays)"),
    # stage progress
    "progress.title": ("Stage progress", "Avancement des étapes"),
    "progress.no_cities": ("No city to show.", "Aucune ville à afficher."),
    "progress.city": ("City", "Ville"),
    "progress.current_stage": ("Current stage", "Étape en cours"),
    "progress.gate_met": ("Gate items met", "Éléments de validation remplis"),
    "progress.expected": ("Expected by the timeline", "Attendu par le calendrier"),
    "progress.expected_help": (
        "The stage the current programme phase expects by {date}.",
        "L'étape que la phase en cours du programme attend pour le {date}.",
    ),
    "progress.ready": (
        "Every item of the current gate is met: ready for approval.",
        "Tous les éléments de la validation en cours sont remplis : prête pour l'approbation.",
    ),
    "progress.current_rule": (
        "The current stage is the last one a coordinator approved. Its gate items are checked by "
        "rules over the plan, versions and experiments, or ticked by hand; when all are met, the "
        "city is ready for approval of the next stage. Open an item to see why.",
        "L'étape en cours est la dernière approuvée par un coordinateur. Ses éléments de "
        "validation sont vérifiés par des règles sur le plan, les versions et les "
        "expérimentations, ou cochés à la main ; quand tous sont remplis, la ville est prête pour "
        "l'approbation de l'étape suivante. Ouvrez un élément pour voir pourquoi.",
    ),
    "progress.state.approved": ("passed", "franchie"),
    "progress.state.current": ("current", "en cours"),
    "progress.state.upcoming": ("to come", "à venir"),
    "progress.item.met": ("met", "rempli"),
    "progress.item.not_met": ("not met", "non rempli"),
    "progress.entered": ("Entered on {date}", "Commencée le {date}"),
    "progress.share": (
        "{met} of {total} {total:one=item|other=items} met",
        "{met} {met:one=élément rempli|other=éléments remplis} sur {total}",
    ),
    "progress.why.rule": ("Checked by the rule {rule}:", "Vérifié par la règle {rule} :"),
    "progress.why.count": (
        "Found {found}; needed {needed}.",
        "Trouvé : {found} ; requis : {needed}.",
    ),
    "progress.why.tick": (
        "Ticked by hand by {who} on {date}:",
        "Coché à la main par {who} le {date} :",
    ),
    "progress.why.untouched": (
        "Ticked by hand (no rule); nobody has ticked it yet.",
        "Coché à la main (sans règle) ; personne ne l'a encore coché.",
    ),
    "progress.tick.met": ("Met", "Rempli"),
    "progress.tick.note": (
        "Note (where is the evidence?)",
        "Note (où se trouve la preuve ?)",
    ),
    "progress.tick.save": ("Save the tick", "Enregistrer la coche"),
    "progress.saved": ("Saved.", "Enregistré."),
    "progress.conflict": (
        "Someone changed this city meanwhile; it has been reloaded. Please do it again.",
        "Quelqu'un a modifié cette ville entre-temps ; elle a été rechargée. Veuillez recommencer.",
    ),
    "progress.approve.title": ("Approve the move to {stage}", "Approuver le passage à {stage}"),
    "progress.approve.not_ready": (
        "Not met yet: {missing}",
        "Pas encore rempli : {missing}",
    ),
    "progress.approve.force": (
        "Approve anyway (the note must say why)",
        "Approuver quand même (la note doit dire pourquoi)",
    ),
    "progress.approve.note": ("Note", "Note"),
    "progress.approve.submit": ("Approve the stage", "Approuver l'étape"),
    "progress.history": ("Stage history", "Historique des étapes"),
    "progress.history.line": (
        "{stage}: entered on {date} (approved by {by})",
        "{stage} : commencée le {date} (approuvée par {by})",
    ),
    "progress.history.forced": (
        "approved with items not met",
        "approuvée avec des éléments non remplis",
    ),
    "progress.history.returned": (
        "{stage}: returned to on {date} by {by}",
        "{stage} : retour à cette étape le {date} par {by}",
    ),
    "progress.history.completed": (
        "{stage}: marked completed on {date} by {by}",
        "{stage} : marquée terminée le {date} par {by}",
    ),
    "progress.completed": (
        "The city has completed the last stage ({date}).",
        "La ville a terminé la dernière étape ({date}).",
    ),
    "progress.complete.title": ("Mark {stage} completed", "Marquer {stage} comme terminée"),
    "progress.complete.submit": ("Mark completed", "Marquer comme terminée"),
    "progress.return.title": ("Return to an earlier stage", "Revenir à une étape antérieure"),
    "progress.return.help": (
        "Cities sometimes go back a stage. The stage history keeps the move and your note.",
        "Il arrive qu'une ville revienne à une étape. L'historique garde ce retour et votre note.",
    ),
    "progress.return.stage": ("Stage", "Étape"),
    "progress.return.note": ("Why (required)", "Pourquoi (obligatoire)"),
    "progress.return.submit": ("Return to this stage", "Revenir à cette étape"),
    "progress.error.not_earlier": (
        "{stage} is not earlier than the city's current stage",
        "{stage} n'est pas antérieure à l'étape actuelle de la ville",
    ),
    "progress.error.return_note": (
        "returning a city to an earlier stage needs a note saying why",
        "revenir à une étape antérieure demande une note expliquant pourquoi",
    ),
    "progress.error.not_last_stage": (
        "only the last stage can be marked completed; approve the next stage instead",
        "seule la dernière étape peut être marquée terminée ; approuvez l'étape suivante",
    ),
    "progress.error.already_completed": (
        "the last stage is already marked completed",
        "la dernière étape est déjà marquée terminée",
    ),
    "progress.error.unknown_stage": ("{stage} is not a stage", "{stage} n'est pas une étape"),
    "progress.error.unknown_item": (
        "{item} is not an item of this gate",
        "{item} n'est pas un élément de cette validation",
    ),
    "progress.error.rule_item": (
        "{item} is checked by a rule and cannot be ticked by hand",
        "{item} est vérifié par une règle et ne peut pas être coché à la main",
    ),
    "progress.error.note_required": (
        "a note is required to tick an item by hand",
        "une note est obligatoire pour cocher un élément à la main",
    ),
    "progress.error.last_stage": (
        "the city is at the last stage: there is no next stage to approve",
        "la ville est à la dernière étape : il n'y a pas d'étape suivante à approuver",
    ),
    "progress.error.gate_not_met": (
        "the gate is not met yet ({missing}); approve anyway only with a note",
        "la validation n'est pas remplie ({missing}) ; n'approuvez quand même qu'avec une note",
    ),
    "progress.error.force_note": (
        "approving with items not met needs a note saying why",
        "approuver avec des éléments non remplis demande une note expliquant pourquoi",
    ),
    # the automatic rules
    "progress.rule.context_written": (
        "The context section has a local context narrative.",
        "La section contexte comporte un récit du contexte local.",
    ),
    "progress.rule.partners_listed": (
        "At least one institutional partner is listed in the context.",
        "Au moins un partenaire institutionnel est listé dans le contexte.",
    ),
    "progress.rule.problem_statement": (
        "The problem section has a problem statement.",
        "La section problème comporte un énoncé du problème.",
    ),
    "progress.rule.problem_tree": (
        "The problem tree has at least one cause and one effect.",
        "L'arbre à problèmes a au moins une cause et un effet.",
    ),
    "progress.rule.stakeholder_sectors": (
        "Stakeholders cover at least three sectors (public, private, civic, knowledge).",
        "Les parties prenantes couvrent au moins trois secteurs (public, privé, civil, savoir).",
    ),
    "progress.rule.lag_meetings": (
        "The local action group met at least twice (meetings dated today or earlier).",
        "Le groupe d'action locale s'est réuni au moins deux fois (réunions datées d'aujourd'hui ou avant).",
    ),
    "progress.rule.vision_objectives": (
        "A vision statement and at least one objective (for a focused project, which has no "
        "vision section: at least one action).",
        "Un énoncé de vision et au moins un objectif (pour un projet ciblé, qui n'a pas de "
        "section vision : au moins une action).",
    ),
    "progress.rule.actions_planned": (
        "At least one action with an owner, a start and an end.",
        "Au moins une action avec un responsable, un début et une fin.",
    ),
    "progress.rule.plan_v1": (
        "Version 1 of the plan is frozen.",
        "La version 1 du plan est figée.",
    ),
    "progress.rule.plan_v2": (
        "Version 2 of the plan is frozen.",
        "La version 2 du plan est figée.",
    ),
    "progress.rule.riskiest_tested": (
        "Every assumption in the riskiest corner of the map (importance 4 or more, evidence 2 "
        "or less) is linked to an experiment that has finished (in analysis or done; a stopped "
        "one tested nothing). A city needs at least one such assumption.",
        "Chaque hypothèse du coin le plus risqué de la carte (importance 4 ou plus, preuves 2 "
        "ou moins) est liée à une expérimentation terminée (en analyse ou terminée ; une "
        "expérimentation arrêtée n'a rien testé). Il faut au moins une telle hypothèse.",
    ),
    # export
    "export.buttons_help": (
        "Download the shown sections, in the language of the interface.",
        "Téléchargez les sections affichées, dans la langue de l'interface.",
    ),
    "export.button.md": ("Markdown", "Markdown"),
    "export.button.docx": ("Word (DOCX)", "Word (DOCX)"),
    "export.button.pdf": ("PDF", "PDF"),
    "export.file_word": ("action-plan", "plan-d-action"),
    "export.title": ("{city}: action plan", "{city} : plan d'action"),
    "export.version": ("version {number}", "version {number}"),
    "export.working": (
        "working plan (latest frozen: V{number})",
        "plan de travail (dernière version figée : V{number})",
    ),
    "export.working_new": ("working plan", "plan de travail"),
    "export.generated": ("{version}, exported on {date}", "{version}, exporté le {date}"),
    "export.empty_section": ("(nothing written yet)", "(rien n'est encore rédigé)"),
    "export.label": ("{label}:", "{label} :"),
    "export.yes": ("yes", "oui"),
    "export.no": ("no", "non"),
    "export.field.narrative": ("Local context", "Contexte local"),
    "export.field.ipestle": ("iPESTLE analysis", "Analyse iPESTLE"),
    "export.field.political": ("Political", "Politique"),
    "export.field.economic": ("Economic", "Économique"),
    "export.field.social": ("Social", "Social"),
    "export.field.technological": ("Technological", "Technologique"),
    "export.field.legal": ("Legal", "Juridique"),
    "export.field.environmental": ("Environmental", "Environnemental"),
    "export.field.partners": ("Institutional partners", "Partenaires institutionnels"),
    "export.field.name": ("Name", "Nom"),
    "export.field.role": ("Role", "Rôle"),
    "export.field.mandate": ("Mandate", "Mandat"),
    "export.field.previous_attempts": ("Previous local attempts", "Tentatives locales antérieures"),
    "export.field.what": ("What", "Quoi"),
    "export.field.when": ("When", "Quand"),
    "export.field.who": ("Who", "Qui"),
    "export.field.outcome": ("Outcome", "Résultat"),
    "export.field.lessons": ("Lessons", "Enseignements"),
    "export.field.sources": ("Evidence and sources", "Données et sources"),
    "export.field.title": ("Title", "Titre"),
    "export.field.url": ("Link", "Lien"),
    "export.field.note": ("Note", "Note"),
    "export.field.statement": ("Statement", "Énoncé"),
    "export.field.tree": ("Problem tree", "Arbre à problèmes"),
    "export.field.core": ("Core problem", "Problème central"),
    "export.field.causes": ("Causes", "Causes"),
    "export.field.effects": ("Effects", "Effets"),
    "export.field.label": ("Label", "Libellé"),
    "export.field.stakeholders": ("Stakeholders", "Parties prenantes"),
    "export.field.organisation": ("Organisation", "Organisation"),
    "export.field.sector": ("Sector", "Secteur"),
    "export.field.power": ("Power", "Pouvoir"),
    "export.field.interest": ("Interest", "Intérêt"),
    "export.field.involvement": ("Involvement", "Implication"),
    "export.field.lag_members": ("Local action group", "Groupe d'action locale"),
    "export.field.group": ("Group", "Groupe"),
    "export.field.meetings": ("Meetings", "Réunions"),
    "export.field.date": ("Date", "Date"),
    "export.field.attendees": ("Attendees", "Participants"),
    "export.field.decisions": ("Decisions", "Décisions"),
    "export.field.headline": ("Newspaper of tomorrow", "Le journal de demain"),
    "export.field.objectives": ("Objectives", "Objectifs"),
    "export.field.key": ("Key", "Clé"),
    "export.field.actions": ("Actions", "Actions"),
    "export.field.objective": ("Objective", "Objectif"),
    "export.field.owner": ("Owner", "Responsable"),
    "export.field.start": ("Start", "Début"),
    "export.field.end": ("End", "Fin"),
    "export.field.cost": ("Cost", "Coût"),
    "export.field.funding_source": ("Funding source", "Source de financement"),
    "export.field.funding_status": ("Funding status", "État du financement"),
    "export.field.indicators": ("Indicators", "Indicateurs"),
    "export.field.risks": ("Risks", "Risques"),
    "export.field.status": ("Status", "Statut"),
    "export.field.progress": ("Progress (%)", "Avancement (%)"),
    "export.field.unit": ("Unit", "Unité"),
    "export.field.baseline": ("Baseline", "Situation de départ"),
    "export.field.target": ("Target", "Cible"),
    "export.field.measurements": ("Latest measurement", "Dernière mesure"),
    "export.field.likelihood": ("Likelihood", "Probabilité"),
    "export.field.impact": ("Impact", "Impact"),
    "export.field.mitigation": ("Mitigation", "Atténuation"),
}
