#!/usr/bin/env bash
# bench-batch.sh - throughput and peak memory of `atsfit batch` on a synthetic corpus, and
# pdftotext's throughput over the same PDFs for scale.
#
# Usage: scripts/bench-batch.sh [N...]        (default: 1000 10000)
# Environment:
#   ATSFIT=path/to/atsfit   use this binary instead of building `cargo build --release`
#   JOBS=n                  atsfit --jobs and xargs -P (default: 2, the cores of the CI box)
#   KEEP=1                  keep the corpus directory (its path is printed)
#   LEXICON=dir             pass --lexicon dir (default: the built-in lexicon)
#   RUNS=n                  runs of each measurement, atsfit's and pdftotext's alike; the
#                           median time and the largest peak are reported (default: 3)
#
# The corpus is built in a `mktemp -d` directory (never in the repository) from samples/ and
# tests/fixtures/: half the files are text resumes with variations (the person renamed,
# bullet lines shuffled, a few skills swapped), half are the PDF and DOCX files copied under
# new names. Needs GNU time (`apt-get install time`) and, for the comparison, pdftotext
# (`apt-get install poppler-utils`).
#
# Targets on a 2-core machine: atsfit >= 10x pdftotext's files/s on the same PDFs, peak RSS
# < 100 MB for 10,000 files, files/s flat from 1,000 to 10,000.

set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
jobs=${JOBS:-2}
runs=${RUNS:-3}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)

install_if_missing() { # command package
    command -v "$1" >/dev/null 2>&1 && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "installing $2..." >&2
        apt-get install -y -qq "$2" >/dev/null
    fi
    command -v "$1" >/dev/null 2>&1
}

[ -x /usr/bin/time ] || install_if_missing /usr/bin/time time ||
    { echo "GNU time is needed: apt-get install time" >&2; exit 2; }
have_pdftotext=1
install_if_missing pdftotext poppler-utils || {
    echo "pdftotext not found (apt-get install poppler-utils): no comparison" >&2
    have_pdftotext=0
}

if [ -z "${ATSFIT:-}" ]; then
    (cd "$root" && cargo build --release --quiet)
    ATSFIT="${CARGO_TARGET_DIR:-$root/target}/release/atsfit"
fi

lexicon_args=()
[ -z "${LEXICON:-}" ] || lexicon_args=(--lexicon "$LEXICON")

work=$(mktemp -d)
if [ "${KEEP:-0}" = 1 ]; then
    echo "corpus kept in $work" >&2
else
    trap 'rm -rf "$work"' EXIT
fi

