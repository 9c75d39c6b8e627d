"""Messages of evidence levels, unintended effects, replications and "what works where at a
glance": (English, French)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # the scale, after Nesta's standards of evidence
    "learning.evidence.1": (
        "We can describe what happened",
        "Nous pouvons décrire ce qui s'est passé",
    ),
    "learning.evidence.2": ("Data show a change", "Des données montrent un changement"),
    "learning.evidence.3": (
        "A comparison shows it was caused by what we did",
        "Une comparaison montre que le changement vient de ce que nous avons fait",
    ),
    "learning.evidence.4": (
        "It held when tested again or elsewhere",
        "Le résultat a tenu, testé à nouveau ou ailleurs",
    ),
    "learning.evidence.5": (
        "It was tested and replicated to a standard a funder can rely on",
        "Testé et reproduit selon un standard sur lequel un financeur peut s'appuyer",
    ),
    "learning.evidence.none": ("Not graded", "Non évalué"),
    "learning.evidence.level": ("Evidence {level}/5: {meaning}", "Preuve {level}/5 : {meaning}"),
    "learning.evidence.scale": (
        "How strong is this evidence? A scale from 1 to 5 after Nesta's standards of evidence. "
        "1: we can describe what happened. 2: data show a change. 3: a comparison (a group "
        "without the change) shows it was caused by what we did. 4: it held when tested again "
        "or in another city. 5: it was tested and replicated to a standard a funder can rely "
        "on. The app suggests a level from the experiments' data and says why; a level is kept "
        "only once a person confirms it.",
        "Quelle est la force de cette preuve ? Une échelle de 1 à 5 d'après les standards de "
        "preuve de Nesta. 1 : nous pouvons décrire ce qui s'est passé. 2 : des données montrent "
        "un changement. 3 : une comparaison (un groupe sans le changement) montre qu'il vient "
        "de ce que nous avons fait. 4 : le résultat a tenu, testé à nouveau ou dans une autre "
        "ville. 5 : testé et reproduit selon un standard sur lequel un financeur peut "
        "s'appuyer. L'application suggère un niveau à partir des données des expérimentations "
        "et dit pourquoi ; un niveau n'est enregistré qu'une fois confirmé par une personne.",
    ),
    "learning.evidence.scale_title": ("The evidence scale", "L'échelle de preuve"),
    "learning.evidence.suggested": (
        "Suggested: level {level}. {why}",
        "Suggestion : niveau {level}. {why}",
    ),
    "learning.evidence.why.describe": (
        "No experiment of this card has a numeric criterion met by its results yet.",
        "Aucune expérimentation de cette fiche n'a encore de critère chiffré atteint par ses "
        "résultats.",
    ),
    "learning.evidence.why.measured": (
        "“{title}” met its numeric criterion with measured results.",
        "« {title} » a atteint son critère chiffré avec des résultats mesurés.",
    ),
    "learning.evidence.why.compared": (
        "“{title}” met its numeric criterion, compared with: {group}.",
        "« {title} » a atteint son critère chiffré, en comparaison avec : {group}.",
    ),
    "learning.evidence.why.replicated": (
        "“{title}” was replicated: tested in {tested} {tested:one=city|other=cities}, held in "
        "{held}.",
        "« {title} » a été reproduite : testée dans {tested} {tested:one=ville|other=villes}, "
        "a tenu dans {held}.",
    ),
    "learning.evidence.confirm": ("Confirm level {level}", "Confirmer le niveau {level}"),
    "learning.evidence.confirmed": ("Evidence level saved.", "Niveau de preuve enregistré."),
    "learning.unintended": ("Unintended effects: {text}", "Effets inattendus : {text}"),
    # fields
    "experiments.f.evidence_level": ("Evidence level (1-5)", "Niveau de preuve (1-5)"),
    "field.evidence_level": ("Evidence level (1-5)", "Niveau de preuve (1-5)"),
    "experiments.f.unintended_effects": (
        "Unintended effects (good or bad, that nobody planned)",
        "Effets inattendus (bons ou mauvais, que personne n'avait prévus)",
    ),
    "field.unintended_effects": ("Unintended effects", "Effets inattendus"),
    "experiments.f.comparison_group": (
        "Comparison group (optional: who is compared, without the change)",
        "Groupe de comparaison (facultatif : qui est comparé, sans le changement)",
    ),
    "field.comparison_group": ("Comparison group", "Groupe de comparaison"),
    "field.replicates": ("Replicates", "Reproduit"),
    # replications
    "experiments.error.replicates_unknown": (
        "No experiment {id} of another city of the network that you may read.",
        "Aucune expérimentation {id} d'une autre ville du réseau que vous pouvez lire.",
    ),
    "experiments.error.replicates_own_city": (
        "A replication repeats another city's experiment, not one of the same city.",
        "Une reproduction reprend l'expérimentation d'une autre ville, pas de la même ville.",
    ),
    "experiments.error.replicates_loop": (
        "That experiment already replicates this one.",
        "Cette expérimentation reproduit déjà celle-ci.",
    ),
    "replication.replicates": (
        "Replicates “{title}” ({city})",
        "Reproduit « {title} » ({city})",
    ),
    "replication.chain": (
        "Tested in {tested} {tested:one=city|other=cities}, held in {held}",
        "Testée dans {tested} {tested:one=ville|other=villes}, a tenu dans {held}",
    ),
    "replication.others": ("Also tested in:", "Aussi testée à :"),
    "replication.start": ("Start a replication", "Lancer une reproduction"),
    "replication.start.help": (
        "Copies this test card (its design, not its results) into one of your cities' "
        "experiments, in design, for the city to adapt.",
        "Copie cette fiche de test (sa conception, pas ses résultats) dans les expérimentations "
        "d'une de vos villes, en conception, à adapter par la ville.",
    ),
    "replication.into": ("Into the city", "Dans la ville"),
    "replication.started": (
        "Replication started in the city's experiments (in design).",
        "Reproduction lancée dans les expérimentations de la ville (en conception).",
    ),
    "replication.none_editable": (
        "None of your cities can receive this replication.",
        "Aucune de vos villes ne peut recevoir cette reproduction.",
    ),
    "replication.f.replicates": (
        "Replicates another city's test",
        "Reproduit le test d'une autre ville",
    ),
    "replication.f.replicates.none": ("No, an original test", "Non, un test original"),
    "replication.card_option": ("{city}: {title}", "{city} : {title}"),
    "replication.from_network": (
        "Replicate another city's test",
        "Reproduire le test d'une autre ville",
    ),
    "replication.from_network.help": (
        "The test cards of the network's other cities (their design, not their results). "
        "Starting a replication copies the card into this city's experiments, in design, "
        "for the city to adapt.",
        "Les fiches de test des autres villes du réseau (leur conception, pas leurs "
        "résultats). Lancer une reproduction copie la fiche dans les expérimentations de cette "
        "ville, en conception, à adapter par la ville.",
    ),
    "replication.from_network.none": (
        "No other city of the network has a test card yet.",
        "Aucune autre ville du réseau n'a encore de fiche de test.",
    ),
    "replication.card": ("Test card", "Fiche de test"),
    "story.unintended": ("Unintended effects", "Effets inattendus"),
    # the dashboard: what works where at a glance, evidence, unintended effects, search
    "dashboard.glance.title": (
        "At a glance: who tried what",
        "En un coup d'œil : qui a essayé quoi",
    ),
    "dashboard.glance.caption": (
        "Every method and assumption category tried, each city that tried it, its outcomes and "
        "the highest evidence level its learning cards were given (0: none graded yet).",
        "Chaque méthode et catégorie d'hypothèse essayée, chaque ville qui l'a essayée, ses "
        "résultats et le plus haut niveau de preuve donné à ses fiches d'apprentissage (0 : "
        "aucune évaluée).",
    ),
    "dashboard.glance.methods": ("By method", "Par méthode"),
    "dashboard.glance.city": ("{city}: {outcome}, {level}", "{city} : {outcome}, {level}"),
    "dashboard.glance.level": ("evidence {level}/5", "preuve {level}/5"),
    "dashboard.glance.ungraded": ("not graded", "non évaluée"),
    "dashboard.glance.categories": ("By assumption category", "Par catégorie d'hypothèse"),
    "dashboard.glance.none": (
        "No city has tried a method of the network yet.",
        "Aucune ville n'a encore essayé de méthode du réseau.",
    ),
    "dashboard.evidence.caption": (
        "{cards} learning {cards:one=card|other=cards}, {graded} graded; {strong} at level 4 "
        "or 5 (held when tested again or elsewhere, or better).",
        "{cards} {cards:one=fiche|other=fiches} d'apprentissage, {graded} "
        "{graded:one=évaluée|other=évaluées} ; {strong} au niveau 4 ou 5 (le résultat a tenu, "
        "testé à nouveau ou ailleurs, ou mieux).",
    ),
    "dashboard.unintended.title": ("Unintended effects", "Effets inattendus"),
    "dashboard.unintended.caption": (
        "What the cities' learning cards say happened that nobody planned, newest first.",
        "Ce que les fiches d'apprentissage des villes disent s'être produit sans que personne "
        "l'ait prévu, les plus récents d'abord.",
    ),
    "dashboard.unintended.none": (
        "No learning card names an unintended effect yet.",
        "Aucune fiche d'apprentissage ne mentionne encore d'effet inattendu.",
    ),
    "dashboard.search.title": ("Has anyone tested it?", "Quelqu'un l'a-t-il testé ?"),
    "dashboard.search.text": (
        "Words to look for in test cards and learning cards",
        "Mots à chercher dans les fiches de test et d'apprentissage",
    ),
    "dashboard.search.submit": ("Search", "Chercher"),
    "dashboard.search.none": (
        "No test card or learning card you may read has these words.",
        "Aucune fiche de test ou d'apprentissage que vous pouvez lire ne contient ces mots.",
    ),
    "dashboard.search.found": (
        "{count} {count:one=card|other=cards} found.",
        "{count} {count:one=fiche trouvée|other=fiches trouvées}.",
    ),
    "dashboard.search.kind.experiment": ("Test card", "Fiche de test"),
    "dashboard.search.kind.learning": ("Learning card", "Fiche d'apprentissage"),
    "dashboard.column.kind": ("Kind", "Type"),
    "dashboard.column.key": ("Code", "Code"),
    "dashboard.column.group": ("Method or category", "Méthode ou catégorie"),
    "dashboard.column.evidence_level": ("Evidence level", "Niveau de preuve"),
    "dashboard.column.unintended_effects": ("Unintended effects", "Effets inattendus"),
    "dashboard.column.at": ("Written", "Écrite le"),
    "dashboard.column.title": ("Title", "Titre"),
    "dashboard.column.match": ("Where the words are", "Où sont les mots"),
}
