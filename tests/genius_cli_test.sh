#!/bin/sh
# The GENIUS paths of the `parley` command line (POSIX sh): a domain with
# --profile files, a folder, --real-steps, warnings on stderr as
# "parley: warning: FILE:LINE:COLUMN: ...", malformed and unsupported
# files as "parley: FILE:LINE:COLUMN: ..." with exit status 2, and
# GENIUS -> YAML -> GENIUS -> analyze giving the same report.
#
# Environment: PARLEY = the built binary, PL_SOURCE_DIR = the source tree
# (ctest sets both).  Ends with "N passed, N failed"; non-zero exit if any
# case failed.
set -u
: "${PARLEY:?set PARLEY to the parley binary}"
: "${PL_SOURCE_DIR:?set PL_SOURCE_DIR to the source tree}"
G=$PL_SOURCE_DIR/tests/data/genius
TMP=$(mktemp -d "${TMPDIR:-/tmp}/parley-genius.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
pass=0
fail=0

# expect NAME STATUS STDERR_SUBSTRING -- ARGS...
expect() {
    name=$1 want=$2 pat=$3
    shift 4
    "$PARLEY" "$@" >"$TMP/out" 2>"$TMP/err"
    got=$?
    if [ "$got" -ne "$want" ]; then
        echo "FAIL $name: exit $got, want $want"; sed 's/^/  /' "$TMP/err"
        fail=$((fail + 1)); return
    fi
    if [ -n "$pat" ] && ! grep -F -q -- "$pat" "$TMP/err"; then
        echo "FAIL $name: stderr lacks '$pat'"; sed 's/^/  /' "$TMP/err"
        fail=$((fail + 1)); return
    fi
    echo "ok   $name"
    pass=$((pass + 1))
}

expect domain-profiles 0 "" -- analyze "$G/laptop/laptop_domain.xml" \
    --profile "$G/laptop/laptop_buyer_utility.xml" \
    --profile "$G/laptop/laptop_seller_utility.xml" --json
grep -q '"laptop_buyer_utility"' "$TMP/out" ||
    { echo "FAIL party id from the file name"; fail=$((fail + 1)); }
expect folder-3-parties 0 "" -- validate "$G/agenthp2"
grep -q '8 issues, 56 options, 3 parties, 5764801 outcomes' "$TMP/out" ||
    { echo "FAIL agenthp2: 7^8 outcomes"; cat "$TMP/out"; fail=$((fail + 1)); }
expect real-steps 0 "" -- validate "$G/son" --real-steps 5
grep -q '20 options, 2 parties, 625 outcomes' "$TMP/out" ||
    { echo "FAIL --real-steps 5"; cat "$TMP/out"; fail=$((fail + 1)); }
expect real-steps-default 0 "" -- validate "$G/son"
grep -q '84 options, 2 parties, 194481 outcomes' "$TMP/out" ||
    { echo "FAIL 21 steps by default"; cat "$TMP/out"; fail=$((fail + 1)); }
expect real-steps-bad 2 "--real-steps needs a whole number" -- \
    validate "$G/son" --real-steps 1
expect warning 0 \
    "parley: warning: $G/flightbooking/FlightBooking-A-domain.xml:16:7: issue 'DepartureDate': value 'Sep4_2011' listed more than once" \
    -- validate "$G/flightbooking"
expect lenient-cp1252 0 "" -- validate "$G/new_sporthal"
expect nonlinear 0 "" -- validate "$G/anac2014_10issues"
expect csv-sidecar 2 "pareto.xml:2:1: not XML" -- analyze \
    "$G/anac2014_10issues/10issues-domain.xml" \
    --profile "$G/anac2014_10issues/pareto.xml"
expect profile-as-domain 2 "laptop_buyer_utility.xml:1:1: this is a GENIUS profile" \
    -- analyze "$G/laptop/laptop_buyer_utility.xml" \
    --profile "$G/laptop/laptop_seller_utility.xml"
expect domain-needs-profiles 2 "needs one --profile" -- \
    analyze "$G/laptop/laptop_domain.xml"
expect missing-profile 2 "no such file" -- analyze \
    "$G/laptop/laptop_domain.xml" --profile "$G/laptop/nope.xml"
mkdir "$TMP/two" && cp "$G/laptop/laptop_domain.xml" "$G/son/son_domain.xml" \
    "$G/laptop/laptop_buyer_utility.xml" "$TMP/two/"
expect folder-two-domains 2 "found 2 domains (laptop_domain.xml, son_domain.xml)" \
    -- analyze "$TMP/two"
printf '<utility_space type="constraint">\n</utility_space>\n' >"$TMP/c.xml"
expect constraint 2 "c.xml:1:1: unsupported: constraint profile" -- \
    analyze "$G/laptop/laptop_domain.xml" --profile "$TMP/c.xml"

# GENIUS -> YAML -> GENIUS -> analyze: the same report
expect to-yaml 0 "" -- convert "$G/son" -o "$TMP/son.yaml"
grep -q 'weights_as_written: true' "$TMP/son.yaml" &&
    grep -q 'clamp_max: 1' "$TMP/son.yaml" ||
    { echo "FAIL GENIUS fields in YAML"; fail=$((fail + 1)); }
expect to-genius 0 "" -- convert "$TMP/son.yaml" --to genius -o "$TMP/son-g"
expect nonlinear-to-genius 0 "" -- convert "$G/nonlinear_114" -o "$TMP/nl/"
expect nonlinear-back 0 "" -- validate "$TMP/nl"
"$PARLEY" analyze "$G/son" --json --real-steps 6 >"$TMP/a.json" 2>/dev/null
"$PARLEY" analyze "$TMP/son-g" --json --real-steps 6 >"$TMP/b.json" 2>/dev/null
if cmp -s "$TMP/a.json" "$TMP/b.json"; then
    echo "ok   round-trip-report"; pass=$((pass + 1))
else
    echo "FAIL round-trip-report"; diff "$TMP/a.json" "$TMP/b.json" | head
    fail=$((fail + 1))
fi
expect red-lines-refused 2 "red lines, which GENIUS profiles cannot express" \
    -- convert berlin-2025 --to genius -o "$TMP/berlin"
[ ! -e "$TMP/berlin" ] ||
    { echo "FAIL refused convert wrote $TMP/berlin"; fail=$((fail + 1)); }

# A GENIUS set lands whole or not at all: the centre's profile cannot be
# renamed into place (a folder has its name), so the domain written just
# before it must get its old text back and the new buyer file must go.
mkdir -p "$TMP/set/son_center_5.xml" && echo old >"$TMP/set/son_domain.xml"
expect set-rolled-back 1 "son_center_5.xml: cannot write: Is a directory; nothing written" \
    -- convert "$TMP/son.yaml" --to genius -o "$TMP/set"
[ "$(cat "$TMP/set/son_domain.xml")" = old ] && [ ! -e "$TMP/set/son_buyer.xml" ] &&
    [ -z "$(ls -A "$TMP/set" | grep -v '^son_center_5.xml$' | grep -v '^son_domain.xml$')" ] ||
    { echo "FAIL set-rolled-back left:"; ls -A "$TMP/set"; fail=$((fail + 1)); }
rmdir "$TMP/set/son_center_5.xml"
expect set-replaced 0 "" -- convert "$TMP/son.yaml" --to genius -o "$TMP/set"
cmp -s "$TMP/set/son_domain.xml" "$TMP/son-g/son_domain.xml" &&
    [ "$(ls -A "$TMP/set" | wc -l)" -eq 3 ] ||
    { echo "FAIL set-replaced"; ls -A "$TMP/set"; fail=$((fail + 1)); }

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
