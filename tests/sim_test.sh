#!/bin/sh
# Tests of `parley simulate` and `parley list strategies|protocols`
# (POSIX sh).  Environment: PARLEY = the built binary, PL_SOURCE_DIR = the
# source tree (ctest sets both).  Ends with "N passed, N failed".
#
#  - golden cases tests/data/sim/cases/<case>/: `args` (one line, split on
#    blanks, run from tests/data/sim/), `expected.status`, `expected.out`
#    (exact stdout); the hand computations behind them are in
#    tests/data/sim/README.md;
#  - usage errors: exit 2 and a message naming the problem;
#  - --trace: one JSON line per event, renamed into place only when
#    complete, nothing left behind on failure;
#  - determinism: same seed, byte-identical output and trace; another
#    seed with a random strategy, a different trace;
#  - shuttle mediation on berlin-2025: no event by Ukraine is seen by
#    Russia, and no event by Russia by Ukraine.
set -u

: "${PARLEY:?set PARLEY to the parley binary}"
: "${PL_SOURCE_DIR:?set PL_SOURCE_DIR to the source tree}"
case $PARLEY in
/*) ;;
*) PARLEY=$(pwd)/$PARLEY ;;
esac
DATA=$PL_SOURCE_DIR/tests/data/sim
TMP=$(mktemp -d "${TMPDIR:-/tmp}/parley-sim.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
trap 'exit 1' HUP INT TERM

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1: $2"; }

# --- golden cases ---------------------------------------------------------
for dir in "$DATA"/cases/*/; do
    name=$(basename "$dir")
    args=$(cat "$dir/args")
    want=$(cat "$dir/expected.status")
    # shellcheck disable=SC2086
    (cd "$DATA" && "$PARLEY" $args >"$TMP/out" 2>"$TMP/err")
    got=$?
    if [ "$got" != "$want" ]; then
        fail "$name" "exit $got, expected $want ($(head -c 300 "$TMP/err"))"
    elif [ -f "$dir/expected.out" ] && ! cmp -s "$TMP/out" "$dir/expected.out"; then
        fail "$name" "stdout differs: diff $dir/expected.out"
        diff "$dir/expected.out" "$TMP/out" | head -20
    else
        pass "$name"
    fi
done

# --- usage errors ---------------------------------------------------------
usage() { # name, expected stderr substring, args...
    name=$1
    pat=$2
    shift 2
    (cd "$DATA" && "$PARLEY" "$@" >"$TMP/out" 2>"$TMP/err")
    got=$?
    if [ "$got" != 2 ]; then
        fail "usage $name" "exit $got, expected 2"
    elif ! grep -q -- "$pat" "$TMP/err"; then
        fail "usage $name" "stderr lacks '$pat': $(cat "$TMP/err")"
    elif [ -s "$TMP/out" ]; then
        fail "usage $name" "unexpected stdout"
    else
        pass "usage $name"
    fi
}
usage unknown-strategy "unknown strategy 'nosuch'" simulate trio.yaml --strategy buyer=nosuch
usage unknown-protocol "unknown protocol 'rubinstein'" simulate trio.yaml --protocol rubinstein
usage unknown-party "no party 'king'" simulate trio.yaml --strategy king=linear
usage party-position "no party '9'" simulate trio.yaml --strategy 9=linear
usage bad-kv "expected key=value" simulate trio.yaml --strategy buyer=linear:e
usage bad-number "e must be a number" simulate trio.yaml --strategy buyer=linear:e=abc
usage out-of-range "e must be a number in" simulate trio.yaml --strategy buyer=boulware:e=0
usage unknown-key "unknown parameter 'speed'" simulate trio.yaml --strategy buyer=linear:speed=1
usage twice "given twice" simulate trio.yaml --strategy buyer=linear --strategy 1=boulware
usage no-mediator "needs a mediator" simulate trio.yaml --protocol mediated
usage bilateral "protocol ao is bilateral" simulate trio.yaml --protocol ao
usage no-talks "no direct talks" simulate berlin-2025 --protocol saop
usage mediator-channel "has no channel to" simulate nomed.yaml --protocol shuttle --mediator a
usage mediator-strategy "does not negotiate" simulate berlin-2025 --strategy us=linear
usage observer-strategy "does not negotiate" simulate nomed.yaml --protocol shuttle --mediator b --strategy watcher=linear
usage bad-kind "bad protocol parameter" simulate berlin-2025 --protocol mediated:kind=magic
usage params-saop "takes no parameters" simulate trio.yaml --protocol saop:kind=hill
usage rounds-zero "--rounds" simulate trio.yaml --rounds 0
usage seed-text "--seed" simulate trio.yaml --seed abc
usage time-negative "--time" simulate trio.yaml --time -1
usage strategy-syntax "PARTY=NAME" simulate trio.yaml --strategy linear
usage unknown-option "unknown option" simulate --fast
usage list-what "cannot list" list tactics
usage compose-saop "parameter of protocol shuttle" simulate trio.yaml --protocol saop:compose=nash
usage compose-bad "bad protocol parameter" simulate berlin-2025 --protocol shuttle:compose=welfare

