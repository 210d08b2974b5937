"""One-to-one pages for three audiences: providers in their portal (``provider``), hub staff
(``staff``) and facilitators signposting from the facilitator portal (``signposting``)."""
