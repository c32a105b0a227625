#!/usr/bin/env bash
# compare.sh - whole-process time of atsfit against pdftotext on the same PDFs, per file and
# in batch, measured with hyperfine.
#
# Usage: scripts/compare.sh [PDF or folder...]
#   Default: the PDF fixtures in tests/fixtures/pdf. Encrypted PDFs and PDFs without a text
#   layer (scans) are skipped, whichever the source, as are files atsfit cannot check.
# Environment:
#   ATSFIT=path/to/atsfit   use this binary instead of building `cargo build --release`
#   JOBS=n                  atsfit --jobs and xargs -P in the batch runs (default: 2)
#   N=n                     PDFs in the batch folder, copies of the chosen files (default: 1000)
#   RUNS=n                  hyperfine runs per file (default: 10); BATCH_RUNS for batch (3)
#   TITLE=...               the --title of `atsfit check` (default: Backend Developer)
#   KEEP=1                  keep the work folder (its path is printed)
#
# Per file: `atsfit check FILE --title TITLE` against `pdftotext FILE /dev/null`, both run
# without a shell (hyperfine -N). Batch: `atsfit batch DIR --jobs J --format jsonl --output
# /dev/null` against `find DIR -name '*.pdf' | xargs -P J -I{} pdftotext {} /dev/null`, on a
# folder of N copies made in a `mktemp -d` folder and removed afterwards. Results are read from
# hyperfine's --export-json with python3. Needs hyperfine, pdftotext and pdfinfo
# (poppler-utils), python3.

set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
jobs=${JOBS:-2}
copies=${N:-1000}
runs=${RUNS:-10}
batch_runs=${BATCH_RUNS:-3}
title=${TITLE:-Backend Developer}

missing=()
for tool in hyperfine pdftotext pdfinfo python3; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "compare.sh: missing ${missing[*]}" >&2
    echo "  hyperfine: apt-get install hyperfine (or cargo install hyperfine)" >&2
    echo "  pdftotext, pdfinfo: apt-get install poppler-utils" >&2
    exit 2
fi

if [ -z "${ATSFIT:-}" ]; then
    echo "building atsfit (release)..." >&2
    (cd "$root" && cargo build --release --quiet --locked)
    ATSFIT="${CARGO_TARGET_DIR:-$root/target}/release/atsfit"
fi
[ -x "$ATSFIT" ] || { echo "compare.sh: $ATSFIT is not an executable" >&2; exit 2; }

work=$(mktemp -d)
if [ "${KEEP:-0}" = 1 ]; then
    echo "work folder kept in $work" >&2
else
    trap 'rm -rf "$work"' EXIT
fi