# --- listings -------------------------------------------------------------
if "$PARLEY" list strategies >"$TMP/out" 2>&1 &&
    grep -q '^boulware' "$TMP/out" && grep -q '^freq' "$TMP/out" &&
    grep -q '^tft' "$TMP/out"; then
    pass "list strategies"
else
    fail "list strategies" "$(head -3 "$TMP/out")"
fi
if "$PARLEY" list protocols >"$TMP/out" 2>&1 && grep -q '^saop' "$TMP/out" &&
    grep -q '^shuttle' "$TMP/out"; then
    pass "list protocols"
else
    fail "list protocols" "$(head -3 "$TMP/out")"
fi
if "$PARLEY" help simulate | grep -q -- '--strategy'; then
    pass "help simulate"
else
    fail "help simulate" "no usage text"
fi

# --- traces ---------------------------------------------------------------
cd "$TMP" || exit 1
"$PARLEY" simulate "$DATA/trio.yaml" --seed 3 --strategy 1=random --json \
    --trace t1.jsonl >o1.json 2>err
s1=$?
"$PARLEY" simulate "$DATA/trio.yaml" --seed 3 --strategy 1=random --json \
    --trace t2.jsonl >o2.json 2>err
s2=$?
"$PARLEY" simulate "$DATA/trio.yaml" --seed 4 --strategy 1=random --json \
    --trace t3.jsonl >o3.json 2>err
if [ $s1 = 0 ] && [ $s2 = 0 ] && cmp -s o1.json o2.json && cmp -s t1.jsonl t2.jsonl; then
    pass "determinism: same seed, same output and trace"
else
    fail "determinism" "runs differ"
fi
if ! cmp -s t1.jsonl t3.jsonl; then
    pass "determinism: another seed, another trace"
else
    fail "determinism" "seeds 3 and 4 gave the same trace"
fi
events=$(sed -n 's/^  "events": \([0-9]*\),$/\1/p' o1.json)
lines=$(wc -l <t1.jsonl | tr -d ' ')
if [ -n "$events" ] && [ "$events" = "$lines" ] &&
    head -1 t1.jsonl | grep -q '"event":"start"' &&
    ! grep -qv '^{.*}$' t1.jsonl; then
    pass "trace: one JSON object per event ($lines)"
else
    fail "trace" "events=$events lines=$lines"
fi
if ls | grep -q 'tmp'; then
    fail "trace" "temporary file left behind"
else
    pass "trace: no temporary file left"
fi
"$PARLEY" simulate "$DATA/trio.yaml" --trace "$TMP/nodir/t.jsonl" >/dev/null 2>err
st=$?
if [ $st = 1 ] && [ ! -e "$TMP/nodir" ]; then
    pass "trace: unwritable path fails with 1"
else
    fail "trace unwritable" "exit $st"
fi
"$PARLEY" simulate "$DATA/trio.yaml" --protocol ao --trace bad.jsonl >/dev/null 2>err
if [ ! -e bad.jsonl ] && ! ls | grep -q 'bad.jsonl.tmp'; then
    pass "trace: nothing written on a usage error"
else
    fail "trace usage" "file left behind"
fi

# --- wall-clock deadline -------------------------------------------------
"$PARLEY" simulate "$DATA/trio.yaml" --time 0.2 --strategy 1=hardliner \
    --strategy 2=hardliner --json >tm.json 2>err
st=$?
if [ $st = 0 ] && grep -q '"end": "deadline"' tm.json; then
    pass "--time: ends at the wall-clock deadline"
else
    fail "--time" "exit $st"
fi

# --- shuttle topology -----------------------------------------------------
"$PARLEY" simulate berlin-2025 --protocol shuttle --rounds 50 \
    --strategy ukraine=boulware --trace sh.jsonl >/dev/null 2>err
ua=$(grep '"from":"ukraine"' sh.jsonl | grep -c '"visible":\[[^]]*"russia"')
ru=$(grep '"from":"russia"' sh.jsonl | grep -c '"visible":\[[^]]*"ukraine"')
n=$(grep -c '"from":"ukraine"' sh.jsonl)
if [ "$n" -gt 0 ] && [ "$ua" = 0 ] && [ "$ru" = 0 ]; then
    pass "shuttle: Ukraine and Russia never see each other ($n events)"
