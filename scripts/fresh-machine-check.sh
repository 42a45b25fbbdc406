#!/usr/bin/env bash
# What a new user gets on a machine without the system font packages (README, "Prerequisites"): migrate, the
# small demo and a hazard dossier PDF on a throwaway SQLite data folder, with the font lookup switched off
# (WORKSAFETY_PDF_FONT=none, WORKSAFETY_CAPTCHA_FONT=none), so PDFs fall back to reportlab's built-in Chinese
# font. Fails if any step fails or the PDF's Chinese text cannot be read back. Needs `make setup` first.
set -euo pipefail
cd "$(dirname "$0")/.."

folder="$(mktemp -d)"
trap 'rm -rf "$folder"' EXIT
# Set, even to "", so that a .env file cannot put the configured database or attachment folder back.
export WORKSAFETY_DATA_DIR="$folder" WORKSAFETY_PDF_FONT=none WORKSAFETY_CAPTCHA_FONT=none
export DATABASE_URL="" WORKSAFETY_ATTACHMENT_DIR=""

.venv/bin/worksafety migrate --no-input --verbosity 0
.venv/bin/worksafety demo-data --size small >/dev/null
.venv/bin/worksafety shell --no-imports --command '
import io
from pypdf import PdfReader
from worksafety.hazards import dossier
from worksafety.hazards.models import Hazard

hazard = Hazard.objects.select_related("enterprise").order_by("pk").first()
reader = PdfReader(io.BytesIO(dossier.build(hazard)))
text = "".join(page.extract_text() for page in reader.pages)
fonts = {str(font.get_object()["/BaseFont"]) for page in reader.pages for font in page["/Resources"]["/Font"].values()}
assert "隐患闭环档案" in text and hazard.enterprise.name in text, text[:200]
assert fonts == {"/STSong-Light"}, fonts
print(f"hazard dossier: {len(reader.pages)} page(s), fonts {sorted(fonts)}, Chinese text readable")
'