# The candidate PDFs: arguments (files or folders) or the fixtures.
candidates=()
[ $# -gt 0 ] || set -- "$root/tests/fixtures/pdf"
for arg in "$@"; do
    if [ -d "$arg" ]; then
        while IFS= read -r -d '' file; do candidates+=("$file"); done \
            < <(find "$arg" -maxdepth 1 -type f -iname '*.pdf' -print0 | sort -z)
    elif [ -f "$arg" ]; then
        candidates+=("$arg")
    else
        echo "compare.sh: $arg: no such file or folder" >&2
        exit 2
    fi
done

# Normal resumes only: not encrypted, with a text layer, and checked by atsfit.
files=()
for file in "${candidates[@]}"; do
    name=$(basename "$file")
    if ! info=$(pdfinfo "$file" 2>&1); then
        echo "skipped $name: pdfinfo cannot read it ($(printf '%s' "$info" | head -n 1))" >&2
    elif printf '%s\n' "$info" | grep -q '^Encrypted: *yes'; then
        echo "skipped $name: encrypted" >&2
    elif [ "$(pdftotext -q "$file" - 2>/dev/null | tr -d '[:space:]' | wc -c)" -lt 100 ]; then
        echo "skipped $name: no text layer" >&2
    elif ! "$ATSFIT" check "$file" --title "$title" >/dev/null 2>"$work/err"; then
        echo "skipped $name: atsfit failed: $(head -n 1 "$work/err")" >&2
    else
        files+=("$file")
    fi
done
[ ${#files[@]} -gt 0 ] || { echo "compare.sh: no PDF to compare" >&2; exit 2; }

echo "atsfit: $("$ATSFIT" --version); pdftotext: $(pdftotext -v 2>&1 | head -n 1)" >&2
echo "per file: ${#files[@]} PDFs, $runs runs each" >&2
index=0
for file in "${files[@]}"; do
    index=$((index + 1))
    hyperfine -N --warmup 2 --runs "$runs" --style none \
        --export-json "$work/file-$(printf '%04d' "$index").json" \
        -n atsfit "$(printf '%q check %q --title %q' "$ATSFIT" "$file" "$title")" \
        -n pdftotext "$(printf 'pdftotext %q /dev/null' "$file")" >/dev/null 2>"$work/hyperfine.err" ||
        { cat "$work/hyperfine.err" >&2; exit 2; }
    printf '%s\n' "$file" > "$work/file-$(printf '%04d' "$index").name"
done

# The batch folder: N copies of the chosen PDFs under new names.
corpus="$work/corpus"
mkdir -p "$corpus"
for ((i = 0; i < copies; i++)); do
    cp "${files[$((i % ${#files[@]}))]}" "$corpus/resume-$(printf '%05d' "$i").pdf"
done
echo "batch: $copies PDFs, --jobs $jobs, $batch_runs runs each" >&2
hyperfine --warmup 1 --runs "$batch_runs" --style none --export-json "$work/batch.json" \
    -n "atsfit batch" \
    "$(printf '%q batch %q --jobs %q --format jsonl --output /dev/null --quiet --title %q' \
        "$ATSFIT" "$corpus" "$jobs" "$title")" \
    -n "pdftotext (xargs -P $jobs)" \
    "$(printf "find %q -name '*.pdf' | xargs -P %q -I{} pdftotext {} /dev/null" "$corpus" "$jobs")" \
    >/dev/null 2>"$work/hyperfine.err" || { cat "$work/hyperfine.err" >&2; exit 2; }

python3 - "$work" "$copies" "$jobs" <<'PY'
import glob, json, os, statistics, sys

work, copies, jobs = sys.argv[1], int(sys.argv[2]), sys.argv[3]

def medians(path):
    results = json.load(open(path))["results"]
    return [r["median"] for r in results]

rows = []
for path in sorted(glob.glob(os.path.join(work, "file-*.json"))):
    name = os.path.basename(open(path[:-5] + ".name").read().strip())
    atsfit, pdftotext = medians(path)
    rows.append((name, atsfit * 1000, pdftotext * 1000, atsfit / pdftotext))

width = max(len("file"), *(len(r[0]) for r in rows))
print(f"{'file':<{width}}  {'atsfit ms':>9}  {'pdftotext ms':>12}  {'ratio':>6}")
for name, a, p, ratio in rows:
    print(f"{name:<{width}}  {a:>9.1f}  {p:>12.1f}  {ratio:>6.2f}")
ratio = statistics.median(r[3] for r in rows)
print(f"median ratio atsfit/pdftotext: {ratio:.2f} "
      f"(atsfit {'faster' if ratio < 1 else 'slower'} by {max(ratio, 1 / ratio):.2f}x)")
print()
atsfit, pdftotext = medians(os.path.join(work, "batch.json"))
rate_a, rate_p = copies / atsfit, copies / pdftotext
print(f"{'batch of ' + str(copies) + ' PDFs, ' + jobs + ' jobs':<32}  {'median s':>8}  {'files/s':>8}")
print(f"{'atsfit batch':<32}  {atsfit:>8.2f}  {rate_a:>8.0f}")
print(f"{'pdftotext (xargs -P ' + jobs + ')':<32}  {pdftotext:>8.2f}  {rate_p:>8.0f}")
print(f"files/s ratio atsfit/pdftotext: {rate_a / rate_p:.2f}x")
PY
