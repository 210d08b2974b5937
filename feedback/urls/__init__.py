"""Two URL sets: participants' personal pages (`personal`, namespace "my") and the staff
reports (`staff`, namespace "feedback")."""
