"""Two URL sets: the public registration pages (``registration``, no namespace) and the staff
pages (``staff``, namespace "participants")."""
