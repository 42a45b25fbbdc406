"""Pure functions and data from national standards. No Django imports here."""
