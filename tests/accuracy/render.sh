#!/usr/bin/env bash
# Renders a subset of resumes/ through real document producers into rendered/, so the
# accuracy measurement covers PDF and DOCX as well as text and Markdown.
#
#   NAME.pandoc.docx       pandoc (Markdown -> DOCX)
#   NAME.libreoffice.pdf   LibreOffice Writer, headless, from NAME.pandoc.docx
#   NAME.pdflatex.pdf      pandoc -> pdfLaTeX (pandoc's default LaTeX engine)
#
# .md resumes are read as pandoc Markdown; .txt resumes as Markdown with hard line breaks,
# so their lines survive (see source_of). Needs: pandoc, soffice, pdflatex (Debian: pandoc,
# libreoffice-writer-nogui, fonts-dejavu, fonts-liberation, texlive-latex-recommended,
# texlive-fonts-recommended, lmodern). Run from anywhere; it works in its own folder.
# Overwrites only the files it makes.
set -euo pipefail
cd "$(dirname "$0")"

# Fixed dates, for the producers that honour them (pandoc's DOCX, pdfTeX): reruns give
# identical DOCX and pdfLaTeX files. LibreOffice 7.4 ignores SOURCE_DATE_EPOCH and writes
# the current time and a fresh /ID into its PDFs; only those bytes change between runs.
export SOURCE_DATE_EPOCH=1704067200 # 2024-01-01T00:00:00Z
export FORCE_SOURCE_DATE=1
export TZ=UTC
export LC_ALL=C.UTF-8

# Resumes rendered to DOCX (pandoc) and PDF (LibreOffice from that DOCX).
NAMES=(
  dev-api-developer
  dev-senior-backend-kotlin
  dev-backend-go
  web-frontend-react-ts
  web-frontend-angular
  mob-ios
  mob-android
  qa-sdet
  qa-automation-engineer
  data-engineer-aws
  data-scientist-fintech
  ml-engineer-recsys
  ml-ops-engineer
  arch-solution-architect
  arch-enterprise-architect
  lead-engineering-manager
  lead-technical-lead
  sec-soc-analyst-siem
  sec-grc-analyst
  ops-platform-k8s
  ops-sre-gcp
  it-network-engineer
  db-oracle-dba
  emb-mcu-rtos
)

# Of those, the ones also rendered to PDF by pdfLaTeX.
LATEX_NAMES=(
  dev-api-developer
  dev-backend-go
  web-frontend-react-ts
  data-engineer-aws
  arch-enterprise-architect
  sec-soc-analyst-siem
  ops-platform-k8s
  emb-mcu-rtos
)

for tool in pandoc soffice pdflatex; do
  command -v "$tool" >/dev/null || { echo "render.sh: $tool not found" >&2; exit 1; }
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p rendered

# Prints the pandoc input file and format for NAME. A .txt resume is copied with every
# "*" that follows a non-blank escaped, so "SQL*Plus, ... SQL*Loader" stays text instead
# of becoming emphasis; a "*" that starts a line is still a bullet.
source_of() {
  if [[ -f resumes/$1.md ]]; then
    echo "resumes/$1.md markdown"
  elif [[ -f resumes/$1.txt ]]; then
    perl -pe 's/(?<=\S)\*/\\*/g' "resumes/$1.txt" >"$tmp/$1.txt"
    echo "$tmp/$1.txt markdown+hard_line_breaks"
  else
    echo "render.sh: no resumes/$1.md or resumes/$1.txt" >&2
    return 1
  fi
}

for name in "${NAMES[@]}"; do
  read -r src format < <(source_of "$name")
  pandoc -f "$format" "$src" -o "rendered/$name.pandoc.docx"
  # A private profile, so no user settings leak in and runs do not collide.
  # (Its stderr is shown only on failure: it always warns that javaldx is missing.)
  soffice -env:UserInstallation="file://$tmp/profile" --headless \
    --convert-to pdf --outdir "$tmp" "rendered/$name.pandoc.docx" \
    >"$tmp/soffice.log" 2>&1 || { cat "$tmp/soffice.log" >&2; exit 1; }
  mv "$tmp/$name.pandoc.pdf" "rendered/$name.libreoffice.pdf"
  echo "rendered/$name.pandoc.docx rendered/$name.libreoffice.pdf"
done

for name in "${LATEX_NAMES[@]}"; do
  read -r src format < <(source_of "$name")
  # pdfTeX derives the trailer /ID from the (random) path pandoc compiles in; fix it.
  printf '\\pdftrailerid{%s}\n' "$name" >"$tmp/trailerid.tex"
  pandoc -f "$format" "$src" -H "$tmp/trailerid.tex" -o "rendered/$name.pdflatex.pdf"
  echo "rendered/$name.pdflatex.pdf"
done
