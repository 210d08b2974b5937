"""Feedback pages for two audiences: participants through their personal links (`personal`)
and hub staff (`staff`)."""
