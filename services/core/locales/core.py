"""Messages of the app shell, accounts, errors and validation: (English, French)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # app shell
    "app.tagline": (
        "Collaborative action planning for networks of cities.",
        "La planification d'actions collaborative pour les réseaux de villes.",
    ),
    "app.language": ("Language", "Langue"),
    "app.logout": ("Log out", "Se déconnecter"),
    "app.conflict": (
        "Someone saved this while you were editing. What is stored now is below; your changes "
        "are still in the form: check them and save again to replace it.",
        "Quelqu'un a enregistré pendant votre saisie. La version enregistrée est ci-dessous ; vos "
        "modifications restent dans le formulaire : vérifiez-les et enregistrez à nouveau.",
    ),
    "field.reconnecting": (
        "Connection lost. Reconnecting… What you typed is kept.",
        "Connexion perdue. Reconnexion en cours… Ce que vous avez saisi est gardé.",
    ),
    "field.unsent": (
        "Not sent: the connection dropped before this reached the server. Your text is still "
        "here; send it again.",
        "Non envoyé : la connexion a été coupée avant que ceci n'arrive au serveur. Votre texte "
        "est toujours là ; envoyez-le à nouveau.",
    ),
    "app.store_unavailable": (
        "The database cannot be reached: {reason}",
        "La base de données est injoignable : {reason}",
    ),
    "app.page_not_for_role": (
        "This page is not open to your role ({role}). The menu lists the pages you can open.",
        "Cette page n'est pas ouverte à votre rôle ({role}). Le menu liste les pages que vous "
        "pouvez ouvrir.",
    ),
    "nav.home": ("Home", "Accueil"),
    "nav.roles": ("Roles", "Rôles"),
    "nav.setup": ("Set up Atelier", "Configurer Atelier"),
    "nav.login": ("Log in", "Connexion"),
    # roles
    "role.admin": ("Administrator", "Administrateur"),
    "role.coordinator": ("Coordinator", "Coordinateur"),
    "role.city_lead": ("City lead", "Responsable de ville"),
    "role.lag_member": ("Local action group member", "Membre du groupe d'action locale"),
    "role.viewer": ("Viewer", "Observateur"),
    "roles.title": ("Roles and permissions", "Rôles et permissions"),
    "roles.intro": (
        "What each role may do. The same table is enforced by the services, whatever a page shows.",
        "Ce que chaque rôle peut faire. Les services appliquent ce même tableau, quelle que soit la page.",
    ),
    "roles.action": ("Action", "Action"),
    "roles.all": ("all cities", "toutes les villes"),
    "roles.own": ("own cities", "ses villes"),
    "roles.participant": (
        "Everyone who uses Atelier has an account with one of these roles; an administrator creates it on the Accounts page.",
        "Toute personne qui utilise Atelier a un compte avec l'un de ces rôles ; un administrateur le crée sur la page Comptes.",
    ),
    "action.network.edit": ("Edit network settings", "Modifier les paramètres du réseau"),
    "action.network.read": ("See the network", "Voir le réseau"),
    "action.user.manage": ("Manage accounts", "Gérer les comptes"),
    "action.demo.load": ("Load the demo network", "Charger le réseau de démonstration"),
    "action.city.create": ("Create a city", "Créer une ville"),
    "action.city.edit": ("Edit a city", "Modifier une ville"),
    "action.city.read": ("See a city", "Voir une ville"),
    "action.stage.approve": ("Approve a stage gate", "Valider une étape"),
    "action.plan.read": ("Read the plan", "Lire le plan"),
    "action.plan.edit": ("Edit the plan", "Modifier le plan"),
    "action.plan.freeze": ("Freeze a plan version", "Figer une version du plan"),
    "action.plan.meeting.record": ("Record a meeting", "Enregistrer une réunion"),
    "action.plan.comment": ("Comment", "Commenter"),
    "action.experiment.read": ("See experiments", "Voir les expérimentations"),
    "action.experiment.card.read": (
        "See the network's test cards (their design, not their results)",
        "Voir les fiches de test du réseau (leur conception, pas leurs résultats)",
    ),
    "action.experiment.edit": ("Design experiments", "Concevoir les expérimentations"),
    "action.experiment.result.record": ("Record results", "Saisir des résultats"),
    "action.learning.edit": ("Write learnings", "Rédiger les apprentissages"),
    "action.dashboard.read": ("See dashboards", "Voir les tableaux de bord"),
    "action.reminder.send": (
        "Send the day's e-mail reminders",
        "Envoyer les rappels du jour par courriel",
    ),
    # first run
    "setup.title": ("Welcome to Atelier", "Bienvenue dans Atelier"),
    "setup.intro": (
        "No account exists yet. Create the first one: it will administer the network.",
        "Aucun compte n'existe encore. Créez le premier : il administrera le réseau.",
    ),
    "setup.load_demo": ("Load the demo network", "Charger le réseau de démonstration"),
    "setup.demo_help": (
        "Twelve cities in Africa and Europe with 18 months of history, and one account per role and city (listed on the Accounts page). Untick it to start an empty network of your own.",
        "Douze villes d'Afrique et d'Europe avec 18 mois d'historique, et un compte par rôle et par ville (listés sur la page Comptes). Décochez pour commencer un réseau vide à vous.",
    ),
    "setup.submit": ("Create my account", "Créer mon compte"),
    # login
    "login.title": ("Log in to Atelier", "Connexion à Atelier"),
    "login.submit": ("Log in", "Se connecter"),
    "auth.login_failed": (
        "Wrong username or password, or the account is locked. Try again in a few minutes.",
        "Identifiant ou mot de passe incorrect, ou compte verrouillé. Réessayez dans quelques minutes.",
    ),
    "auth.password_too_short": (
        "must have at least {min} characters",
        "doit comporter au moins {min} caractères",
    ),
    "auth.password_common": (
        "is too common or contains the username: choose another",
        "est trop courant ou contient l'identifiant : choisissez-en un autre",
    ),
    "auth.password_mismatch": (
        "does not match the password",
        "ne correspond pas au mot de passe",
    ),
    "auth.setup_done": (
        "Atelier is already set up: log in instead.",
        "Atelier est déjà configuré : connectez-vous.",
    ),
    "auth.username_taken": ("is already taken", "est déjà utilisé"),
    # home
    "home.funder": ("Funded by {funder}", "Financé par {funder}"),
    "home.cities": (
        "{count} {count:one=city|other=cities}",
        "{count} {count:one=ville|other=villes}",
    ),
    "home.by_stage": ("Cities by stage", "Villes par étape"),
    "home.count": ("Cities", "Villes"),
    "home.no_cities": (
        "No city yet. Cities appear here once they are added.",
        "Aucune ville pour l'instant. Elles apparaîtront ici une fois ajoutées.",
    ),
    "home.demo_accounts": ("Demo accounts", "Comptes de démonstration"),
    "home.demo_accounts_help": (
        "The demo network has one account per role and city; they share this password, shown only now.",
        "Le réseau de démonstration a un compte par rôle et par ville ; ils partagent ce mot de passe, affiché une seule fois.",
    ),
    # columns and fields
    "column.name": ("City", "Ville"),
    "column.country": ("Country", "Pays"),
    "column.cluster": ("Theme", "Thème"),
    "column.stage": ("Stage", "Étape"),
    "column.challenge": ("Challenge", "Défi"),
    "field.date": ("Date", "Date"),
    "field.network_name": ("Network name", "Nom du réseau"),
    "field.display_name": ("Your name", "Votre nom"),
    "field.username": ("Username", "Identifiant"),
    "field.password": ("Password", "Mot de passe"),
    "field.password_confirm": ("Confirm the password", "Confirmez le mot de passe"),
    "field.email": ("Email", "Courriel"),
    "field.name": ("Name", "Nom"),
    "field.country": ("Country", "Pays"),
    # errors
    "error.generic": ("Something went wrong.", "Une erreur est survenue."),
    "error.not_found": (
        "Not found, or you do not have access.",
        "Introuvable, ou vous n'y avez pas accès.",
    ),
    "error.permission": (
        "Your role does not allow this ({action}).",
        "Votre rôle ne le permet pas ({action}).",
    ),
    "error.invalid": ("Invalid value.", "Valeur invalide."),
    "error.conflict": (
        "Someone else saved this in the meantime.",
        "Quelqu'un d'autre a enregistré entre-temps.",
    ),
    # validation (pydantic error types)
    "validation.line": ("{field}: {detail}", "{field} : {detail}"),
    "validation.missing": ("is required", "est obligatoire"),
    "validation.string_too_short": (
        "is required (at least {min_length} characters)",
        "est obligatoire (au moins {min_length} caractères)",
    ),
    "validation.string_too_long": (
        "is too long: at most {max_length} characters",
        "est trop long : {max_length} caractères au plus",
    ),
    "validation.string_type": ("must be text", "doit être du texte"),
    "validation.string_pattern_mismatch": (
        "has characters that are not allowed",
        "contient des caractères non autorisés",
    ),
    "validation.int_parsing": ("must be a whole number", "doit être un nombre entier"),
    "validation.int_type": ("must be a whole number", "doit être un nombre entier"),
    "validation.int_from_float": ("must be a whole number", "doit être un nombre entier"),
    "validation.float_parsing": ("must be a number", "doit être un nombre"),
    "validation.float_type": ("must be a number", "doit être un nombre"),
    "validation.bool_type": ("must be yes or no", "doit être oui ou non"),
    "validation.date_parsing": ("must be a date", "doit être une date"),
    "validation.date_type": ("must be a date", "doit être une date"),
    "validation.date_from_datetime_parsing": (
        "must be a date, such as 2026-03-15 or 15/03/2026",
        "doit être une date, comme 2026-03-15 ou 15/03/2026",
    ),
    "validation.date_from_datetime_inexact": (
        "must be a date without a time of day",
        "doit être une date sans heure",
    ),
    "validation.finite_number": ("must be a finite number", "doit être un nombre fini"),
    "validation.invalid": ("is not valid", "n'est pas valide"),
    "validation.datetime_type": ("must be a date and time", "doit être une date et une heure"),
    "validation.list_type": ("must be a list", "doit être une liste"),
    "validation.dict_type": ("has the wrong shape", "n'a pas la bonne forme"),
    "validation.model_type": ("has the wrong shape", "n'a pas la bonne forme"),
    "validation.greater_than_equal": ("must be at least {ge}", "doit être au moins {ge}"),
    "validation.less_than_equal": ("must be at most {le}", "doit être au plus {le}"),
    "validation.greater_than": ("must be more than {gt}", "doit être supérieur à {gt}"),
    "validation.less_than": ("must be less than {lt}", "doit être inférieur à {lt}"),
    "validation.too_short": (
        "needs at least {min_length} items",
        "demande au moins {min_length} éléments",
    ),
    "validation.too_long": (
        "has too many items (at most {max_length})",
        "a trop d'éléments ({max_length} au plus)",
    ),
    "validation.literal_error": ("must be one of: {expected}", "doit être l'un de : {expected}"),
    "validation.extra_forbidden": ("is not an accepted field", "n'est pas un champ accepté"),
    "validation.value_error": ("is not valid: {error}", "n'est pas valide : {error}"),
    "validation.one_line": (
        "must be one line, without line breaks or control characters",
        "doit tenir sur une ligne, sans retour à la ligne ni caractère de contrôle",
    ),
    "validation.operator": (
        "must not start with '$'",
        "ne doit pas commencer par « $ »",
    ),
    # Charts' text alternatives (Vega-Lite `description`) and the data next to each chart.
    "chart.data": ("Data of the chart", "Données du graphique"),
    "chart.csv": ("Download as CSV", "Télécharger en CSV"),
    "chart.desc.stages": (
        "Bar chart: number of cities at each stage of the method, {total} {total:one=city|other=cities} in all. The same numbers are in the table under the chart.",
        "Diagramme en barres : nombre de villes à chaque étape de la méthode, {total} {total:one=ville|other=villes} en tout. Les mêmes chiffres sont dans le tableau sous le graphique.",
    ),
}
