"""What a screening leaves behind: the session record of every turn, and the plain-text
summary for a caregiver or a doctor."""
