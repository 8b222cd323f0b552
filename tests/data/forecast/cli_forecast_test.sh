#!/bin/sh
# CLI tests of `parley forecast`: outputs, exit statuses and diagnostics.
# Needs PARLEY (the binary) and PL_SOURCE_DIR; PL_SHARED_DIR optional.
set -u
P=${PARLEY:?}
S=${PL_SOURCE_DIR:?}
D=$S/tests/data
EX=$D/deu3/deu3-excerpt.tsv
T=${TMPDIR:-/tmp}/parley-fc-$$
mkdir -p "$T"
trap 'rm -rf "$T"' EXIT
fails=0

# check NAME EXPECTED_STATUS CMD...: run, keep stdout/stderr in $T.
check() {
    name=$1 want=$2
    shift 2
    "$@" >"$T/out" 2>"$T/err"
    got=$?
    if [ "$got" -ne "$want" ]; then
        echo "FAIL $name: exit $got, expected $want"; cat "$T/err"
        fails=$((fails + 1))
    else
        echo "ok   $name"
    fi
}
has() { # has FILE TEXT: fixed string present
    if ! grep -qF -- "$2" "$T/$1"; then
        echo "FAIL: $1 lacks '$2'"; sed -n 1,5p "$T/$1"
        fails=$((fails + 1))
    fi
}

check csv 0 "$P" forecast "$EX" --csv
has out "issue,model,prediction"
has out "223,compromise,56.5517"
has out "223,median,100"
[ "$(wc -l <"$T/out")" -eq 73 ] || { echo "FAIL: csv rows"; fails=$((fails + 1)); }

check one-model 0 "$P" forecast "$EX" --model compromise --issue 223
has out "56.55"

check trace 0 "$P" forecast "$EX" --model bdm --issue 1 --trace
has out "bdm round 0: forecast 53.42"
has out "bdm round 3:"

check json 0 "$P" forecast "$EX" --json --model pce --trace
has out '"schema": "parley.forecast/1"'
has out '"trace"'
if command -v python3 >/dev/null 2>&1; then
    python3 -m json.tool "$T/out" >/dev/null ||
        { echo "FAIL: JSON does not parse"; fails=$((fails + 1)); }
fi

check yaml 0 "$P" forecast "$D/forecast/toy.yaml" --csv --model compromise
has out "start-year,compromise,"
check ktab 0 "$P" forecast "$D/forecast/toy-ktab.csv" --csv --model compromise
has out "Toy:1,compromise,50"
has out "Toy:2,compromise,32"

check backtest 0 "$P" forecast --backtest "$EX" --bootstrap 50 --seed 7
has out "compromise"
has out "bdm-cv"
cp "$T/out" "$T/bt1"
check backtest-again 0 "$P" forecast --backtest "$EX" --bootstrap 50 --seed 7
cmp -s "$T/out" "$T/bt1" || { echo "FAIL: backtest not deterministic"; fails=$((fails + 1)); }
check backtest-json 0 "$P" forecast --backtest "$EX" --bootstrap 20 --json
has out '"schema": "parley.backtest/1"'
check backtest-csv 0 "$P" forecast --backtest "$EX" --bootstrap 20 --csv
has out "model,n,mae,mae_lo,mae_hi"

# Errors: exit 2, FILE:LINE:FIELD: message on stderr.
check bad-deu 2 "$P" forecast "$D/forecast/bad-deu.tsv"
has err "bad-deu.tsv:3:14: position of com: expected a number"
check bad-ktab 2 "$P" forecast "$D/forecast/bad-ktab.csv"
has err "bad-ktab.csv:4:3: capability: expected a number"
check missing-file 2 "$P" forecast "$T/nope.tsv"
has err "nope.tsv"
check no-data 2 "$P" forecast
has err "missing DATA"
check bad-model 2 "$P" forecast "$EX" --model oracle
has err "--model"
check bad-option 2 "$P" forecast "$EX" --frobnicate
check csv-json 2 "$P" forecast "$EX" --csv --json
check csv-trace 2 "$P" forecast "$EX" --csv --trace
check bad-issue 2 "$P" forecast "$EX" --issue 99999
check bad-rounds 2 "$P" forecast "$EX" --bdm-rounds 100000
check no-outcomes 2 "$P" forecast --backtest "$D/forecast/toy-ktab.csv"
has err "no issue has a known outcome"
check help 0 "$P" forecast --help
has out "Usage: parley forecast"

# A scenario with a spatial section: analyze and validate accept it,
# validate checks the spatial part too, convert refuses to drop it.
check spatial-validate 0 "$P" validate "$D/forecast/scenario-with-spatial.yaml"
has out "valid: 1 issue, 2 options, 2 parties, 2 outcomes"
check spatial-forecast 0 "$P" forecast "$D/forecast/scenario-with-spatial.yaml" --csv --model compromise
has out "s1,compromise,50"
check spatial-analyze 0 "$P" analyze "$D/forecast/scenario-with-spatial.yaml" --json
has out '"count": 2'
check spatial-bad 2 "$P" validate "$D/forecast/bad-spatial.yaml"
has err "bad-spatial.yaml:20:"
check spatial-convert 2 "$P" convert "$D/forecast/scenario-with-spatial.yaml" -o "$T/x.json"
has err "spatial"
[ ! -e "$T/x.json" ] || { echo "FAIL: convert left $T/x.json"; fails=$((fails + 1)); }

SH=${PL_SHARED_DIR:-$S/../shared}
if [ -f "$SH/data/deu3/deu3-test-inputs.csv" ]; then
    check test-split 0 "$P" forecast "$SH/data/deu3/deu3-test-inputs.csv" --csv --model compromise
    [ "$(wc -l <"$T/out")" -eq 117 ] || { echo "FAIL: test split rows"; fails=$((fails + 1)); }
else
    echo "skip: ../shared absent, test-split run not checked"
fi

echo "$fails failed"
[ "$fails" -eq 0 ]
