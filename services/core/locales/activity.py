"""What each line of the activity log says was done, by its action name (what services write
into `activity.action`): a label for people, never the name itself. (English, French)"""

MESSAGES: dict[str, tuple[str, str]] = {
    "activity.other": ("changed something", "a modifié quelque chose"),
    # every document
    "activity.create": ("created", "a créé"),
    "activity.update": ("edited", "a modifié"),
    "activity.delete": ("deleted", "a supprimé"),
    # the plan
    "activity.layout": ("changed the layout", "a réorganisé les sections"),
    "activity.add_section": ("added a section", "a ajouté une section"),
    "activity.save_section": ("saved a section", "a enregistré une section"),
    "activity.save_item": ("edited an item", "a modifié un élément"),
    "activity.record_meeting": ("recorded a meeting", "a enregistré une réunion"),
    "activity.propose": ("changed from a learning", "a modifié d'après un apprentissage"),
    "activity.freeze": ("froze a version", "a figé une version"),
    # stages
    "activity.tick_gate_item": ("ticked a gate item", "a coché un point de passage"),
    "activity.approve_stage": ("approved the stage", "a validé l'étape"),
    "activity.return_stage": ("returned to a stage", "a ramené à une étape"),
    "activity.complete_stage": ("completed the last stage", "a achevé la dernière étape"),
    # experiments
    "activity.status": ("changed the status", "a changé le statut"),
    "activity.result.record": ("recorded a result", "a saisi un résultat"),
    "activity.result.correct": ("corrected a result", "a corrigé un résultat"),
    "activity.reopen": ("reopened", "a rouvert"),
    # shared network indicators
    "activity.measurement.record": (
        "recorded an indicator's value",
        "a saisi la valeur d'un indicateur",
    ),
    "activity.targets": (
        "set an indicator's baseline and target",
        "a fixé la référence et la cible d'un indicateur",
    ),
    # reports, coordination, learning
    "activity.submit": ("submitted", "a soumis"),
    "activity.comment": ("commented", "a commenté"),
    "activity.accept": ("accepted", "a accepté"),
    "activity.return": ("sent back", "a renvoyé"),
    "activity.followup": ("updated a follow-up", "a mis à jour une suite à donner"),
    "activity.vote": ("voted", "a voté"),
    # accounts
    "activity.access": ("changed the access", "a modifié les accès"),
    "activity.password_reset": ("reset the password", "a réinitialisé le mot de passe"),
    "activity.link_issued": ("issued a sign-in link", "a émis un lien de connexion"),
    "activity.reactivate": ("reactivated the account", "a réactivé le compte"),
    "activity.deactivate": ("deactivated the account", "a désactivé le compte"),
    "activity.unlocked": ("unlocked the account", "a déverrouillé le compte"),
    "activity.locked": ("locked the account", "a verrouillé le compte"),
    "activity.password_set": ("set the password", "a défini le mot de passe"),
    "activity.password": ("changed the password", "a changé le mot de passe"),
    "activity.profile": ("edited the profile", "a modifié le profil"),
    # workshops
    "activity.promote": ("sent to the plan", "a versé au plan"),
    "activity.phase": ("changed the phase", "a changé de phase"),
    "activity.settings": ("changed the settings", "a modifié les réglages"),
    "activity.timer": ("set the timer", "a réglé le minuteur"),
    "activity.pause": ("paused", "a mis en pause"),
    "activity.resume": ("resumed", "a repris"),
    "activity.lock": ("locked the board", "a verrouillé le tableau"),
    "activity.unlock": ("unlocked the board", "a déverrouillé le tableau"),
    "activity.reveal": ("revealed the notes", "a révélé les notes"),
    "activity.close": ("closed", "a clôturé"),
    "activity.edit_note": ("edited a note", "a modifié une note"),
    "activity.merge_note": ("merged notes", "a fusionné des notes"),
    "activity.proxy_vote": ("entered votes for the room", "a saisi des votes pour la salle"),
    "activity.proxy_unvote": (
        "took back a vote entered for the room",
        "a retiré un vote saisi pour la salle",
    ),
    "activity.workshop_templates": (
        "changed the workshop templates",
        "a modifié les modèles d'atelier",
    ),
}