else
    fail "shuttle" "ukraine->russia $ua, russia->ukraine $ru, n $n"
fi
# composing shuttle mediator: its texts are seen by the mediator alone, the
# topology holds, the run is reproducible
for k in 1 2; do
    "$PARLEY" simulate berlin-2025 --protocol shuttle:compose=nash --rounds 60 \
        --strategy ukraine=boulware --json --trace "shc$k.jsonl" >"shc$k.json" 2>err
done
ua=$(grep '"from":"ukraine"' shc1.jsonl | grep -c '"visible":\[[^]]*"russia"')
ru=$(grep '"from":"russia"' shc1.jsonl | grep -c '"visible":\[[^]]*"ukraine"')
np=$(grep -c '"event":"propose","from":"us","to":null,"visible":\["us"\]' shc1.jsonl)
if [ "$np" -gt 0 ] && [ "$ua" = 0 ] && [ "$ru" = 0 ] &&
    [ "$np" = "$(grep -c '"event":"propose"' shc1.jsonl)" ] &&
    cmp -s shc1.json shc2.json && cmp -s shc1.jsonl shc2.jsonl &&
    grep -q '"end": "agreement"' shc1.json; then
    pass "shuttle compose=nash: $np composed texts, mediator-only, topology kept"
else
    fail "shuttle compose" "np $np ua $ua ru $ru"
fi
"$PARLEY" simulate --trace med.jsonl >/dev/null 2>err
ua=$(grep '"from":"ukraine"' med.jsonl | grep -c '"visible":\[[^]]*"russia"')
if [ "$ua" = 0 ] && grep -q '"event":"vote_no"' med.jsonl; then
    pass "mediated: votes are private to the mediator"
else
    fail "mediated" "ukraine->russia $ua"
fi

# --- non-linear ANAC 2014 domains (bid pool, docs/simulate.md) -----------
A14=$PL_SOURCE_DIR/tests/data/genius/anac2014_10issues
for k in 1 2; do
    "$PARLEY" simulate "$A14" --rounds 300 --strategy 1=boulware \
        --strategy 2=conceder --seed 5 --json --trace "a14_$k.jsonl" \
        >"a14_$k.json" 2>err || fail "anac2014 10 issues" "exit $?"
done
if cmp -s a14_1.json a14_2.json && cmp -s a14_1.jsonl a14_2.jsonl &&
    grep -q '"end": "agreement"' a14_1.json &&
    [ "$(grep -c '"method": "pool"' a14_1.json)" = 2 ] &&
    [ "$(grep -c '"approximate": 0,' a14_1.json)" = 2 ] &&
    ! grep -q '"approximate":true' a14_1.jsonl; then
    # the level DP makes every lookup exact on the 10-issue profiles
    pass "anac2014 10 issues: pool back end, exact lookups, deterministic"
else
    fail "anac2014 10 issues" "$(head -c 300 err)"
fi
# Opponent-model bids on the pool are a heuristic: counted and labelled
# in the JSON, the trace and the text.
"$PARLEY" simulate "$A14" --rounds 100 --strategy 1=freq --strategy 2=boulware \
    --json --trace a14f.jsonl >a14f.json 2>err
"$PARLEY" simulate "$A14" --rounds 100 --strategy 1=freq --strategy 2=boulware \
    >a14f.txt 2>err
n=$(grep -c '"approximate":true' a14f.jsonl)
other=$(grep '"approximate":true' a14f.jsonl | grep -vc '"from":"profile_1"')
if [ "$n" -gt 0 ] && [ "$other" = 0 ] &&
    [ "$(grep -c '"approximate": 0,' a14f.json)" = 1 ] &&
    grep -q 'Approximate bid lookup: [0-9]* of profile-1' a14f.txt; then
    pass "anac2014 freq: approximate lookups labelled ($n offers)"
else
    fail "anac2014 freq" "n=$n other=$other $(head -c 300 err)"
fi
A30=$PL_SOURCE_DIR/../shared/data/genius/anac2014-30issues
if [ -d "$A30" ]; then
    "$PARLEY" simulate "$A30" --rounds 100 --strategy 1=boulware \
        --strategy 2=boulware --json --trace a30.jsonl >a30.json 2>err
    st=$?
    events=$(sed -n 's/^  "events": \([0-9]*\),$/\1/p' a30.json)
    if [ $st = 0 ] && [ "$(grep -c '"method": "pool"' a30.json)" = 2 ] &&
        [ "$events" = "$(wc -l <a30.jsonl | tr -d ' ')" ]; then
        pass "anac2014 30 issues (10^30 outcomes): session on the pool"
    else
        fail "anac2014 30 issues" "exit $st $(head -c 300 err)"
    fi
else
    echo "skip anac2014 30 issues: $A30 absent"
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
