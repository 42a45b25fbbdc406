"""Gas concentration units. ppm (v/v) ↔ mass concentration at 25 °C and 1 atm, where one mole of ideal gas
takes 24.45 L (reference consequence-models.md §5 and decision 4: 22.4 L/mol, at 0 °C, would differ by 9 %)."""

from typing import Any

MOLAR_VOLUME_L_MOL = 24.45
AIR_MOLAR_MASS_G_MOL = 28.96  # dry air, for the buoyancy of a released vapour


def ppm_to_mg_m3(ppm: Any, mw_g_mol: float) -> Any:
    """mg/m³ = ppm·MW/24.45."""
    return ppm * mw_g_mol / MOLAR_VOLUME_L_MOL


def ppm_to_kg_m3(ppm: Any, mw_g_mol: float) -> Any:
    return ppm_to_mg_m3(ppm, mw_g_mol) * 1e-6


def kg_m3_to_ppm(concentration_kg_m3: Any, mw_g_mol: float) -> Any:
    return concentration_kg_m3 * 1e6 * MOLAR_VOLUME_L_MOL / mw_g_mol
