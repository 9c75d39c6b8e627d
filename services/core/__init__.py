"""What every capability uses: the store, revision-checked writes, permissions, errors,
translation, configuration, collection names.
"""
