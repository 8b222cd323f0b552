#!/bin/sh
# bench_merge_cli.sh PARLEY DIR: the 2-party merge through the command line
# on the scenarios `bench_merge --write DIR` wrote (2 parties, 10 options
# per issue, 10^3 .. 10^50 outcomes, independent and opposed).  Per case:
# `parley analyze FILE --json --top 10 --method merge`, median of 3 wall
# and CPU (user + sys) times, the largest peak RSS (GNU time); up to 10^8
# outcomes the same by enumeration (--threads 2) and a check: the JSON
# documents equal except the zone, where the merge's estimate must hold
# the enumeration's exact count in its 95% interval and bounds.
# Needs /usr/bin/time and jq.
set -u
P=$1 D=$2
T=$(mktemp -d "${TMPDIR:-/tmp}/bmcli.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
printf "%-12s %6s %9s %7s %7s %7s %-9s %9s %8s %s\n" generator space \
    frontier "wall s" "cpu s" "RSS MB" zone "enum wall" "enum cpu" check
for g in independent opposed; do
    for I in 3 6 8 10 18 20 30 40 50; do
        f=$D/${g}_$I.yaml
        : >"$T/times"
        for k in 1 2 3; do
            /usr/bin/time -f "%e %U %S %M" -o "$T/t" "$P" analyze "$f" \
                --json --top 10 --method merge >"$T/m.json" 2>/dev/null
            cat "$T/t" >>"$T/times"
        done
        wall=$(awk '{print $1}' "$T/times" | sort -g | sed -n 2p)
        cpu=$(awk '{printf "%.2f\n", $2 + $3}' "$T/times" | sort -g | sed -n 2p)
        rss=$(awk '{printf "%.1f\n", $4 / 1024}' "$T/times" | sort -g | tail -1)
        vec=$(jq '.pareto.vectors' "$T/m.json")
        zone=$(jq -r 'if .zone.count == null then "estimate" else "exact" end' \
            "$T/m.json")
        ew=- ec=- chk=-
        if [ "$I" -le 8 ]; then
            /usr/bin/time -f "%e %U %S %M" -o "$T/t" "$P" analyze "$f" \
                --json --top 10 --method enumerate --threads 2 \
                >"$T/e.json" 2>/dev/null
            ew=$(awk '{print $1}' "$T/t")
            ec=$(awk '{printf "%.2f", $2 + $3}' "$T/t")
            jq -S 'del(.zone)' "$T/e.json" >"$T/e2"
            jq -S 'del(.zone)' "$T/m.json" >"$T/m2"
            if ! cmp -s "$T/e2" "$T/m2"; then
                chk=DIFFERENT
            elif [ "$zone" = exact ]; then
                cmp -s "$T/e.json" "$T/m.json" && chk=identical || chk=DIFFERENT
            else
                truth=$(jq '.zone.count' "$T/e.json")
                in=$(jq --argjson t "$truth" '.zone | .estimate.ci95[0] <= $t
                    and $t <= .estimate.ci95[1] and .bounds.min <= $t
                    and $t <= .bounds.max' "$T/m.json")
                chk="identical but zone: truth $truth in CI: $in"
            fi
        fi
        printf "%-12s 10^%-3s %9s %7s %7s %7s %-9s %9s %8s %s\n" "$g" "$I" \
            "$vec" "$wall" "$cpu" "$rss" "$zone" "$ew" "$ec" "$chk"
    done
done
