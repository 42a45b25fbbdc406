"""Accident consequence models (灾害事故模拟推演): pure Python + numpy, no Django imports.

stability (Pasquill, GB/T 13201-91 P·S) → sigma (Briggs 1973, CCPS 1999 puff) → plume / puff (Gaussian)
→ footprint (threat zones in local metres) → zones (WGS-84 polygons for the incident command board);
poolfire and vce for fire and explosion radii; thresholds for the toxic levels of concern. Every model's
formulas, constants and choices are documented in docs/consequence-models.md.
"""
