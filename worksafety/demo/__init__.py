"""Demo data for trying the platform without real records: `worksafety demo-data` (see builder.py)."""
