"""Messages of check-ins, reports, the reporting calendar and compliance: (English, French)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # navigation
    "nav.checkin": ("Check-in", "Point d'étape"),
    "nav.reports": ("Reports", "Rapports"),
    # the role table
    "action.checkin.create": ("Send a check-in", "Envoyer un point d'étape"),
    "action.checkin.read": ("Read check-ins", "Lire les points d'étape"),
    "action.report.read": ("Read reports", "Lire les rapports"),
    "action.report.edit": ("Write and submit a report", "Rédiger et soumettre un rapport"),
    "action.report.review": ("Review reports", "Relire les rapports"),
    # validation and errors
    "validation.reporting_end_before_start": (
        "must not be before the start",
        "ne doit pas précéder le début",
    ),
    "validation.reporting_due_before_end": (
        "must not be before the end of the period",
        "ne doit pas précéder la fin de la période",
    ),
    "validation.reporting_programme_ends_before_start": (
        "must be after the day reporting starts",
        "doit être postérieure au début des rapports",
    ),
    "validation.reporting_comment_empty": ("write a comment", "écrivez un commentaire"),
    "validation.reporting_duplicate_tag": (
        "the tag {value} appears twice",
        "l'étiquette {value} apparaît deux fois",
    ),
    "reporting.error.unknown_tag": (
        "{tag} is not one of the network's blockers",
        "{tag} ne fait pas partie des blocages du réseau",
    ),
    "reporting.error.future_date": (
        "a check-in cannot be dated in the future",
        "un point d'étape ne peut pas être daté dans le futur",
    ),
    "reporting.error.not_editable": (
        "this report is {status}: it can no longer be edited",
        "ce rapport est {status} : il ne peut plus être modifié",
    ),
    "reporting.error.not_submitted": (
        "this report is not awaiting review",
        "ce rapport n'attend pas de relecture",
    ),
    # fields
    "field.mood": ("Mood", "Humeur"),
    "field.happened": ("What happened", "Ce qui s'est passé"),
    "field.blockers": ("Blockers", "Blocages"),
    "field.blocker_note": ("Other blocker", "Autre blocage"),
    "field.help_needed": ("Help needed", "Aide souhaitée"),
    "field.highlights": ("Highlights", "Faits marquants"),
    "field.asks": ("Asks to the network", "Demandes au réseau"),
    "field.text": ("Comment", "Commentaire"),
    # check-ins
    "checkin.title": ("Check-in", "Point d'étape"),
    "checkin.intro": (
        "One minute: how is it going in {city}?",
        "Une minute : comment ça va à {city} ?",
    ),
    "checkin.city": ("City", "Ville"),
    "checkin.date": ("Date", "Date"),
    "checkin.mood": ("Mood", "Humeur"),
    "checkin.mood.1": ("1 · stuck", "1 · bloqué"),
    "checkin.mood.2": ("2 · hard", "2 · difficile"),
    "checkin.mood.3": ("3 · so-so", "3 · moyen"),
    "checkin.mood.4": ("4 · good", "4 · bien"),
    "checkin.mood.5": ("5 · great", "5 · très bien"),
    "checkin.happened": ("What happened?", "Que s'est-il passé ?"),
    "checkin.blockers": ("What is blocking you?", "Qu'est-ce qui vous bloque ?"),
    "checkin.blocker_note": ("Another blocker, in your words", "Un autre blocage, avec vos mots"),
    "checkin.help": ("What help do you need?", "De quelle aide avez-vous besoin ?"),
    "checkin.save": ("Send the check-in", "Envoyer le point d'étape"),
    "checkin.details": ("Blockers, help needed, date", "Blocages, aide souhaitée, date"),
    "checkin.saved": ("Thank you: check-in sent.", "Merci : point d'étape envoyé."),
    "checkin.recent": ("Recent check-ins", "Points d'étape récents"),
    "checkin.network": (
        "Check-ins of the network (last 90 days)",
        "Points d'étape du réseau (90 derniers jours)",
    ),
    "checkin.none": ("No check-in yet.", "Pas encore de point d'étape."),
    "checkin.read_only": (
        "Check-ins are written by the city's team.",
        "Les points d'étape sont écrits par l'équipe de la ville.",
    ),
    "checkin.no_city": (
        "You are not a member of any city yet.",
        "Vous n'êtes membre d'aucune ville pour l'instant.",
    ),
    # reminders
    "reminder.checkin_never": (
        "{city} has not checked in yet: it takes a minute.",
        "{city} n'a pas encore fait de point d'étape : cela prend une minute.",
    ),
    "reminder.checkin_days": (
        "{city} last checked in {days} days ago: a minute to say how it goes?",
        "Dernier point d'étape de {city} il y a {days} jours : une minute pour dire où vous en êtes ?",
    ),
    "reminder.report_due": (
        "{city}: the report for {cycle} is due on {due}.",
        "{city} : le rapport {cycle} est attendu le {due}.",
    ),
    "reminder.report_overdue": (
        "{city}: the report for {cycle} was due on {due}.",
        "{city} : le rapport {cycle} était attendu le {due}.",
    ),
    "reminder.report_returned": (
        "{city}: the report for {cycle} was sent back: see the comments and submit it again.",
        "{city} : le rapport {cycle} a été renvoyé : lisez les commentaires et soumettez-le à "
        "nouveau.",
    ),
    # columns
    "column.date": ("Date", "Date"),
    "column.city": ("City", "Ville"),
    "column.mood": ("Mood", "Humeur"),
    "column.happened": ("What happened", "Ce qui s'est passé"),
    "column.blockers": ("Blockers", "Blocages"),
    "column.blocker_note": ("Other blocker", "Autre blocage"),
    "column.help_needed": ("Help needed", "Aide souhaitée"),
    "column.by": ("By", "Par"),
    "column.cycle": ("Cycle", "Cycle"),
    "column.start": ("Start", "Début"),
    "column.end": ("End", "Fin"),
    "column.due": ("Due", "Échéance"),
    "column.state": ("State", "État"),
    "column.submitted_at": ("Submitted", "Soumis le"),
    "column.title": ("Title", "Titre"),
    "column.outcome": ("Outcome", "Résultat"),
    "column.status": ("Status", "Statut"),
    "column.experiment": ("Experiment", "Expérimentation"),
    "column.value": ("Value", "Valeur"),
    "column.unit": ("Unit", "Unité"),
    "column.observation": ("Observation", "Observation"),
    "column.decision": ("Decision", "Décision"),
    "column.insights": ("Insights", "Enseignements"),
    "column.attendees": ("Attendees", "Participants"),
    "column.decisions": ("Decisions", "Décisions"),
    "column.who": ("Who", "Qui"),
    "column.action": ("Change", "Modification"),
    "column.sections": ("Sections", "Sections"),
    "column.note": ("Note", "Note"),
    "column.number": ("Version", "Version"),
    # reports
    "reports.title": ("Reports", "Rapports"),
    "reports.view": ("View", "Vue"),
    "reports.tab.compliance": ("Compliance", "Suivi des rapports"),
    "reports.tab.report": ("A city's reports", "Rapports d'une ville"),
    "reports.compliance.none": (
        "No reporting cycle has started yet.",
        "Aucun cycle de rapport n'a encore commencé.",
    ),
    "reports.compliance.to_review": ("Reports awaiting review", "Rapports à relire"),
    "reports.city": ("City", "Ville"),
    "reports.cycle": ("Cycle", "Cycle"),
    "reports.cycles": ("Cycles of {city}", "Cycles de {city}"),
    "reports.no_cycle": (
        "No reporting cycle has started for this city.",
        "Aucun cycle de rapport n'a commencé pour cette ville.",
    ),
    "reports.period": (
        "{cycle}: {start} to {end}, due {due}",
        "{cycle} : du {start} au {end}, échéance le {due}",
    ),
    "reports.not_opened": (
        "This report has not been opened yet.",
        "Ce rapport n'a pas encore été ouvert.",
    ),
    "reports.open": ("Open the pre-drafted report", "Ouvrir le rapport pré-rédigé"),
    "reports.opened": (
        "The report is drafted from your data: add a few lines and submit.",
        "Le rapport est pré-rédigé à partir de vos données : ajoutez quelques lignes et soumettez.",
    ),
    "reports.status": ("Status: {status}", "Statut : {status}"),
    "reports.status.draft": ("draft", "brouillon"),
    "reports.status.submitted": ("submitted", "soumis"),
    "reports.status.returned": ("sent back", "renvoyé"),
    "reports.status.accepted": ("accepted", "accepté"),
    "reports.submitted_by": ("Submitted on {date} by {who}", "Soumis le {date} par {who}"),
    "reports.changed": (
        "The data changed since this report was submitted. The report shows what was submitted; here is what changed:",
        "Les données ont changé depuis la soumission de ce rapport. Le rapport montre ce qui a été soumis ; voici ce qui a changé :",
    ),
    "reports.changed.added": ("{part}, now also: {items}", "{part}, désormais aussi : {items}"),
    "reports.changed.removed": ("{part}, no longer: {items}", "{part}, plus maintenant : {items}"),
    "reports.changed.checkins": (
        "Check-ins: {was} then, {now} now",
        "Points d'étape : {was} alors, {now} maintenant",
    ),
    "reports.changed.planned": ("Planned: {part}", "Prévu : {part}"),
    "reports.planned": ("Planned", "Prévu"),
    "reports.planned.help": (
        "Dated after the day the report was drafted: not counted among what happened.",
        "Daté après le jour où le rapport a été rédigé : non compté parmi ce qui s'est passé.",
    ),
    "reports.data": ("What the data of the period says", "Ce que disent les données de la période"),
    "reports.narrative": ("Your words", "Vos mots"),
    "reports.rag": ("Red, amber, green", "Rouge, orange, vert"),
    "reports.rag.schedule": ("Schedule", "Calendrier"),
    "reports.rag.budget": ("Budget", "Budget"),
    "reports.rag.engagement": ("Engagement", "Mobilisation"),
    "reports.rag.risk": ("Risk", "Risques"),
    "reports.rag.none": ("not rated", "non noté"),
    "reports.rag.green": ("green", "vert"),
    "reports.rag.amber": ("amber", "orange"),
    "reports.rag.red": ("red", "rouge"),
    "reports.save": ("Save the draft", "Enregistrer le brouillon"),
    "reports.submit": ("Submit the report", "Soumettre le rapport"),
    "reports.saved": ("Draft saved.", "Brouillon enregistré."),
    "reports.submitted": (
        "Report submitted: its content is now frozen.",
        "Rapport soumis : son contenu est désormais figé.",
    ),
    "reports.review": ("Review", "Relecture"),
    "reports.review.text": ("Comment", "Commentaire"),
    "reports.review.decision": ("Decision", "Décision"),
    "reports.review.comment": ("Comment only", "Commenter seulement"),
    "reports.review.accept": ("Accept", "Accepter"),
    "reports.review.return": ("Send back", "Renvoyer"),
    "reports.review.save": ("Send the review", "Envoyer la relecture"),
    "reports.review.saved": ("Review saved.", "Relecture enregistrée."),
    "reports.comments": ("Comments", "Commentaires"),
    "reports.comment_line": ("{date} · {who} · {decision}", "{date} · {who} · {decision}"),
    "reports.export": ("Download", "Télécharger"),
    "reports.part.stage_changes": ("Stage changes", "Changements d'étape"),
    "reports.part.plan_changes": ("Plan changes", "Modifications du plan"),
    "reports.part.versions": ("Plan versions frozen", "Versions du plan figées"),
    "reports.part.experiments_started": ("Experiments started", "Expérimentations lancées"),
    "reports.part.experiments_concluded": ("Experiments concluded", "Expérimentations conclues"),
    "reports.part.results": ("Results recorded", "Résultats enregistrés"),
    "reports.part.learnings": ("Learnings", "Enseignements"),
    "reports.part.meetings": ("Local action group meetings", "Réunions du groupe d'action locale"),
    "reports.part.checkins": ("Check-ins", "Points d'étape"),
    "reports.part.none": ("Nothing in this period.", "Rien sur cette période."),
    "reports.checkins.summary": (
        "{count} {count:one=check-in|other=check-ins}, {count:one=mood|other=mean mood} {mood}",
        "{count} {count:one=point d'étape|other=points d'étape}, {count:one=humeur|other=humeur moyenne} {mood}",
    ),
    "reports.checkins.blockers": ("Blockers named: {tags}", "Blocages cités : {tags}"),
    "reports.checkins.help": ("Help asked", "Aide demandée"),
    "reports.export.title": ("{city}: report {cycle}", "{city} : rapport {cycle}"),
    "reports.export.period": (
        "Period: {start} to {end} · due {due} · {status}",
        "Période : du {start} au {end} · échéance le {due} · {status}",
    ),
    "reports.export.file_word": ("report", "rapport"),
    # compliance states
    "compliance.state.accepted": ("accepted", "accepté"),
    "compliance.state.submitted": ("submitted", "soumis"),
    "compliance.state.late": ("late", "en retard"),
    "compliance.state.returned": ("sent back", "renvoyé"),
    "compliance.state.missing": ("missing", "manquant"),
    "compliance.state.open": ("open", "en cours"),
    "compliance.count": ("Cities", "Villes"),
    "chart.desc.compliance": (
        "Stacked bars: the reports of {cities} {cities:one=city|other=cities} over {cycles} {cycles:one=cycle|other=cycles}, by state; {missing} missing and {late} late.",
        "Barres empilées : les rapports de {cities} {cities:one=ville|other=villes} sur {cycles} {cycles:one=cycle|other=cycles}, par état ; {missing} {missing:one=manquant|other=manquants} et {late} en retard.",
    ),
    # coordination sessions
    "nav.coordination": ("Coordination", "Coordination"),
    "action.coordination.read": ("Read coordination sessions", "Lire les séances de coordination"),
    "action.coordination.edit": (
        "Run coordination sessions",
        "Animer les séances de coordination",
    ),
    "action.followup.read": ("See a city's follow-ups", "Voir les suites données d'une ville"),
    "action.learning.read": ("Read the learning backlog", "Lire les sujets d'apprentissage"),
    "action.learning.propose": ("Propose a learning topic", "Proposer un sujet d'apprentissage"),
    "action.learning.vote": ("Vote for learning topics", "Voter pour des sujets"),
    "action.learning.rate": ("Rate a session or event", "Évaluer une séance ou un événement"),
    "coordination.title": ("Coordination", "Coordination"),
    "coordination.sessions": ("Sessions", "Séances"),
    "coordination.team_only": (
        "Coordination sessions are kept by the network team.",
        "Les séances de coordination sont tenues par l'équipe du réseau.",
    ),
    "coordination.new": ("Plan a session", "Planifier une séance"),
    "coordination.date": ("Date", "Date"),
    "coordination.title_field": ("Title", "Titre"),
    "coordination.participants": (
        "Participants (separated by commas)",
        "Participants (séparés par des virgules)",
    ),
    "coordination.participants_are": ("Participants: {names}", "Participants : {names}"),
    "coordination.create": ("Create the session", "Créer la séance"),
    "coordination.none": ("No coordination session yet.", "Aucune séance de coordination."),
    "coordination.session": ("Session", "Séance"),
    "coordination.when": ("On {date}", "Le {date}"),
    "coordination.agenda": ("Agenda", "Ordre du jour"),
    "coordination.agenda_empty": (
        "No agenda yet: propose one from the data.",
        "Pas encore d'ordre du jour : proposez-en un à partir des données.",
    ),
    "coordination.propose": ("Propose the agenda from the data", "Proposer l'ordre du jour"),
    "coordination.notes": ("Notes", "Notes"),
    "coordination.decisions_hint": ("Decisions (one per line)", "Décisions (une par ligne)"),
    "coordination.save": ("Save", "Enregistrer"),
    "coordination.saved": ("Saved.", "Enregistré."),
    "coordination.followups": ("Follow-ups", "Suites à donner"),
    "coordination.followups_none": ("No follow-up.", "Aucune suite à donner."),
    "coordination.followup_text": ("Follow-up", "Suite à donner"),
    "coordination.owner": ("Owner", "Responsable"),
    "coordination.due": ("Due", "Échéance"),
    "coordination.city": ("City concerned", "Ville concernée"),
    "coordination.no_city": ("No city", "Aucune ville"),
    "coordination.add_followup": ("Add the follow-up", "Ajouter la suite à donner"),
    "coordination.followup_pick": ("Open follow-up", "Suite à donner ouverte"),
    "coordination.set_status": ("Update", "Mettre à jour"),
    "coordination.column.text": ("Follow-up", "Suite à donner"),
    "coordination.column.owner": ("Owner", "Responsable"),
    "coordination.column.due": ("Due", "Échéance"),
    "coordination.column.status": ("Status", "Statut"),
    "coordination.column.city": ("City", "Ville"),
    "coordination.error.status": ("unknown status", "statut inconnu"),
    "coordination.error.unknown_city": (
        "not a city of the network",
        "n'est pas une ville du réseau",
    ),
    "coordination.error.duplicate_followup": (
        "this session already has this follow-up for the same city",
        "cette séance a déjà cette suite à donner pour la même ville",
    ),
    "coordination.followup_duplicate": (
        "This session already has the follow-up “{text}” for the same city: nothing was added. Add it a second time?",
        "Cette séance a déjà la suite à donner « {text} » pour la même ville : rien n'a été ajouté. L'ajouter une seconde fois ?",
    ),
    "coordination.followup_add_anyway": ("Add it a second time", "L'ajouter une seconde fois"),
    "coordination.followup_keep_one": ("Keep just the one", "En garder une seule"),
    "coordination.city_followups": (
        "Follow-ups from coordination sessions",
        "Suites à donner des séances de coordination",
    ),
    "coordination.city_followups_none": (
        "No open follow-up for this city.",
        "Aucune suite à donner ouverte pour cette ville.",
    ),
    "followup.open": ("open", "ouverte"),
    "followup.done": ("done", "faite"),
    "followup.dropped": ("dropped", "abandonnée"),
    "reminder.followup": (
        "{city}: follow-up due {due}: {text}",
        "{city} : suite à donner pour le {due} : {text}",
    ),
    "reminder.followup_network": (
        "Follow-up due {due}: {text}",
        "Suite à donner pour le {due} : {text}",
    ),
    # reminders by e-mail
    "reminder.mail.subject": (
        "Atelier: what is due ({date})",
        "Atelier : ce qui vous attend ({date})",
    ),
    "reminder.mail.greeting": ("Hello {name},", "Bonjour {name},"),
    "reminder.mail.intro": (
        "Here is what is due in Atelier on {date}. Each link opens the page that deals with it.",
        "Voici ce qui vous attend dans Atelier le {date}. Chaque lien ouvre la page où s'en occuper.",
    ),
    "reminder.mail.footer": (
        "Atelier sends at most one reminder a day to the e-mail address of your account. To change it, ask an administrator. {url}",
        "Atelier envoie au plus un rappel par jour à l'adresse de votre compte. Pour la changer, demandez à un administrateur. {url}",
    ),
    "reminder.mail.on": (
        "E-mail reminders: on, through {host}.",
        "Rappels par courriel : activés, via {host}.",
    ),
    "reminder.mail.off": (
        "E-mail reminders: off (no SMTP server set). Reminders show in the app only.",
        "Rappels par courriel : désactivés (aucun serveur SMTP configuré). "
        "Les rappels s'affichent dans l'application seulement.",
    ),
    "reminder.mail.unusable": (
        "E-mail reminders: off, the SMTP settings cannot be used: {problem}",
        "Rappels par courriel : désactivés, les paramètres SMTP sont inutilisables : {problem}",
    ),
    "reminder.mail.send_now": (
        "Send today's reminders now",
        "Envoyer les rappels du jour maintenant",
    ),
    "reminder.mail.result": (
        "Reminders: {sent} sent, {skipped} already sent today, {failed} failed, {nothing} with nothing due.",
        "Rappels : {sent} envoyés, {skipped} déjà envoyés aujourd'hui, {failed} en échec, {nothing} sans rien à signaler.",
    ),
    # the agenda proposed from the data
    "agenda.attention": ("Needs attention: {city} ({why})", "À suivre : {city} ({why})"),
    "agenda.blocker": (
        "Common blocker: {blocker}, named {count} {count:one=time|other=times} by {cities} {cities:one=city|other=cities}",
        "Blocage fréquent : {blocker}, cité {count} fois par {cities} {cities:one=ville|other=villes}",
    ),
    "agenda.help": ("Help requested by {city}: {text}", "Aide demandée par {city} : {text}"),
    "agenda.experiment": (
        "Experiment concluded in {city}: {title}",
        "Test conclu à {city} : {title}",
    ),
    "agenda.experiments_more": (
        "… and {count} more {count:one=experiment|other=experiments} concluded",
        "… et {count} {count:one=autre test conclu|other=autres tests conclus}",
    ),
    "agenda.learning": (
        "Learning topic voted by cities: {title} ({votes} {votes:one=vote|other=votes}, {stage})",
        "Sujet voté par les villes : {title} ({votes} {votes:one=vote|other=votes}, {stage})",
    ),
    # the learning backlog
    "backlog.backlog": ("Learning backlog", "Sujets d'apprentissage"),
    "backlog.none": ("No topic proposed yet.", "Aucun sujet proposé."),
    "backlog.any_stage": ("any stage", "toutes étapes"),
    "backlog.topic_line": (
        "{votes} {votes:one=vote|other=votes} · {stage} · {status} · proposed by {city}",
        "{votes} {votes:one=vote|other=votes} · {stage} · {status} · proposé par {city}",
    ),
    "backlog.status.proposed": ("proposed", "proposé"),
    "backlog.status.scheduled": ("scheduled", "programmé"),
    "backlog.status.held": ("held", "tenu"),
    "backlog.vote": ("Vote", "Voter"),
    "backlog.unvote": ("Take back my vote", "Retirer mon vote"),
    "backlog.mark_held": ("Mark as held", "Marquer comme tenu"),
    "backlog.propose": ("Propose a topic", "Proposer un sujet"),
    "backlog.title_field": ("Topic", "Sujet"),
    "backlog.description": ("What you want to learn", "Ce que vous voulez apprendre"),
    "backlog.stage": ("Stage it serves", "Étape concernée"),
    "backlog.submit": ("Propose", "Proposer"),
    "backlog.rate": ("How useful was it?", "Était-ce utile ?"),
    "backlog.rate_what": ("Session or event", "Séance ou événement"),
    "backlog.score": ("Usefulness (1-5)", "Utilité (1 à 5)"),
    "backlog.comment": ("Comment", "Commentaire"),
    "backlog.rate_submit": ("Send the rating", "Envoyer l'évaluation"),
    "backlog.ratings": (
        "Usefulness {mean} out of 5, rated by {count} {count:one=city|other=cities}",
        "Utilité {mean} sur 5, évaluée par {count} {count:one=ville|other=villes}",
    ),
    "backlog.ratings_none": ("Not rated yet.", "Pas encore évalué."),
    "backlog.ratings_by_city": ("By city: {cities}", "Par ville : {cities}"),
    "backlog.rated": (
        "Thank you: your rating is saved.",
        "Merci : votre évaluation est enregistrée.",
    ),
    "backlog.rated_replaced": (
        "Saved: it replaced your city's earlier rating of {score}.",
        "Enregistrée : elle remplace l'évaluation précédente de votre ville ({score}).",
    ),
    "backlog.subject.session": ("Session: {title}", "Séance : {title}"),
    "backlog.subject.topic": ("Learning event: {title}", "Événement : {title}"),
    "backlog.error.unknown_stage": (
        "not a stage of the network's method",
        "n'est pas une étape de la méthode du réseau",
    ),
    "backlog.error.not_held": (
        "this learning event has not been held yet",
        "cet événement n'a pas encore eu lieu",
    ),
    # the dashboard's listening panels
    "dashboard.panel.mood": ("Mood over time", "Moral dans le temps"),
    "dashboard.panel.mood_by_city": ("Mood by city", "Moral par ville"),
    "dashboard.panel.blockers": ("Top blockers over time", "Principaux blocages dans le temps"),
    "dashboard.panel.help": ("Help requested", "Aide demandée"),
    "dashboard.panel.compliance": ("Report compliance per cycle", "Rapports rendus par cycle"),
    "dashboard.panel.followups": ("Open follow-ups", "Suites à donner ouvertes"),
    "dashboard.caption.mood": (
        "Mean mood {mood} of 5 in {month} ({checkins} {checkins:one=check-in|other=check-ins}); "
        "lowest {low} in {low_month}.",
        "Moral moyen {mood} sur 5 en {month} ({checkins} {checkins:one=point|other=points} "
        "d'étape) ; au plus bas {low} en {low_month}.",
    ),
    "dashboard.caption.mood_by_city": (
        "{cities} of {total} {total:one=city|other=cities} checked in {during}; lowest mood: {city} ({mood}).",
        "{cities} {cities:one=ville|other=villes} sur {total} {cities:one=a|other=ont} fait un point d'étape {during} ; moral le plus bas : {city} ({mood}).",
    ),
    "dashboard.caption.blockers": (
        "Most named blocker: {blocker}, {count} {count:one=time|other=times} by {cities} {cities:one=city|other=cities}.",
        "Blocage le plus cité : {blocker}, {count} fois par {cities} {cities:one=ville|other=villes}.",
    ),
    "dashboard.caption.help": (
        "{requests} {requests:one=request|other=requests} for help {during}, from {cities} of {total} {total:one=city|other=cities}.",
        "{requests} {requests:one=demande|other=demandes} d'aide {during}, de {cities} {cities:one=ville|other=villes} sur {total}.",
    ),
    "dashboard.caption.compliance": (
        "Of {due} {due:one=report|other=reports} due, {done} {done:one=was|other=were} submitted ({accepted} accepted, {late} late), {returned} sent back for changes and {missing} missing.",
        "Sur {due} {due:one=rapport attendu|other=rapports attendus}, {done} {done:one=a été soumis|other=ont été soumis} ({accepted} {accepted:one=accepté|other=acceptés}, {late} en retard), {returned} {returned:one=renvoyé|other=renvoyés} pour modification et {missing} {missing:one=manquant|other=manquants}.",
    ),
    "dashboard.caption.compliance_open": (
        "{open} more {open:one=is|other=are} not yet due.",
        "{open} {open:one=autre n'est pas encore attendu|other=autres ne sont pas encore attendus}.",
    ),
    "dashboard.caption.followups": (
        "{count} {count:one=follow-up|other=follow-ups} open, {overdue} past {overdue:one=its|other=their} due date.",
        "{count} {count:one=suite à donner ouverte|other=suites à donner ouvertes}, dont {overdue} en retard.",
    ),
    "dashboard.column.mood": ("Mean mood (1-5)", "Moral moyen (1 à 5)"),
    "dashboard.column.checkins": ("Check-ins", "Points d'étape"),
    "dashboard.column.blocker": ("Blocker", "Blocage"),
    "dashboard.column.count": ("Times named", "Nombre de mentions"),
    "dashboard.column.requests": ("Requests for help", "Demandes d'aide"),
    "dashboard.column.cycle": ("Cycle", "Cycle"),
    "dashboard.column.state": ("State", "État"),
    "dashboard.column.owner": ("Owner", "Responsable"),
    "dashboard.column.followups": ("Open follow-ups", "Suites ouvertes"),
    "dashboard.column.text": ("Follow-up", "Suite à donner"),
    "dashboard.column.due": ("Due", "Échéance"),
    "dashboard.column.overdue": ("Overdue", "En retard"),
    "dashboard.reason.mood_falling": (
        "mood falling ({before} to {now})",
        "moral en baisse ({before} à {now})",
    ),
    "dashboard.reason.report_overdue": (
        "report overdue ({cycle})",
        "rapport en retard ({cycle})",
    ),
    "dashboard.reason_name.mood_falling": ("mood falling", "moral en baisse"),
    "dashboard.reason_name.report_overdue": ("report overdue", "rapport en retard"),
    # the network settings page: listening and reporting
    "settings.tab.listening": ("Listening and reporting", "Écoute et rapports"),
    "settings.loc.checkin_reminder_days": (
        "Days without a check-in before a reminder",
        "Jours sans point d'étape avant un rappel",
    ),
    "settings.loc.report_grace_days": (
        "Days of grace before a report is late",
        "Jours de grâce avant qu'un rapport soit en retard",
    ),
    "settings.loc.reporting_starts_on": ("Reporting starts on", "Les rapports commencent le"),
    "settings.loc.programme_ends_on": ("Programme ends on", "Le programme se termine le"),
    "settings.loc.blocker_tags": ("Blockers", "Blocages"),
    "settings.loc.retired": ("retired", "retiré"),
    "listening.help": (
        "How the network listens to its cities. The reporting rhythm is in the General tab.",
        "Comment le réseau écoute ses villes. Le rythme des rapports est dans l'onglet Général.",
    ),
    "listening.help.checkin_reminder_days": (
        "A city's members are reminded to check in when their city has not for this many days.",
        "Les membres d'une ville reçoivent un rappel quand elle n'a pas fait de point d'étape "
        "depuis ce nombre de jours.",
    ),
    "listening.help.report_grace_days": (
        "A report is due this many days after the end of its period; later, it is late.",
        "Un rapport est attendu ce nombre de jours après la fin de sa période ; au-delà, il "
        "est en retard.",
    ),
    "listening.help.reporting_starts_on": (
        "Reports are due from the first period that ends on or after this day; earlier periods "
        "are never missing. Leave it empty to count every period since each city joined. An "
        "import sets it to the import day when the file does not say.",
        "Les rapports sont attendus à partir de la première période qui se termine ce jour-là "
        "ou après ; les périodes antérieures ne sont jamais manquantes. Laissez vide pour "
        "compter toutes les périodes depuis l'arrivée de chaque ville. Un import la fixe au "
        "jour de l'import quand le fichier ne la donne pas.",
    ),
    "listening.help.programme_ends_on": (
        "No report is due for a period that starts after this day. Leave it empty while the "
        "programme runs.",
        "Aucun rapport n'est attendu pour une période qui commence après ce jour. Laissez vide "
        "tant que le programme continue.",
    ),
    "listening.tags_help": (
        "The blockers cities tag their check-ins with. Add a row for a new one (its key is "
        "made from the English label), edit a label to rename it, change the order numbers to "
        "reorder. Removing a blocker that check-ins used retires it instead: it leaves the "
        "check-in form but keeps its label in their history. Untick Retired to use it again.",
        "Les blocages que les villes associent à leurs points d'étape. Ajoutez une ligne pour "
        "en créer un (sa clé est tirée du libellé anglais), modifiez un libellé pour le "
        "renommer, changez les numéros d'ordre pour les réordonner. Supprimer un blocage déjà "
        "utilisé le retire seulement : il quitte le formulaire mais garde son libellé dans "
        "l'historique. Décochez Retiré pour l'utiliser à nouveau.",
    ),
    "listening.column.order": ("Order", "Ordre"),
    "listening.column.retired": ("Retired", "Retiré"),
    "listening.key_help": (
        "Made from the English label when the blocker is added; it never changes.",
        "Tirée du libellé anglais à la création du blocage ; elle ne change jamais.",
    ),
    "listening.retired_help": (
        "Hidden from the check-in form; check-ins that named it keep its label.",
        "Masqué dans le formulaire ; les points d'étape qui le citent gardent son libellé.",
    ),
    # CSV exports of the listening data (services/transfer/listening_csv.py)
    "listening_csv.session_date": ("Session date", "Date de la séance"),
    "listening_csv.description": ("Description", "Description"),
    "listening_csv.proposed_by": ("Proposed by", "Proposé par"),
    "listening_csv.votes": ("Votes", "Votes"),
    "listening_csv.ratings": ("Ratings", "Évaluations"),
    "listening_csv.mean_rating": ("Mean usefulness (1-5)", "Utilité moyenne (1-5)"),
    "listening_csv.network_team": ("the network team", "l'équipe du réseau"),
    "listening_csv.checkins_city": (
        "Download this city's check-ins (CSV)",
        "Télécharger les points d'étape de la ville (CSV)",
    ),
    "listening_csv.checkins_all": (
        "Download every city's check-ins (CSV)",
        "Télécharger les points d'étape de toutes les villes (CSV)",
    ),
    "listening_csv.compliance": (
        "Download compliance per cycle and city (CSV)",
        "Télécharger la conformité par cycle et par ville (CSV)",
    ),
    "listening_csv.followups": (
        "Download the follow-ups (CSV)",
        "Télécharger les suites à donner (CSV)",
    ),
    "listening_csv.backlog": (
        "Download the backlog with votes and ratings (CSV)",
        "Télécharger les sujets avec votes et évaluations (CSV)",
    ),
    "listening_csv.file.checkins": ("check-ins", "points-d-etape"),
    "listening_csv.file.compliance": ("compliance", "conformite"),
    "listening_csv.file.followups": ("follow-ups", "suites-a-donner"),
    "listening_csv.file.backlog": ("learning-backlog", "sujets-apprentissage"),
}
