"""Messages of the network's shared indicators: (English, French)."""

MESSAGES: dict[str, tuple[str, str]] = {
    "indicators.error.unknown": (
        "{indicator} is not one of the network's shared indicators.",
        "{indicator} n'est pas un des indicateurs communs du réseau.",
    ),
    "indicators.error.too_many": (
        "An indicator keeps at most {max} measurements.",
        "Un indicateur garde au plus {max} mesures.",
    ),
    "validation.indicator_value_finite": ("must be a finite number", "doit être un nombre fini"),
    "field.indicator": ("Indicator", "Indicateur"),
    "field.baseline": ("Baseline", "Valeur de départ"),
    "field.target": ("Target", "Cible"),
    "field.measurements": ("Measurements", "Mesures"),
    "field.indicators": ("Shared indicators", "Indicateurs communs"),
    # the settings page
    "settings.tab.indicators": ("Shared indicators", "Indicateurs communs"),
    "settings.indicators_help": (
        "The indicators every city measures in the same unit, so that the dashboard can compare "
        "them. Each city sets its own baseline and target and records measurements (Experiments "
        "page, tab Shared indicators).",
        "Les indicateurs que chaque ville mesure dans la même unité, pour que le tableau de bord "
        "les compare. Chaque ville fixe sa valeur de départ et sa cible et saisit ses mesures "
        "(page Expérimentations, onglet Indicateurs communs).",
    ),
    "settings.column.unit": ("Unit", "Unité"),
    # the city's tab
    "experiments.tab.indicators": ("Shared indicators", "Indicateurs communs"),
    "indicators.none": (
        "The network has no shared indicator yet (network settings).",
        "Le réseau n'a pas encore d'indicateur commun (paramètres du réseau).",
    ),
    "indicators.line": (
        "Baseline {baseline} · target {target} · latest {latest}",
        "Départ {baseline} · cible {target} · dernière mesure {latest}",
    ),
    "indicators.unset": ("not set", "non fixée"),
    "indicators.save_targets": ("Save baseline and target", "Enregistrer départ et cible"),
    "indicators.record": ("Record a measurement", "Saisir une mesure"),
    "indicators.saved": ("Saved.", "Enregistré."),
    "indicators.value": ("Value ({unit})", "Valeur ({unit})"),
    # the dashboard
    "dashboard.indicators.title": ("Shared indicators", "Indicateurs communs"),
    "dashboard.indicators.caption": (
        "{cities} {cities:one=city follows|other=cities follow} this indicator, {measured} "
        "measured it; {reached} reached {reached:one=its|other=their} target.",
        "{cities} {cities:one=ville suit|other=villes suivent} cet indicateur, {measured} "
        "l'ont mesuré ; {reached} {reached:one=a atteint sa|other=ont atteint leur} cible.",
    ),
    "dashboard.column.value": ("Value", "Valeur"),
    "dashboard.column.baseline": ("Baseline", "Valeur de départ"),
    "dashboard.column.target": ("Target", "Cible"),
    "dashboard.column.unit": ("Unit", "Unité"),
}
