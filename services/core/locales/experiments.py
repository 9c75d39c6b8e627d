"""Messages of assumptions, experiments, results, learnings and a city's story: (English, French)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # navigation
    "nav.experiments": ("Experiments", "Expérimentations"),
    "nav.record": ("Record a result", "Saisir un résultat"),
    "nav.story": ("A city's story", "L'histoire d'une ville"),
    # the outcome rule (services/experiments/outcomes.py keeps the same text in its docstring)
    "experiments.outcome.rule": (
        "How an outcome is decided. (1) Entries that count: a numeric value, in the experiment's unit "
        "(an entry without a unit is in that unit; another unit is never converted), dated between "
        "the start and the end, both included. Entries after the end or before the start are shown "
        "but do not count. (2) The latest counted measurement decides (latest date; on the same date, "
        "the one recorded last), not an average. (3) Until the experiment is finished (status "
        "analysing or done, or end date passed) the outcome is 'in progress'. (4) Once finished: "
        "'validated' when that value meets the criterion (at least 40 is met by exactly 40; more "
        "than 40 is not), 'invalidated' otherwise; lower-is-better metrics use 'at most' or 'less "
        "than'. No counted entry gives 'inconclusive' (also while running, when every entry is in "
        "another unit). (5) A qualitative criterion takes the experiment's explicit verdict, or else "
        "the decision of the latest learning card it feeds (persevere: validated; pivot or retire: "
        "invalidated; keep testing: inconclusive). (6) An experiment stopped before it ran (status "
        "'stopped / not run') is 'not run', whatever its entries: it tested nothing.",
        "Comment le résultat est établi. (1) Saisies prises en compte : une valeur numérique, dans "
        "l'unité de l'expérimentation (une saisie sans unité est dans cette unité ; une autre unité "
        "n'est jamais convertie), datée entre le début et la fin incluses. Les saisies après la fin "
        "ou avant le début sont affichées mais ne comptent pas. (2) La dernière mesure prise en "
        "compte décide (date la plus récente ; à date égale, la dernière saisie), pas une moyenne. "
        "(3) Tant que l'expérimentation n'est pas terminée (statut analyse ou terminée, ou date de "
        "fin passée), le résultat est « en cours ». (4) Une fois terminée : « validée » si cette "
        "valeur atteint le critère (au moins 40 est atteint par 40 ; plus de 40 ne l'est pas), "
        "« invalidée » sinon ; pour une mesure qu'on veut voir baisser, le critère est « au plus » ou "
        "« moins de ». Aucune saisie prise en compte donne « non concluante » (même en cours, si "
        "toutes les saisies sont dans une autre unité). (5) Un critère qualitatif prend le verdict "
        "explicite de l'expérimentation, sinon la décision de la dernière fiche d'apprentissage "
        "qu'elle alimente (persévérer : validée ; pivoter ou abandonner : invalidée ; continuer à "
        "tester : non concluante). (6) Une expérimentation arrêtée avant d'avoir été menée (statut "
        "« arrêtée / non menée ») est « non menée », quelles que soient ses saisies : elle n'a rien "
        "testé.",
    ),
    "experiments.outcome.title": ("How outcomes are decided", "Comment les résultats sont établis"),
    "outcome.validated": ("Validated", "Validée"),
    "outcome.invalidated": ("Invalidated", "Invalidée"),
    "outcome.inconclusive": ("Inconclusive", "Non concluante"),
    "outcome.in_progress": ("In progress", "En cours"),
    "outcome.not_run": ("Not run", "Non menée"),
    "outcome.untested": ("Not tested", "Non testée"),
    # statements
    "experiments.statement": (
        "We believe that {belief} because {reason}",
        "Nous pensons que {belief} parce que {reason}",
    ),
    "experiments.statement_short": ("We believe that {belief}", "Nous pensons que {belief}"),
    "experiments.we_believe": ("We believe that …", "Nous pensons que …"),
    "experiments.because": ("… because …", "… parce que …"),
    # statuses, decisions, confidence, comparisons
    "experiment.status.design": ("Design", "Conception"),
    "experiment.status.running": ("Running", "En cours"),
    "experiment.status.analysing": ("Analysing", "Analyse"),
    "experiment.status.done": ("Done", "Terminée"),
    "experiment.status.stopped": ("Stopped / not run", "Arrêtée / non menée"),
    "experiment.status.awaiting_close": (
        "Ended on {end}, waiting to be closed",
        "Terminée le {end}, en attente de clôture",
    ),
    "learning.decision.persevere": ("Persevere", "Persévérer"),
    "learning.decision.pivot": ("Pivot", "Pivoter"),
    "learning.decision.retire": ("Retire", "Abandonner"),
    "learning.decision.keep_testing": ("Keep testing", "Continuer à tester"),
    "learning.confidence.low": ("Low", "Faible"),
    "learning.confidence.medium": ("Medium", "Moyenne"),
    "learning.confidence.high": ("High", "Élevée"),
    "comparison.>=": ("at least", "au moins"),
    "comparison.<=": ("at most", "au plus"),
    "comparison.>": ("more than", "plus de"),
    "comparison.<": ("less than", "moins de"),
    "comparison.==": ("exactly", "exactement"),
    "criterion.numeric": ("A number to reach", "Un chiffre à atteindre"),
    "criterion.qualitative": ("Qualitative", "Qualitatif"),
    "experiments.criterion_line": (
        "Success: {metric} {comparison} {target} {unit}",
        "Réussite : {metric} {comparison} {target} {unit}",
    ),
    "experiments.criterion_text": ("Success: {text}", "Réussite : {text}"),
    "experiments.direction.higher": (
        "the higher the better",
        "plus la valeur est élevée, mieux c'est",
    ),
    "experiments.direction.lower": (
        "the lower the better",
        "plus la valeur est basse, mieux c'est",
    ),
    "experiments.verdict.none": ("No verdict yet", "Pas encore de verdict"),
    # fields
    "experiments.f.belief": ("We believe that", "Nous pensons que"),
    "field.belief": ("We believe that", "Nous pensons que"),
    "experiments.f.reason": ("because", "parce que"),
    "experiments.f.category": ("Category", "Catégorie"),
    "experiments.f.importance": ("Importance (1-5)", "Importance (1-5)"),
    "field.importance": ("Importance (1-5)", "Importance (1-5)"),
    "experiments.f.evidence": ("Evidence (1-5)", "Preuves (1-5)"),
    "field.evidence": ("Evidence (1-5)", "Preuves (1-5)"),
    "experiments.f.action_ids": ("Linked plan actions", "Actions du plan liées"),
    "field.action_ids": ("Linked plan actions", "Actions du plan liées"),
    "experiments.f.title": ("Title", "Titre"),
    "experiments.f.assumption_ids": ("Assumptions tested", "Hypothèses testées"),
    "field.assumption_ids": ("Assumptions tested", "Hypothèses testées"),
    "experiments.f.hypothesis": ("Hypothesis", "Hypothèse"),
    "field.hypothesis": ("Hypothesis", "Hypothèse"),
    "experiments.f.method": ("Method", "Méthode"),
    "experiments.f.metric": ("Metric", "Mesure"),
    "field.metric": ("Metric", "Mesure"),
    "experiments.f.unit": ("Unit", "Unité"),
    "experiments.f.criterion": ("Success criterion", "Critère de réussite"),
    "field.criterion": ("Success criterion", "Critère de réussite"),
    "experiments.f.kind": ("Kind", "Type"),
    "experiments.f.comparison": ("Comparison", "Comparaison"),
    "experiments.f.target": ("Target", "Cible"),
    "experiments.f.text": ("What success looks like", "À quoi ressemble la réussite"),
    "experiments.f.audience": ("Audience", "Public"),
    "experiments.f.start": ("Start", "Début"),
    "experiments.f.end": ("End", "Fin"),
    "experiments.f.cycle": ("Cycle", "Cycle"),
    "experiments.f.budget": ("Budget", "Budget"),
    "experiments.f.status": ("Status", "Statut"),
    "experiments.f.owner": ("Owner", "Responsable"),
    "experiments.f.verdict": ("Verdict", "Verdict"),
    "field.verdict": ("Verdict", "Verdict"),
    "experiments.f.date": ("Date", "Date"),
    "experiments.f.value": ("Value", "Valeur"),
    "experiments.f.observation": ("Observation", "Observation"),
    "experiments.f.note": ("Note", "Note"),
    "experiments.f.experiment_ids": ("Experiments", "Expérimentations"),
    "field.experiment_ids": ("Experiments", "Expérimentations"),
    "experiments.f.insights": ("Insights", "Enseignements"),
    "field.insights": ("Insights", "Enseignements"),
    "experiments.f.decision": ("Decision", "Décision"),
    "experiments.f.confidence": ("Confidence", "Confiance"),
    "experiments.f.experiment_id": ("Experiment id", "Identifiant de l'expérimentation"),
    "field.experiment_id": ("Experiment id", "Identifiant de l'expérimentation"),
    "experiments.f.entry_id": ("Entry id", "Identifiant de la saisie"),
    "field.entry_id": ("Entry id", "Identifiant de la saisie"),
    "experiments.f.results": ("Results", "Résultats"),
    # validation (cross-field rules)
    "validation.experiment_end_before_start": (
        "the end must not be before the start",
        "la fin ne doit pas précéder le début",
    ),
    "validation.experiment_criterion_numeric": (
        "a comparison and a target are required",
        "une comparaison et une cible sont nécessaires",
    ),
    "validation.experiment_criterion_text": (
        "describe what success looks like",
        "décrivez à quoi ressemble la réussite",
    ),
    "validation.experiment_result_empty": (
        "enter a value or an observation",
        "saisissez une valeur ou une observation",
    ),
    "validation.experiment_value_finite": (
        "must be a finite number",
        "doit être un nombre fini",
    ),
    # domain errors
    "experiments.error.category": (
        "'{category}' is not one of the network's assumption categories",
        "« {category} » n'est pas une catégorie d'hypothèses du réseau",
    ),
    "experiments.error.unknown_links": (
        "{ids} is not in this city",
        "{ids} n'appartient pas à cette ville",
    ),
    "experiments.error.unknown_learning": (
        "this learning is not in the plan's city",
        "cet apprentissage n'appartient pas à la ville du plan",
    ),
    "field.value": ("Value", "Valeur"),
    "experiments.error.out_of_range": (
        "must be between {low} and {high} {unit}",
        "doit être entre {low} et {high} {unit}",
    ),
    "experiments.error.closed.done": (
        "this experiment was marked done meanwhile: its results are final and nothing was "
        "saved (the page now shows it as it is)",
        "cette expérimentation a été marquée terminée entre-temps : ses résultats sont définitifs "
        "et rien n'a été enregistré (la page la montre maintenant telle qu'elle est)",
    ),
    "experiments.error.closed.stopped": (
        "this experiment was stopped meanwhile: its results are final and nothing was saved "
        "(the page now shows it as it is)",
        "cette expérimentation a été arrêtée entre-temps : ses résultats sont définitifs et rien "
        "n'a été enregistré (la page la montre maintenant telle qu'elle est)",
    ),
    "experiments.error.too_many_results": (
        "this test card has reached {max} entries",
        "cette fiche de test a atteint {max} saisies",
    ),
    # experiments page
    "experiments.title": ("Experiments", "Expérimentations"),
    "experiments.city": ("City", "Ville"),
    "experiments.no_city": ("No city to show.", "Aucune ville à afficher."),
    "experiments.tab.assumptions": ("Assumptions", "Hypothèses"),
    "experiments.tab.cards": ("Test cards", "Fiches de test"),
    "experiments.tab.learnings": ("Learnings", "Apprentissages"),
    "experiments.tab.csv": ("Bulk update (CSV)", "Mise à jour groupée (CSV)"),
    "experiments.map.title": ("Assumption map", "Carte des hypothèses"),
    "experiments.map.help": (
        "Top left: important, little evidence. Test those first.",
        "En haut à gauche : importantes, peu de preuves. À tester en premier.",
    ),
    "experiments.map.riskiest": ("Riskiest", "Les plus risquées"),
    "experiments.no_assumptions": (
        "No assumption yet. Write the first one below.",
        "Aucune hypothèse pour l'instant. Rédigez la première ci-dessous.",
    ),
    "experiments.assumption.new": ("New assumption", "Nouvelle hypothèse"),
    "experiments.assumption.edit": ("Edit", "Modifier"),
    "experiments.assumption.preview": ("Reads: {text}", "Se lit : {text}"),
    "experiments.action_ids_help": (
        "Ids of plan actions, separated by commas.",
        "Identifiants d'actions du plan, séparés par des virgules.",
    ),
    "experiments.save": ("Save", "Enregistrer"),
    "experiments.create": ("Create", "Créer"),
    "experiments.saved": ("Saved.", "Enregistré."),
    "experiments.conflict": (
        "Someone saved this in the meantime. What is stored now is shown below; your text is still "
        "in the form: check it and save again.",
        "Quelqu'un a enregistré entre-temps. La version enregistrée est affichée ci-dessous ; votre "
        "texte est toujours dans le formulaire : vérifiez et enregistrez à nouveau.",
    ),
    "experiments.stored_version": ("Stored version", "Version enregistrée"),
    "experiments.no_experiments": ("No experiment yet.", "Aucune expérimentation pour l'instant."),
    "experiments.experiment.new": ("New test card", "Nouvelle fiche de test"),
    "experiments.experiment.edit": ("Edit the test card", "Modifier la fiche de test"),
    "experiments.card.meta": (
        "Cycle {cycle} · {start} → {end} · {status} · {owner}",
        "Cycle {cycle} · {start} → {end} · {status} · {owner}",
    ),
    "experiments.card.outcome": ("Outcome: {outcome}", "Résultat : {outcome}"),
    "experiments.card.latest": (
        "Latest counted value: {value} {unit} ({date})",
        "Dernière valeur prise en compte : {value} {unit} ({date})",
    ),
    "experiments.card.excluded": (
        "{other_unit} {other_unit:one=entry|other=entries} in another unit and {outside} outside the dates do not count.",
        "{other_unit} {other_unit:one=saisie|other=saisies} dans une autre unité et {outside} hors des dates ne comptent pas.",
    ),
    "experiments.card.entries": ("Entries", "Saisies"),
    "experiments.card.status_set": ("Set status", "Changer le statut"),
    "experiments.chart.summary": (
        "Outcomes by assumption category",
        "Résultats par catégorie d'hypothèse",
    ),
    "experiments.chart.riskiest_tested": (
        "Riskiest assumptions tested",
        "Hypothèses les plus risquées testées",
    ),
    "experiments.riskiest_share": (
        "{tested} of {riskiest} riskiest assumptions tested",
        "{tested} sur {riskiest} hypothèses les plus risquées testées",
    ),
    "experiments.correct": ("Correct an entry", "Corriger une saisie"),
    "experiments.correct.entry": ("Entry", "Saisie"),
    "experiments.correct.history": ("Previous versions", "Versions précédentes"),
    "experiments.no_learnings": ("No learning card yet.", "Aucune fiche d'apprentissage."),
    "experiments.learning.new": ("New learning card", "Nouvelle fiche d'apprentissage"),
    "experiments.learning.edit": ("Edit the card", "Modifier la fiche"),
    "experiments.learning.meta": (
        "Decision: {decision} · confidence: {confidence}",
        "Décision : {decision} · confiance : {confidence}",
    ),
    "experiments.learning.fed_by": ("Fed by: {titles}", "Alimentée par : {titles}"),
    "experiments.propose.title": ("Propose a plan change", "Proposer une modification du plan"),
    "experiments.propose.section": ("Plan section", "Section du plan"),
    "experiments.propose.kind": ("Change", "Modification"),
    "experiments.propose.kind.add": ("Add an item", "Ajouter un élément"),
    "experiments.propose.kind.edit": ("Edit an item", "Modifier un élément"),
    "experiments.propose.kind.drop": ("Drop an item", "Retirer un élément"),
    "experiments.propose.item": ("Item", "Élément"),
    "experiments.propose.new_title": ("New or edited title", "Titre nouveau ou modifié"),
    "experiments.propose.reason": (
        "Why (from this learning)",
        "Pourquoi (d'après cet apprentissage)",
    ),
    "experiments.propose.submit": ("Propose", "Proposer"),
    "experiments.propose.done": (
        "Change recorded in the plan.",
        "Modification enregistrée dans le plan.",
    ),
    "experiments.propose.no_plan": (
        "This city has no plan yet.",
        "Cette ville n'a pas encore de plan.",
    ),
    "experiments.propose.unavailable": (
        "Plan changes are not available in this installation.",
        "Les modifications du plan ne sont pas disponibles dans cette installation.",
    ),
    "experiments.propose.no_items": (
        "This section has no item.",
        "Cette section n'a aucun élément.",
    ),
    # CSV
    "csv.export": ("Download the results (CSV)", "Télécharger les résultats (CSV)"),
    "csv.upload": ("Upload a CSV in the same format", "Déposer un CSV au même format"),
    "csv.help": (
        "Columns: experiment_id, experiment_title, date (YYYY-MM-DD or DD/MM/YYYY), value, unit, "
        "note, entry_id. A row without entry_id is a new entry; a row with one corrects that "
        "entry (the previous value is kept in its history). The title is not imported. Commas, "
        "semicolons or tabs as separators, and decimal commas, are all read.",
        "Colonnes : experiment_id, experiment_title, date (AAAA-MM-JJ ou JJ/MM/AAAA), value, "
        "unit, note, entry_id. Une ligne sans entry_id est une nouvelle saisie ; une ligne avec "
        "corrige cette saisie (l'ancienne valeur reste dans son historique). Le titre n'est pas "
        "importé. Séparateurs virgule, point-virgule ou tabulation et virgules décimales sont "
        "acceptés.",
    ),
    "csv.preview": (
        "{new} new, {changed} changed, {unchanged} unchanged, {invalid} invalid",
        "{new} nouvelles, {changed} modifiées, {unchanged} inchangées, {invalid} invalides",
    ),
    "csv.import_all": ("Import all rows", "Importer toutes les lignes"),
    "csv.import_valid": ("Import only the valid rows", "Importer seulement les lignes valides"),
    "csv.blocked": (
        "Some rows are invalid: nothing is imported unless you choose to import only the valid rows.",
        "Des lignes sont invalides : rien n'est importé, sauf si vous choisissez d'importer seulement "
        "les lignes valides.",
    ),
    "csv.imported": (
        "{new} {new:one=entry|other=entries} added, {changed} corrected.",
        "{new} {new:one=saisie ajoutée|other=saisies ajoutées}, {changed} {changed:one=corrigée|other=corrigées}.",
    ),
    "csv.nothing": (
        "Nothing to import: no new or changed row.",
        "Rien à importer : aucune ligne nouvelle ou modifiée.",
    ),
    "csv.row": ("Row", "Ligne"),
    "csv.state": ("State", "État"),
    "csv.errors": ("Errors", "Erreurs"),
    "csv.state.new": ("new", "nouvelle"),
    "csv.state.changed": ("changed", "modifiée"),
    "csv.state.unchanged": ("unchanged", "inchangée"),
    "csv.state.invalid": ("invalid", "invalide"),
    "csv.error.header": (
        "the first line must name the columns {columns} (this file separates its columns with "
        "{separator})",
        "la première ligne doit nommer les colonnes {columns} (ce fichier sépare ses colonnes "
        "par {separator})",
    ),
    "csv.error.encoding": (
        "the file is not text in UTF-8, UTF-16 or Windows-1252: save it as CSV again",
        "le fichier n'est pas du texte UTF-8, UTF-16 ou Windows-1252 : enregistrez-le à nouveau "
        "en CSV",
    ),
    "csv.error.field_too_large": (
        "a cell near line {row} is longer than {kb} KB: shorten it (a note fits in far less)",
        "une cellule vers la ligne {row} dépasse {kb} Ko : raccourcissez-la (une note tient en "
        "bien moins)",
    ),
    "csv.error.malformed": (
        "the file cannot be read as CSV near line {row} (a quote left open?)",
        "le fichier ne se lit pas comme un CSV vers la ligne {row} (un guillemet non fermé ?)",
    ),
    "csv.template": (
        "Download a file to fill in (every experiment you may record for)",
        "Télécharger un fichier à remplir (chaque expérimentation où vous pouvez saisir)",
    ),
    "csv.template_file": ("results-to-fill-in", "resultats-a-remplir"),
    "csv.error.experiment": (
        "unknown experiment, or not one you may record results for",
        "expérimentation inconnue, ou pour laquelle vous ne pouvez pas saisir de résultats",
    ),
    "csv.error.entry": (
        "no such entry in this experiment",
        "aucune saisie de ce nom dans cette expérimentation",
    ),
    "csv.error.duplicate": (
        "this entry appears twice in the file",
        "cette saisie apparaît deux fois dans le fichier",
    ),
    "csv.error.value_required": ("a value is required", "une valeur est nécessaire"),
    "csv.error.closed": (
        "this experiment is done or stopped: its results are final and cannot be corrected",
        "cette expérimentation est terminée ou arrêtée : ses résultats sont définitifs et ne "
        "peuvent plus être corrigés",
    ),
    "csv.error.not_running": (
        "new results can only be added to a running experiment (as on Record a result)",
        "on ne peut ajouter de résultats qu'à une expérimentation en cours (comme dans Saisir un "
        "résultat)",
    ),
    "csv.row_error": ("Row {row}, {field}: {detail}", "Ligne {row}, {field} : {detail}"),
    # record page
    "record.title": ("Record a result", "Saisir un résultat"),
    "record.none": (
        "No running experiment in your cities.",
        "Aucune expérimentation en cours dans vos villes.",
    ),
    "record.experiment": ("Experiment", "Expérimentation"),
    "record.kind": ("What", "Quoi"),
    "record.kind.value": ("A measurement", "Une mesure"),
    "record.kind.observation": ("An observation", "Une observation"),
    "record.value": ("Value ({unit})", "Valeur ({unit})"),
    "record.save": ("Save the result", "Enregistrer le résultat"),
    "record.details": ("Date and note", "Date et note"),
    "record.saved": ("Result saved.", "Résultat enregistré."),
    "record.latest": ("Latest entries", "Dernières saisies"),
    "record.entry": (
        "{date}: {value} — {who}, {when}",
        "{date} : {value} — {who}, {when}",
    ),
    "record.corrected": ("corrected {count}×", "corrigée {count}×"),
    "record.no_entries": ("No entry yet.", "Aucune saisie pour l'instant."),
    "record.target": ("Target", "Cible"),
    # charts
    "chart.date": ("Date", "Date"),
    "chart.value": ("Value", "Valeur"),
    "chart.importance": ("Importance", "Importance"),
    "chart.evidence": ("Evidence", "Preuves"),
    "chart.experiments": ("Experiments", "Expérimentations"),
    "chart.outcome": ("Outcome", "Résultat"),
    "chart.category": ("Category", "Catégorie"),
    "chart.assumption": ("Assumption", "Hypothèse"),
    "chart.share": ("Share", "Part"),
    "chart.state": ("State", "État"),
    "chart.tested": ("Tested", "Testées"),
    "chart.untested": ("Not tested", "Non testées"),
    "chart.assumptions": ("Assumptions", "Hypothèses"),
    # story
    "story.title": ("{city}: the story so far", "{city} : l'histoire jusqu'ici"),
    "story.intro": (
        "Problem, assumptions, experiments, results, learnings, plan changes: in that order.",
        "Problème, hypothèses, expérimentations, résultats, apprentissages, modifications du plan : "
        "dans cet ordre.",
    ),
    "story.problem": ("1. The problem", "1. Le problème"),
    "story.assumptions": ("2. What we assumed", "2. Ce que nous avons supposé"),
    "story.experiments": ("3. What we tested", "3. Ce que nous avons testé"),
    "story.results": ("4. What we measured", "4. Ce que nous avons mesuré"),
    "story.learnings": ("5. What we learned", "5. Ce que nous avons appris"),
    "story.changes": ("6. How the plan changed", "6. Comment le plan a changé"),
    "story.none": ("Nothing yet.", "Rien pour l'instant."),
    "story.counts": (
        "{assumptions} {assumptions:one=assumption|other=assumptions} ({riskiest} riskiest), {experiments} {experiments:one=experiment|other=experiments}, {learnings} {learnings:one=learning|other=learnings}, {changes} plan {changes:one=change|other=changes}",
        "{assumptions} {assumptions:one=hypothèse|other=hypothèses} ({riskiest} les plus risquées), {experiments} {experiments:one=expérimentation|other=expérimentations}, {learnings} {learnings:one=apprentissage|other=apprentissages}, {changes} {changes:one=modification|other=modifications} du plan",
    ),
    "story.experiment_line": (
        "{title} (cycle {cycle}, {start} → {end}): {outcome}",
        "{title} (cycle {cycle}, {start} → {end}) : {outcome}",
    ),
    "story.change_line": (
        "{when}: {kind} in {section} — {summary}",
        "{when} : {kind} dans {section} — {summary}",
    ),
    "story.because_learning": ("because of: {learning}", "à cause de : {learning}"),
    "chart.desc.results": (
        "Line chart of the results of “{title}” over time: {count} {count:one=value|other=values} in {unit}, against a target of {target}. Hollow points do not count towards the outcome. The same numbers are in the table under the chart.",
        "Courbe des résultats de « {title} » dans le temps : {count} {count:one=valeur|other=valeurs} en {unit}, face à une cible de {target}. Les points creux ne comptent pas pour le résultat. Les mêmes chiffres sont dans le tableau sous le graphique.",
    ),
    "chart.desc.assumption_map": (
        "Assumption map of {count} {count:one=assumption|other=assumptions}: evidence from 1 to 5 across, importance from 1 to 5 up; {riskiest} riskiest (important, little evidence) drawn as triangles in the shaded top-left corner. The same numbers are in the table under the chart.",
        "Carte de {count} {count:one=hypothèse|other=hypothèses} : preuves de 1 à 5 en abscisse, importance de 1 à 5 en ordonnée ; {riskiest} parmi les plus risquées (importantes, peu de preuves), en triangles dans le coin ombré en haut à gauche. Les mêmes chiffres sont dans le tableau sous le graphique.",
    ),
    "chart.desc.outcomes": (
        "Stacked bar chart: {count} {count:one=experiment|other=experiments} by assumption category and outcome; each part shows its outcome's symbol and count. The same numbers are in the table under the chart.",
        "Diagramme en barres empilées : {count} {count:one=expérimentation|other=expérimentations} par catégorie d’hypothèse et par résultat ; chaque part montre le symbole du résultat et son nombre. Les mêmes chiffres sont dans le tableau sous le graphique.",
    ),
    "chart.desc.riskiest_tested": (
        "Bar: {tested} of the {riskiest} riskiest assumptions tested by an experiment. The same numbers are in the table under the chart.",
        "Barre : {tested} des {riskiest} hypothèses les plus risquées testées par une expérimentation. Les mêmes chiffres sont dans le tableau sous le graphique.",
    ),
    "chart.counts": ("Counts for the outcome", "Compte pour le résultat"),
    "experiments.entry.recorded_by": ("Recorded by", "Saisi par"),
    "experiments.entry.recorded_at": ("Recorded on", "Saisi le"),
    "experiments.entry.corrections": ("Corrections", "Corrections"),
    "chart.counts.yes": ("yes", "oui"),
    "chart.counts.observation": ("no: an observation", "non : une observation"),
    "chart.counts.other_unit": ("no: another unit", "non : une autre unité"),
    "chart.counts.outside_window": ("no: outside the dates", "non : hors des dates"),
}
