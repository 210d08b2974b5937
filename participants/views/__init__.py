"""Participants' pages for two audiences: business leaders registering (``registration``) and
hub staff (``staff``)."""
