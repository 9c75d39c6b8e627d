"""Messages of accounts: admin screen, my account, set-password links, single sign-on."""

MESSAGES: dict[str, tuple[str, str]] = {
    "nav.admin": ("Accounts", "Comptes"),
    "nav.account": ("My account", "Mon compte"),
    "nav.set_password": ("Set your password", "Choisir votre mot de passe"),
    # fields (named in error messages)
    "field.city_ids": ("Cities", "Villes"),
    "field.old_password": ("Current password", "Mot de passe actuel"),
    "field.role": ("Role", "Rôle"),
    "accounts.field.name": ("Name", "Nom"),
    "accounts.field.email_sso": (
        "Email (for single sign-on, optional)",
        "Courriel (pour l'authentification unique, facultatif)",
    ),
    "accounts.field.role": ("Role", "Rôle"),
    "accounts.field.cities": ("Cities", "Villes"),
    "accounts.field.old_password": ("Current password", "Mot de passe actuel"),
    "accounts.field.new_password": ("New password", "Nouveau mot de passe"),
    # rules and errors
    "auth.password_pattern": (
        "is made of repeated or sequential characters (like aaaa, 1234 or abcabc): choose another",
        "est fait de caractères répétés ou consécutifs (comme aaaa, 1234 ou abcabc) : "
        "choisissez-en un autre",
    ),
    "auth.password_word_year": (
        "is a word and a year (like Summer2026!) or contains the app's name: choose another",
        "est un mot et une année (comme Ete2026!) ou contient le nom de l'application : "
        "choisissez-en un autre",
    ),
    "accounts.sign_in_first": (
        "Please log in first (open the app's home address).",
        "Connectez-vous d'abord (ouvrez l'adresse d'accueil de l'application).",
    ),
    "accounts.city_required": (
        "at least one city is needed for this role",
        "au moins une ville est nécessaire pour ce rôle",
    ),
    "accounts.unknown_city": (
        "contains a city that is not in this network",
        "contient une ville qui n'est pas dans ce réseau",
    ),
    "accounts.email_taken": (
        "is already used by another account",
        "est déjà utilisé par un autre compte",
    ),
    "accounts.last_admin": (
        "This is the last active administrator: make another account administrator first.",
        "C'est le dernier administrateur actif : nommez d'abord un autre administrateur.",
    ),
    "accounts.link_invalid": (
        "This link is not valid: it was already used, it expired, or it was replaced. Ask an administrator for a new one.",
        "Ce lien n'est pas valide : il a déjà servi, il a expiré ou il a été remplacé. Demandez-en un nouveau à un administrateur.",
    ),
    "accounts.old_password_wrong": ("is not correct", "n'est pas correct"),
    "accounts.password_same": (
        "must differ from the current password",
        "doit être différent du mot de passe actuel",
    ),
    # admin screen
    "accounts.admin.title": ("Accounts", "Comptes"),
    "accounts.admin.create": ("Create an account", "Créer un compte"),
    "accounts.admin.edit": ("Edit an account", "Modifier un compte"),
    "accounts.admin.method": ("How the person gets in", "Comment la personne se connecte"),
    "accounts.admin.method_link": (
        "A one-time link to set their password (valid 72 hours)",
        "Un lien à usage unique pour choisir son mot de passe (valable 72 heures)",
    ),
    "accounts.admin.method_password": (
        "A temporary password, to change at first login",
        "Un mot de passe temporaire, à changer à la première connexion",
    ),
    "accounts.admin.create_submit": ("Create the account", "Créer le compte"),
    "accounts.admin.created": ("Account {username} created.", "Compte {username} créé."),
    "accounts.admin.pick": ("Account", "Compte"),
    "accounts.admin.save": ("Save", "Enregistrer"),
    "accounts.admin.saved": ("Account {username} saved.", "Compte {username} enregistré."),
    "accounts.admin.access": ("Password and access", "Mot de passe et accès"),
    "accounts.admin.reset_password": (
        "New temporary password",
        "Nouveau mot de passe temporaire",
    ),
    "accounts.admin.reset_link": ("New set-password link", "Nouveau lien de mot de passe"),
    "accounts.admin.reset_done": (
        "The password of {username} was reset.",
        "Le mot de passe de {username} a été réinitialisé.",
    ),
    "accounts.admin.demo": ("Demo accounts ({count})", "Comptes de démonstration ({count})"),
    "accounts.admin.demo_help": (
        "The demo network's accounts, one per role and city. They share the password shown once"
        " after the demo was loaded; give one its own with a new password or link below.",
        "Les comptes du réseau de démonstration, un par rôle et par ville. Ils partagent le mot"
        " de passe affiché une fois après le chargement ; donnez-en un propre avec un nouveau mot"
        " de passe ou un lien ci-dessous.",
    ),
    "home.demo_accounts_where": (
        "The {count} demo accounts (username, role, city) are listed on the Accounts page.",
        "Les {count} comptes de démonstration (identifiant, rôle, ville) sont listés sur la page"
        " Comptes.",
    ),
    "accounts.admin.unlock": ("Unlock", "Déverrouiller"),
    "accounts.admin.unlocked": (
        "Account {username} unlocked: it can log in again now.",
        "Compte {username} déverrouillé : il peut se reconnecter dès maintenant.",
    ),
    "accounts.admin.deactivate": ("Deactivate", "Désactiver"),
    "accounts.admin.reactivate": ("Reactivate", "Réactiver"),
    "accounts.admin.deactivated": (
        "Account {username} deactivated: its sessions have ended.",
        "Compte {username} désactivé : ses sessions ont pris fin.",
    ),
    "accounts.admin.reactivated": (
        "Account {username} reactivated.",
        "Compte {username} réactivé.",
    ),
    "accounts.admin.conflict": (
        "Someone changed this account in the meantime: it has been reloaded, check and try again.",
        "Quelqu'un a modifié ce compte entre-temps : il a été rechargé, vérifiez et recommencez.",
    ),
    "accounts.column.username": ("Username", "Identifiant"),
    "accounts.column.display_name": ("Name", "Nom"),
    "accounts.column.email": ("Email", "Courriel"),
    "accounts.column.role": ("Role", "Rôle"),
    "accounts.column.cities": ("Cities", "Villes"),
    "accounts.column.active": ("Active", "Actif"),
    "accounts.column.locked": ("Locked", "Verrouillé"),
    "accounts.status.active": ("Active", "Actif"),
    "accounts.status.inactive": ("Deactivated", "Désactivé"),
    "accounts.status.locked": ("locked after failed logins", "verrouillé après des échecs"),
    "accounts.status.must_change": (
        "must change a temporary password",
        "doit changer un mot de passe temporaire",
    ),
    "accounts.status.link_pending": (
        "a set-password link is pending",
        "un lien de mot de passe est en attente",
    ),
    "accounts.secret.password": (
        "Temporary password for **{username}** (they must change it at first login):",
        "Mot de passe temporaire de **{username}** (à changer à la première connexion) :",
    ),
    "accounts.secret.link": (
        "One-time set-password link for **{username}** (valid 72 hours):",
        "Lien à usage unique pour **{username}** (valable 72 heures) :",
    ),
    "accounts.secret.once": (
        "Shown only now: copy it and send it to the person by a safe channel.",
        "Affiché une seule fois : copiez-le et transmettez-le par un canal sûr.",
    ),
    # my account
    "accounts.me.title": ("My account", "Mon compte"),
    "accounts.me.who": (
        "Logged in as **{username}**, {role}.",
        "Connecté en tant que **{username}**, {role}.",
    ),
    "accounts.me.cities": ("Cities: {cities}", "Villes : {cities}"),
    "accounts.me.must_change": (
        "You logged in with a temporary password: choose your own before going on.",
        "Vous vous êtes connecté avec un mot de passe temporaire : choisissez le vôtre pour continuer.",
    ),
    "accounts.me.password": ("Change my password", "Changer mon mot de passe"),
    "accounts.me.password_rules": (
        "At least {min} characters, not a common password, not containing your username, not"
        " repeated or sequential characters (aaaa, 1234).",
        "Au moins {min} caractères, pas un mot de passe courant, sans votre identifiant, sans"
        " suite de caractères répétés ou consécutifs (aaaa, 1234).",
    ),
    "accounts.me.change_password": ("Change the password", "Changer le mot de passe"),
    "accounts.me.password_changed": (
        "Password changed. Your other open sessions have ended.",
        "Mot de passe changé. Vos autres sessions ouvertes ont pris fin.",
    ),
    "accounts.me.profile": ("Profile", "Profil"),
    "accounts.me.save": ("Save", "Enregistrer"),
    "accounts.me.saved": ("Profile saved.", "Profil enregistré."),
    # set-password link
    "accounts.link.title": ("Set your password", "Choisissez votre mot de passe"),
    "accounts.link.for": ("For the account **{username}**.", "Pour le compte **{username}**."),
    "accounts.link.submit": ("Set the password and log in", "Enregistrer et se connecter"),
    "accounts.link.other_session": (
        "You are logged in as **{current}**: setting this password logs you in as "
        "**{username}** instead.",
        "Vous êtes connecté comme **{current}** : enregistrer ce mot de passe vous connecte "
        "comme **{username}** à la place.",
    ),
    # single sign-on
    "accounts.sso.login": ("Log in with single sign-on", "Connexion par authentification unique"),
    "accounts.sso.login_with": ("Log in with {provider}", "Se connecter avec {provider}"),
    "accounts.sso.no_account": (
        "No active account has the email {email}. Ask an administrator to add it to your account.",
        "Aucun compte actif n'a le courriel {email}. Demandez à un administrateur de l'ajouter à votre compte.",
    ),
    "accounts.sso.logout": ("Use another identity", "Utiliser une autre identité"),
}