shopt -s nullglob
texts=("$root"/samples/*.txt "$root"/samples/*.md "$root"/tests/fixtures/src/*.md)
binaries=("$root"/samples/*.pdf "$root"/samples/*.docx
          "$root"/tests/fixtures/pdf/*.pdf "$root"/tests/fixtures/docx/*.docx)
texts=("${texts[@]/*\/README.md/}")
for i in "${!texts[@]}"; do [ -n "${texts[$i]}" ] || unset 'texts[i]'; done
texts=("${texts[@]}")
[ ${#texts[@]} -gt 0 ] || { echo "no text samples in $root/samples" >&2; exit 2; }

# make_corpus N DIR: N/2 text variations (one awk process writes them all) and N/2 copies.
make_corpus() {
    local n=$1 dir=$2
    mkdir -p "$dir/text" "$dir/bin"
    awk -v n=$(( (n + 1) / 2 )) -v dir="$dir/text" '
        FNR == 1 { src++; lines[src] = 0; ext[src] = (FILENAME ~ /\.md$/) ? "md" : "txt" }
        { text[src, ++lines[src]] = $0 }
        END {
            srand(42)
            split("Docker:Podman AWS:Azure PostgreSQL:MySQL Kubernetes:Nomad Java:Kotlin", swaps, " ")
            for (i = 0; i < n; i++) {
                s = i % src + 1
                out = sprintf("%s/candidate-%05d.%s", dir, i, ext[s])
                # Collect bullet lines to shuffle them among their own positions.
                nb = 0
                for (l = 1; l <= lines[s]; l++)
                    if (text[s, l] ~ /^[ \t]*([-*+]|•) /) bullet[++nb] = l
                for (b = nb; b > 1; b--) {
                    j = int(rand() * b) + 1; t = bullet[b]; bullet[b] = bullet[j]; bullet[j] = t
                }
                split(swaps[i % 5 + 1], pair, ":")
                nb2 = 0
                for (l = 1; l <= lines[s]; l++) {
                    line = text[s, l]
                    if (line ~ /^[ \t]*([-*+]|•) /) line = text[s, bullet[++nb2]]
                    if (l == 1) line = sprintf("Candidate %05d", i)
                    if (i % 3 == 0) gsub(pair[1], pair[2], line)
                    print line > out
                }
                close(out)
            }
        }' "${texts[@]}"
    local i=0 count=$(( n / 2 )) src name
    if [ ${#binaries[@]} -gt 0 ]; then
        while [ $i -lt $count ]; do
            src=${binaries[$(( i % ${#binaries[@]} ))]}
            name=$(printf 'resume-%05d.%s' "$i" "${src##*.}")
            cp "$src" "$dir/bin/$name"
            i=$((i + 1))
        done
    fi
}

# measure LABEL COMMAND...: runs it under GNU time; prints "seconds peak_kb". The seconds come
# from the clock around it, to the millisecond: GNU time's own are rounded to 10 ms, a few
# per cent of a 1,000-file run.
measure() {
    local label=$1 started ended; shift
    started=$(date +%s.%N)
    /usr/bin/time -f '%M' -o "$work/time.$label" "$@" || true
    ended=$(date +%s.%N)
    # GNU time writes "Command exited with non-zero status N" first when the command fails.
    awk -v a="$started" -v b="$ended" -v kb="$(tail -n 1 "$work/time.$label")" \
        'BEGIN { printf "%.3f %s\n", b - a, kb }'
}

# measure_median LABEL COMMAND...: `measure` RUNS times; prints the median seconds and the
# largest peak. A run of 1,000 files lasts a fraction of a second, where one slow moment of a
# shared machine moves a single run by 10%.
measure_median() {
    local label=$1 i secs kb times=() peak=0; shift
    for (( i = 0; i < runs; i++ )); do
        read -r secs kb < <(measure "$label" "$@")
        times+=("$secs")
        [ "${kb:-0}" -gt "$peak" ] && peak=$kb
    done
    printf '%s\n' "${times[@]}" | sort -n | awk -v kb="$peak" \
        '{ t[NR] = $1 } END { printf "%s %s\n", t[int((NR + 1) / 2)], kb }'
}

rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }'; }
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
field() { # FILE KEY: a number from the summary line (the last JSONL line)
    tail -n 1 "$1" | grep -o "\"$2\":[0-9]*" | head -n 1 | cut -d: -f2
}

printf '%-7s %-10s %7s %8s %9s %8s %9s %7s\n' N run files seconds files/s peakMB analysed failed
declare -A rate_all
for n in "${sizes[@]}"; do
    corpus="$work/corpus-$n"
    make_corpus "$n" "$corpus"
    find "$corpus/bin" -name '*.pdf' | sort > "$work/pdfs-$n"
    npdf=$(wc -l < "$work/pdfs-$n")

    for run in all text pdf; do
        out="$work/out-$n-$run.jsonl"
        case $run in
            all)  read -r secs kb < <(measure_median "$n-$run" "$ATSFIT" "${lexicon_args[@]}" batch --recursive --quiet \
                      --jobs "$jobs" --format jsonl --output "$out" "$corpus") ;;
            text) read -r secs kb < <(measure_median "$n-$run" "$ATSFIT" "${lexicon_args[@]}" batch --quiet \
                      --jobs "$jobs" --format jsonl --output "$out" "$corpus/text") ;;
            pdf)  [ "$npdf" -gt 0 ] || continue
                  read -r secs kb < <(measure_median "$n-$run" "$ATSFIT" "${lexicon_args[@]}" batch --quiet \
                      --jobs "$jobs" --format jsonl --output "$out" --files-from "$work/pdfs-$n") ;;
        esac
        files=$(field "$out" files); analysed=$(field "$out" analysed); failed=$(field "$out" failed)
        r=$(rate "$files" "$secs")
        [ $run = all ] && rate_all[$n]=$r
        [ $run = pdf ] && pdf_rate=$r && pdf_failed=$failed
        printf '%-7s %-10s %7s %8s %9s %8s %9s %7s\n' "$n" "atsfit-$run" "$files" "$secs" "$r" \
            "$(mb "$kb")" "$analysed" "$failed"
    done

    if [ "$have_pdftotext" = 1 ] && [ "$npdf" -gt 0 ]; then
        read -r secs kb < <(measure_median "$n-pdftotext" sh -c \
            "xargs -P '$jobs' -I{} pdftotext -q {} /dev/null < '$work/pdfs-$n'")
        r=$(rate "$npdf" "$secs")
        printf '%-7s %-10s %7s %8s %9s %8s %9s %7s\n' "$n" pdftotext "$npdf" "$secs" "$r" \
            "$(mb "$kb")" - -
        ratio=$(awk -v a="$pdf_rate" -v b="$r" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }')
        note=""
        [ "${pdf_failed:-0}" = "$npdf" ] && note=" (every PDF failed: is the PDF reader built?)"
        echo "        atsfit/pdftotext on the same $npdf PDFs: ${ratio}x$note"
    fi
    rm -rf "$corpus"
done

if [ ${#sizes[@]} -gt 1 ]; then
    first=${sizes[0]}; last=${sizes[-1]}
    awk -v a="${rate_all[$first]}" -v b="${rate_all[$last]}" -v f="$first" -v l="$last" \
        'BEGIN { if (a > 0) printf "files/s at %d vs %d (all files): %.2f\n", l, f, b / a }'
fi
