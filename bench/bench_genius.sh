#!/bin/sh
# Exact analysis of every real GENIUS/ANAC domain in ../shared/data/genius
# through the command line (issue 4, item 6): for each domain folder, one
# `parley analyze FOLDER --json --top 1` under /usr/bin/time, and one
# markdown row: parties, issues, outcomes, the method parley chose, wall and
# CPU seconds, peak RSS, frontier outcomes/vectors and zone size.
#
#   bench/bench_genius.sh [-b BUILD_DIR] [-d GENIUS_DIR] [-t TIMEOUT_S]
#                         [-m METHOD] [-j THREADS] [-f FILTER]
#
# Defaults: build-rel, ../shared/data/genius beside the source tree, 300 s
# per domain, --method auto, all threads, every folder (FILTER: a grep -E
# pattern on the folder name).  Folders parley refuses (constraint
# profiles, price profiles, ...) get a row with the first line of the
# error.  Needs python3 to read the JSON.  Not a test: run it on a Release
# build, on a quiet machine if you can.
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
build=$here/build-rel
genius=$here/../shared/data/genius
timeout_s=300
method=auto
threads=0
filter=.
while getopts b:d:t:m:j:f: opt; do
    case $opt in
    b) build=$OPTARG ;;
    d) genius=$OPTARG ;;
    t) timeout_s=$OPTARG ;;
    m) method=$OPTARG ;;
    j) threads=$OPTARG ;;
    f) filter=$OPTARG ;;
    *) echo "usage: $0 [-b BUILD] [-d GENIUS_DIR] [-t S] [-m METHOD] [-j N] [-f RE]" >&2
       exit 2 ;;
    esac
done
parley=$build/parley
[ -x "$parley" ] || { echo "no $parley: build it first" >&2; exit 2; }
[ -d "$genius" ] || { echo "no $genius" >&2; exit 2; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

echo "parley $($parley --version 2>/dev/null | head -1), commit $(git -C "$here" rev-parse --short HEAD 2>/dev/null), $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "command: bench/bench_genius.sh -t $timeout_s -m $method -j $threads -f '$filter'"
echo
echo "| domain | parties | issues | outcomes | method | wall s | cpu s | peak MB | frontier outcomes / vectors | zone | labelled |"
echo "|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---|"
# run NAME ARGS...: one row for `parley analyze ARGS...`.
run() {
    row=$1
    shift
    /usr/bin/time -f '%e %U %S %M' -o "$tmp/time" \
        timeout "$timeout_s" "$parley" analyze "$@" --json --top 1 \
        --method "$method" --threads "$threads" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    # the method line is in the text report only (JSON stays identical
    # across methods): a second, untimed run
    : >"$tmp/method"
    [ "$rc" -eq 0 ] && timeout "$timeout_s" "$parley" analyze "$@" --top 1 \
        --method "$method" --threads "$threads" 2>/dev/null |
        sed -n '/^Method: /,$p' | tr '\n' ' ' >"$tmp/method"
    set -- $(tail -1 "$tmp/time")
    wall=$1 cpu=$(echo "$2 $3" | awk '{printf "%.2f", $1 + $2}')
    mb=$(echo "$4" | awk '{printf "%.0f", $1 / 1024}')
    if [ "$rc" -eq 124 ]; then
        echo "| $row | | | | timeout | >$timeout_s | | $mb | | | |"
        return
    fi
    if [ "$rc" -ne 0 ]; then
        why=$(grep -v '^parley: warning' "$tmp/err" | head -1 |
              sed "s|$genius/||g; s/|/\\\\|/g" | cut -c1-160)
        echo "| $row | | | | exit $rc: $why | $wall | $cpu | $mb | | | |"
        return
    fi
    python3 - "$row" "$wall" "$cpu" "$mb" "$tmp/out" "$tmp/method" <<'EOF2'
import json, sys
name, wall, cpu, mb, path, mpath = sys.argv[1:]
d = json.load(open(path))
sc = d["scenario"]
pa = d.get("pareto", {})
zone = d.get("zone", {}).get("count")
method = open(mpath).read()[len("Method: "):].strip()
method = " ".join(method.split()).split(" (")[0].split(":")[0].split(" of ")[0][:30]
# what is not exact (branch and bound past its node budget): each
# concept's certified gap, the zone bracket, an incomplete frontier
lab = []
for k, short in (("nash", "nash"), ("kalai_smorodinsky", "ks"),
                 ("egalitarian", "egal"), ("max_welfare", "welf")):
    c = d.get(k)
    if c and "gap" in c:
        lab.append(f"{short} {c['value']:.4g} +{c['gap']:.3g}")
if zone is None and "bounds" in d.get("zone", {}):
    b = d["zone"]["bounds"]
    lab.append(f"zone in [{b['min']:.3g}, {b['max']:.3g}]")
if pa.get("complete") is False:
    lab.append("frontier incomplete")
if "not certified" in open(mpath).read():
    m = " ".join(open(mpath).read().split())
    lab.append(m[m.rfind(", ", 0, m.find(" not certified")) + 2:
                 m.find(" not certified")] + " not certified")
print(f"| {name} | {len(sc['parties'])} | {len(sc['issues'])} | {sc['outcomes']} "
      f"| {method} | {wall} | {cpu} | {mb} | {pa.get('count')} / {pa.get('vectors')} "
      f"| {zone if zone is not None else 'null'} | {'; '.join(lab) or '-'} |")
EOF2
}

for dir in "$genius"/*/; do
    name=$(basename "$dir")
    echo "$name" | grep -E -q -- "$filter" || continue
    ndom=$(ls "$dir" | grep -c -- '-domain\.xml$')
    if [ "$ndom" -le 1 ]; then
        run "$name" "$dir"
        continue
    fi
    # Several domains in one folder (ANAC 2012: X-A-domain.xml with
    # X-A-prof1.xml, X-A-prof2.xml, ...): one row per domain.
    for dom in "$dir"*-domain.xml; do
        stem=$(basename "$dom" -domain.xml)
        set --
        for prof in "$dir$stem"-*.xml; do
            [ "$prof" = "$dom" ] || set -- "$@" --profile "$prof"
        done
        run "$name/$stem" "$dom" "$@"
    done
done
