"""Reviewing: the session over the annotators' layers, review mode in the window, its table
and dialogs, and the agreement figures."""
