#!/usr/bin/env bash
# System packages the platform and its tests need, from Debian's archive (run as root; skips what is there):
# Chromium for the browser tests (Playwright drives /usr/bin/chromium, it never downloads a browser),
# a CJK font so pages and screenshots render Chinese, the PostgreSQL / Mosquitto servers and clients, and
# poppler's pdftoppm for looking at generated PDFs.
set -euo pipefail
need=()
command -v chromium >/dev/null || need+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need+=(fonts-noto-cjk)
command -v psql >/dev/null || need+=(postgresql postgresql-client)
command -v mosquitto >/dev/null || need+=(mosquitto)
# PDFs embed a TrueType CJK font: reportlab cannot embed the CFF outlines of Noto CJK.
fc-list 2>/dev/null | grep -qi "WenQuanYi Micro Hei" || need+=(fonts-wqy-microhei)
command -v npm >/dev/null || need+=(nodejs npm)
# pdftoppm turns report pages into images, to check that the Chinese renders (the report tests use it).
command -v pdftoppm >/dev/null || need+=(poppler-utils)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
