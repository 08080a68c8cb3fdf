#!/bin/sh
# cli_erlang.sh: command-line tests of `ccsim erlang` (analytic sizing).
# Run by `make check` from the repository root with CCSIM=path/to/ccsim and
# CCSIM_PLOTS=path/to/plots.  Each check prints "ok" or "FAIL"; the script
# exits 1 if any failed.
#
# Expected staffing comes from the formulas, computed independently of
# ccsim (how, in the comments next to each check):
#   Erlang C  C(n, a) = n B / (n - a (1 - B)), B the Erlang B recursion
#             B(k) = a B(k-1) / (k + a B(k-1)); SL(T) = 1 - C e^{-(n-a) T/AHT};
#             ASA = C AHT / (n - a)
#   Erlang A  the M/M/n+M stationary distribution, and the offered wait of
#             an arrival that finds j callers ahead (stages of rates
#             n mu + i theta) integrated numerically (RK4, 400 steps).
CCSIM=${CCSIM:-bin/ccsim}
case $CCSIM in /*) ;; *) CCSIM=$PWD/$CCSIM ;; esac
root=$PWD
FC=$root/tests/forecasts
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
ok()   { echo "ok   cli_erlang: $1"; }
fail() { echo "FAIL cli_erlang: $1"; fails=$((fails + 1)); }
# expect STATUS DESCRIPTION CMD...: runs CMD, keeps stdout/stderr in $tmp.
expect() {
	want=$1; what=$2; shift 2
	"$@" >"$tmp/stdout" 2>"$tmp/stderr"
	got=$?
	if [ "$got" = "$want" ]; then ok "$what"; else fail "$what (exit $got, wanted $want)"; cat "$tmp/stderr"; fi
}
stderr_has() { grep -q -- "$1" "$tmp/stderr" && ok "$2" || { fail "$2"; cat "$tmp/stderr"; }; }
stdout_has() { grep -q -- "$1" "$tmp/stdout" && ok "$2" || { fail "$2"; cat "$tmp/stdout"; }; }
one_line()   { [ "$(wc -l <"$tmp/stderr")" -eq 1 ] && ok "$1" || { fail "$1"; cat "$tmp/stderr"; }; }
no_stdout()  { [ ! -s "$tmp/stdout" ] && ok "$1" || fail "$1"; }
have_python() { command -v python3 >/dev/null 2>&1; }
# json_check DESCRIPTION: runs the Python code on stdin against $tmp/stdout.
json_check() {
	if have_python; then
		python3 - "$tmp/stdout" && ok "$1" || fail "$1"
	else
		cat >/dev/null; echo "skip cli_erlang: $1 (no python3)"
	fi
}
E="$CCSIM erlang"
EX="--calls 300 --interval 30m --aht 4m"   # a = 300 * 240 / 1800 = 40 Erlangs

# --- help -----------------------------------------------------------------
expect 0 "--help" $E --help
stdout_has "^usage: ccsim erlang" "--help prints the usage"
stdout_has "null: JSON has no" "--help says unstable waits are null in JSON"
stdout_has "start     interval label" "--help documents the forecast columns"
stdout_has "^exit status" "--help documents the exit status"

# --- the consultant's example: 300 calls per 30 minutes, AHT 4m, SL 80/20s
# Required agents 46, from the Erlang C formula:
#   python3 -c "import math
#   def C(n,a):
#       b=1.0
#       for k in range(1,n+1): b=a*b/(k+a*b)
#       return n*b/(n-a*(1-b))
#   print([(n, 1-C(n,40)*math.exp(-(n-40)*20/240)) for n in range(44,48)])"
# gives SL 69.07% (44), 77.54% (45), 83.88% (46), 88.57% (47): 46 is the
# first at or above 80%.
expect 0 "example runs" $E $EX --sl 80/20s
stdout_has "^Erlang C" "example: model named"
stdout_has "calls per interval *300$" "example: calls echoed"
stdout_has "interval *1800 s$" "example: interval echoed"
stdout_has "AHT *240 s$" "example: AHT echoed"
stdout_has "traffic *40.00 Erlangs$" "example: traffic 40 Erlangs"
stdout_has "SL >= 80% within 20 s" "example: target echoed"
stdout_has "agents *SL % *ASA s *P(wait) % *abandon % *occ %" "example: table header with units"
stdout_has "^ *46 *83.9 *10.6 *26.6 *0.00 *87.0  <- required$" "example: row 46 marked required, with the Erlang C figures"
stdout_has "^required agents *46$" "example: 46 agents required (Erlang C by hand)"
stdout_has "^scheduled agents *46 (no shrinkage)$" "example: scheduled = required without shrinkage"
[ "$(grep -c '^ *4[3-9]  ' "$tmp/stdout")" -eq 7 ] && ok "example: rows 43..49 (required-3..required+3)" || fail "example: rows 43..49 (required-3..required+3)"

expect 0 "example --json" $E $EX --sl 80/20s --json
json_check "example JSON: keys in order, values from the Erlang C formula" <<'PY'
import json, math, sys
o = json.load(open(sys.argv[1]))
keys = ["model", "traffic_erlangs", "agents", "p_wait", "service_level",
        "service_level_answered", "asa_s", "mean_wait_s", "p_abandon",
        "occupancy", "required_agents", "scheduled_agents",
        "scheduled_agents_unrounded"]
assert list(o) == keys, list(o)
def C(n, a):
    b = 1.0
    for k in range(1, n + 1):
        b = a * b / (k + a * b)
    return n * b / (n - a * (1 - b))
a, n = 40.0, 46
c = C(n, a)
assert o["model"] == "erlang-c"
assert o["traffic_erlangs"] == 40 and o["agents"] == 46 and o["required_agents"] == 46
assert o["scheduled_agents"] == 46 and o["scheduled_agents_unrounded"] == 46
close = lambda x, y: abs(x - y) <= 1e-8 * max(1.0, abs(y))
assert close(o["p_wait"], c), o["p_wait"]
assert close(o["service_level"], 1 - c * math.exp(-(n - a) * 20 / 240)), o["service_level"]
assert close(o["service_level_answered"], o["service_level"])
assert close(o["asa_s"], c * 240 / (n - a)), o["asa_s"]
assert close(o["mean_wait_s"], o["asa_s"])
assert o["p_abandon"] == 0
assert close(o["occupancy"], 40 / 46)
PY

# the same calls written as a rate
expect 0 "--calls as a rate" $E --calls 600/1h --interval 30m --aht 4m --sl 80%/20s
stdout_has "^required agents *46$" "600/1h over 30m is 300 calls: 46 agents"
stdout_has "calls per interval *300 (600/1h)$" "rate echoed with the calls per interval"

# shrinkage: ceil(46 / 0.7) = ceil(65.71) = 66
expect 0 "--shrinkage 30%" $E $EX --sl 80/20s --shrinkage 30%
stdout_has "^scheduled agents *66 (46 / (1 - 30%) = 65.71, rounded up)$" "shrinkage: 66 scheduled, unrounded 65.71 shown"
# an exact multiple must not round up: a = 205 * 60 / 600 = 20.5 Erlangs,
# occupancy <= 100% needs n > 20.5, so 21; 21 / (1 - 0.3) = 30 exactly
# (in floating point 21 / 0.7 = 30.000000000000004)
expect 0 "exact shrinkage multiple" $E --calls 205 --interval 10m --aht 1m --max-occupancy 100% --shrinkage 30% --json
json_check "21 required, 30 scheduled (not 31)" <<'PY'
import json, sys
o = json.load(open(sys.argv[1]))
assert o["required_agents"] == 21, o["required_agents"]
assert o["scheduled_agents"] == 30, o["scheduled_agents"]
assert abs(o["scheduled_agents_unrounded"] - 30) < 1e-9
PY

# --- Erlang A: --patience 3m
# Required agents 42 for SL 80/20s (SL 76.21% at 41, 80.52% at 42, with
# p_abandon 4.544% at 42), from the exact M/M/n+M computation described at
# the top (stationary distribution, then the offered wait of each arrival
# integrated numerically); cross-checked by simulation (`ccsim run` of the
# same M/M/n+M, 4 x 8 days: SL 76.6% [75.4, 77.9] at 41 agents, 80.9%
# [79.6, 82.2] with abandonment 4.5% [4.1, 4.8] at 42).
expect 0 "--patience switches to Erlang A" $E $EX --patience 3m --sl 80/20s --json
json_check "Erlang A: model, 42 agents, abandonment" <<'PY'
import json, sys
o = json.load(open(sys.argv[1]))
assert o["model"] == "erlang-a", o["model"]
assert o["required_agents"] == 42, o["required_agents"]
assert abs(o["service_level"] - 0.80518) < 1e-3, o["service_level"]
assert abs(o["p_abandon"] - 0.04544) < 1e-4, o["p_abandon"]
assert o["service_level_answered"] > o["service_level"]
assert abs(o["occupancy"] - 40 * (1 - o["p_abandon"]) / 42) < 1e-9
PY
expect 0 "Erlang A table" $E $EX --patience 3m --sl 80/20s --abandon 5%
stdout_has "^Erlang A" "Erlang A named in the table"
stdout_has "patience *180 s" "patience echoed"
stdout_has "abandonment <= 5%" "abandonment target echoed"

# --- --agents: evaluate a staffing (44 agents: SL 0.6906733042, ASA
# 25.902010804 s, P(wait) 0.4317001801, by the formula above)
expect 0 "--agents 44" $E $EX --agents 44 --json
json_check "--agents 44: the Erlang C figures, no staffing keys" <<'PY'
import json, sys
o = json.load(open(sys.argv[1]))
assert list(o) == ["model", "traffic_erlangs", "agents", "p_wait", "service_level",
                   "service_level_answered", "asa_s", "mean_wait_s", "p_abandon",
                   "occupancy"], list(o)
assert o["agents"] == 44
assert abs(o["service_level"] - 0.6906733042) < 1e-8, o["service_level"]
assert abs(o["asa_s"] - 25.902010804) < 1e-6, o["asa_s"]
assert abs(o["p_wait"] - 0.4317001801) < 1e-8, o["p_wait"]
assert abs(o["occupancy"] - 40 / 44) < 1e-9   # JSON holds 10 digits
PY
expect 0 "--agents 44 table" $E $EX --agents 44
stdout_has "^ *44 *69.1 *25.9 *43.2 *0.00 *90.9  <- --agents$" "--agents row marked"
stdout_has "SL threshold *20 s (the default" "default SL threshold said"
expect 0 "--agents 44 with a target" $E $EX --agents 44 --sl 80/20s --json
json_check "--agents with targets: figures at N, required, meets_targets false" <<'PY'
import json, sys
o = json.load(open(sys.argv[1]))
assert list(o)[-4:] == ["required_agents", "scheduled_agents",
                        "scheduled_agents_unrounded", "meets_targets"], list(o)
assert o["agents"] == 44 and o["required_agents"] == 46 and o["meets_targets"] is False
assert abs(o["service_level"] - 0.6906733042) < 1e-8
PY
expect 0 "--agents 60 with a target" $E $EX --agents 60 --sl 80/20s
stdout_has "^60 agents meet the targets$" "--agents 60 meets the targets"
stdout_has "<- --agents$" "--agents 60 row added to the table"
stdout_has "^ *\.\.\.$" "gap between the required rows and --agents"

# unstable Erlang C: 40 agents for 40 Erlangs
expect 0 "--agents 40 (unstable)" $E $EX --agents 40 --json
json_check "unstable: waits null, p_wait 1" <<'PY'
import json, sys
o = json.load(open(sys.argv[1]))
assert o["asa_s"] is None and o["mean_wait_s"] is None, o
assert o["p_wait"] == 1 and o["service_level"] == 0 and o["occupancy"] == 1
PY
expect 0 "--agents 40 table" $E $EX --agents 40
stdout_has "^ *40 .*<- --agents, unstable$" "unstable row marked"
stdout_has "grows without bound" "unstable explained"

# targets out of reach: exit 1, one line
expect 1 "impossible targets" $E --calls 1e7 --interval 1m --aht 1h --sl 80/20s
one_line "impossible targets: one line"
stderr_has "cannot be met with 1000000 agents" "impossible targets: said"
no_stdout "impossible targets: nothing on stdout"

# --- forecasts -------------------------------------------------------------
# Required agents of tests/forecasts/day.csv with --aht 4m (empty cells),
# SL 80/20s, 30-minute intervals: the Erlang C search above, row by row
# (a = calls * aht / 1800, first n with SL >= 0.8); scheduled: exact
# ceil(required / (1 - 3/10)) with Python's fractions.Fraction.
req="11 14 18 24 29 38 39 43 41 36 29 26 28 30 34 36 36 32 28 24 20 17 15 13 12 10"
sch="16 20 26 35 42 55 56 62 59 52 42 38 40 43 49 52 52 46 40 35 29 25 22 19 18 15"
expect 0 "forecast day.csv" $E --forecast "$FC/day.csv" --interval 30m --aht 4m --sl 80/20s --shrinkage 30% --out "$tmp/f1"
for f in sizing.csv sizing.png sizing.svg; do
	[ -s "$tmp/f1/$f" ] && ok "forecast writes $f" || fail "forecast writes $f"
done
ls "$tmp/f1" | grep -q tmp && fail "no temporary file left" || ok "no temporary file left"
[ "$(wc -l <"$tmp/f1/sizing.csv")" -eq 27 ] && ok "sizing.csv: header + 26 rows" || fail "sizing.csv: header + 26 rows"
[ "$(head -1 "$tmp/f1/sizing.csv")" = "start,calls,aht_s,patience_s,traffic_erlangs,required_agents,scheduled_agents_unrounded,scheduled_agents,service_level,asa_s,p_abandon,occupancy" ] \
	&& ok "sizing.csv header" || fail "sizing.csv header"
[ "$(tail -n +2 "$tmp/f1/sizing.csv" | cut -d, -f6 | tr '\n' ' ')" = "$req " ] \
	&& ok "sizing.csv: required agents per interval (Erlang C by hand)" || fail "sizing.csv: required agents per interval (Erlang C by hand)"
[ "$(tail -n +2 "$tmp/f1/sizing.csv" | cut -d, -f8 | tr '\n' ' ')" = "$sch " ] \
	&& ok "sizing.csv: scheduled agents per interval" || fail "sizing.csv: scheduled agents per interval"
[ "$(sed -n 2p "$tmp/f1/sizing.csv" | cut -d, -f1-5)" = "07:00,56,240,,7.46667" ] \
	&& ok "sizing.csv: first row's inputs and traffic" || fail "sizing.csv: first row's inputs and traffic"
stdout_has "^  start *calls *AHT s *pat s *traffic E *required *scheduled *SL % *ASA s *abandon % *occ %$" "forecast table header"
[ "$(grep -c '^  [0-9][0-9]:[0-9][0-9] ' "$tmp/stdout")" -eq 26 ] && ok "forecast table: 26 intervals" || fail "forecast table: 26 intervals"
stdout_has "^peak: 43 agents required, 62 scheduled, at 10:30$" "forecast: peak"
cp "$tmp/f1/sizing.csv" "$tmp/f1.csv"
expect 0 "forecast again" $E --forecast "$FC/day.csv" --interval 30m --aht 4m --sl 80/20s --shrinkage 30% --out "$tmp/f1"
cmp -s "$tmp/f1.csv" "$tmp/f1/sizing.csv" && ok "sizing.csv byte-identical on a rerun" || fail "sizing.csv byte-identical on a rerun"

expect 0 "forecast --json" $E --forecast "$FC/day.csv" --interval 30m --aht 4m --sl 80/20s --json --out "$tmp/f2"
json_check "forecast JSON: an array of 26 objects, start and calls first" <<'PY'
import json, sys
a = json.load(open(sys.argv[1]))
assert isinstance(a, list) and len(a) == 26
keys = ["start", "calls", "model", "traffic_erlangs", "agents", "p_wait",
        "service_level", "service_level_answered", "asa_s", "mean_wait_s",
        "p_abandon", "occupancy", "required_agents", "scheduled_agents",
        "scheduled_agents_unrounded"]
for o in a:
    assert list(o) == keys, list(o)
    assert o["agents"] == o["required_agents"] and o["service_level"] >= 0.8
assert a[0]["start"] == "07:00" and a[0]["calls"] == 56 and a[7]["required_agents"] == 43
PY
[ -s "$tmp/f2/sizing.csv" ] && ok "forecast --json still writes sizing.csv" || fail "forecast --json still writes sizing.csv"

# per-row aht and patience, quoted labels, Erlang A and C mixed
expect 0 "forecast erlang-a.csv" $E --forecast "$FC/erlang-a.csv" --interval 30m --sl 80/20s --out "$tmp/f3"
[ "$(sed -n 2p "$tmp/f3/sizing.csv" | cut -c1-26)" = '"Mon 2 Mar, 07:00",120,240' ] \
	&& ok "quoted label written back quoted" || fail "quoted label written back quoted"
[ "$(sed -n 3p "$tmp/f3/sizing.csv" | sed 's/^"[^"]*",//' | cut -d, -f1-3)" = "240.5,240," ] \
	&& ok "empty patience: Erlang C, patience_s empty" || fail "empty patience: Erlang C, patience_s empty"
stdout_has "Erlang A where a patience is given, Erlang C elsewhere" "mixed models said"

# the default folder: out/<base name>-sizing in the current folder
mkdir "$tmp/wd"
(cd "$tmp/wd" && $E --forecast "$FC/excel.csv" --interval 30m --sl 80/20s >/dev/null 2>&1)
[ -s "$tmp/wd/out/excel-sizing/sizing.csv" ] && ok "default folder out/excel-sizing" || fail "default folder out/excel-sizing"

# no gnuplot: plots skipped, said on stderr, still exit 0
expect 0 "no gnuplot" env PATH=/nonexistent $CCSIM erlang --forecast "$FC/day.csv" --interval 30m --aht 4m --sl 80/20s --out "$tmp/f4"
stderr_has "plots skipped" "no gnuplot: plots skipped said"
[ -s "$tmp/f4/sizing.csv" ] && [ ! -e "$tmp/f4/sizing.png" ] && ok "no gnuplot: CSV only" || fail "no gnuplot: CSV only"

expect 1 "unwritable output folder" $E --forecast "$FC/day.csv" --interval 30m --aht 4m --sl 80/20s --out /proc/ccsim-cannot-write
one_line "unwritable output folder: one line"

# a row without patience under --abandon
expect 2 "--abandon, a row without patience" $E --forecast "$FC/erlang-a.csv" --interval 30m --abandon 5% --out "$tmp/f5"
stderr_has "erlang-a.csv:3: --abandon needs a patience" "--abandon: FILE:LINE of the row"
[ ! -e "$tmp/f5" ] && ok "--abandon: nothing written" || fail "--abandon: nothing written"

# --- bad input: exit 2, one line, nothing on stdout, nothing written ---------
mkdir "$tmp/empty"
n=0
bad() {
	n=$((n + 1))
	what=$1; shift
	(cd "$tmp/empty" && $E "$@" >"$tmp/stdout" 2>"$tmp/stderr")
	got=$?
	if [ "$got" = 2 ] && [ "$(wc -l <"$tmp/stderr")" -eq 1 ] && [ ! -s "$tmp/stdout" ] &&
	   [ -z "$(ls -A "$tmp/empty")" ] && [ ! -e "$tmp/bad$n" ]; then
		ok "bad input: $what"
	else
		fail "bad input: $what (exit $got)"; cat "$tmp/stderr"; ls -A "$tmp/empty"
	fi
}
bad "AHT without a unit" $EX --aht 4 --sl 80/20s
bad "AHT without a unit (only)" --calls 300 --interval 30m --aht 4 --sl 80/20s
grep -q "^ccsim erlang: --aht: expected a duration with a unit such as 4m, got '4'$" "$tmp/stderr" \
	&& ok "AHT without a unit: the message" || fail "AHT without a unit: the message"
bad "AHT zero" --calls 300 --interval 30m --aht 0 --sl 80/20s
bad "AHT negative" --calls 300 --interval 30m --aht -4m --sl 80/20s
bad "interval without a unit" --calls 300 --interval 30 --aht 4m --sl 80/20s
bad "rate without a unit" --calls 300/30 --interval 30m --aht 4m --sl 80/20s
bad "patience zero" $EX --patience 0 --sl 80/20s
bad "calls negative" --calls -3 --interval 30m --aht 4m --sl 80/20s
bad "calls NaN" --calls nan --interval 30m --aht 4m --sl 80/20s
bad "calls inf" --calls inf --interval 30m --aht 4m --sl 80/20s
bad "calls garbage" --calls 3x0 --interval 30m --aht 4m --sl 80/20s
bad "calls overflow" --calls 1e999 --interval 30m --aht 4m --sl 80/20s
bad "SL without threshold" $EX --sl 80
bad "SL over 100%" $EX --sl 120%/20s
bad "SL threshold without unit" $EX --sl 80/20
bad "abandon over 100%" $EX --patience 3m --abandon 150%
bad "abandon without patience" $EX --abandon 5%
bad "occupancy over 100%" $EX --max-occupancy 101%
bad "ASA without unit" $EX --asa 30
bad "shrinkage 100%" $EX --sl 80/20s --shrinkage 100%
bad "shrinkage over 100%" $EX --sl 80/20s --shrinkage 130%
bad "shrinkage without a target" $EX --agents 50 --shrinkage 30%
bad "agents 0" $EX --agents 0
bad "agents huge" $EX --agents 1000001
bad "agents garbage" $EX --agents many
bad "unknown flag" $EX --sl 80/20s --fast
bad "flag twice" $EX --sl 80/20s --sl 90/20s
bad "missing value" $EX --sl
bad "stray argument" $EX --sl 80/20s extra
bad "missing --calls" --interval 30m --aht 4m --sl 80/20s
bad "missing --interval" --calls 300 --aht 4m --sl 80/20s
bad "missing --aht" --calls 300 --interval 30m --sl 80/20s
bad "no --agents and no target" $EX
bad "nothing at all"
bad "--out without --forecast" $EX --sl 80/20s --out "$tmp/bad$((n + 1))"
bad "forecast without target" --forecast "$FC/day.csv" --interval 30m --aht 4m --out "$tmp/bad$((n + 1))"
bad "forecast without interval" --forecast "$FC/day.csv" --aht 4m --sl 80/20s --out "$tmp/bad$((n + 1))"
bad "forecast with --calls" --forecast "$FC/day.csv" --calls 3 --interval 30m --sl 80/20s --out "$tmp/bad$((n + 1))"
bad "forecast with --agents" --forecast "$FC/day.csv" --agents 3 --interval 30m --sl 80/20s --out "$tmp/bad$((n + 1))"
bad "forecast missing" --forecast "$tmp/nope.csv" --interval 30m --aht 4m --sl 80/20s --out "$tmp/bad$((n + 1))"

# --- malformed forecasts: FILE:LINE: what is wrong --------------------------
# badfc FIXTURE LINE [--aht 4m]: exit 2, one line starting FIXTURE:LINE: ,
# nothing written.
badfc() {
	fix=$1; line=$2; shift 2
	n=$((n + 1))
	$E --forecast "$FC/$fix" --interval 30m --sl 80/20s --out "$tmp/bad$n" "$@" >"$tmp/stdout" 2>"$tmp/stderr"
	got=$?
	if [ "$got" = 2 ] && [ "$(wc -l <"$tmp/stderr")" -eq 1 ] &&
	   grep -q "^$FC/$fix:$line: " "$tmp/stderr" && [ ! -s "$tmp/stdout" ] && [ ! -e "$tmp/bad$n" ]; then
		ok "bad forecast $fix: $(cut -d: -f3- "$tmp/stderr" | cut -c2-60)"
	else
		fail "bad forecast $fix (exit $got, wanted 2 and $fix:$line)"; cat "$tmp/stderr"
	fi
}
badfc bad-empty.csv 1 --aht 4m
badfc bad-blank.csv 1 --aht 4m
badfc bad-header-only.csv 1 --aht 4m
badfc bad-unknown-column.csv 1 --aht 4m
badfc bad-duplicate-column.csv 1 --aht 4m
badfc bad-missing-calls.csv 2 --aht 4m
badfc bad-no-aht.csv 1
badfc bad-empty-aht.csv 3
badfc bad-calls.csv 5
badfc bad-negative.csv 2
badfc bad-nan.csv 3
badfc bad-aht.csv 3
badfc bad-aht-unit.csv 2
badfc bad-patience.csv 3
badfc bad-fields.csv 3 --aht 4m
badfc bad-empty-start.csv 3 --aht 4m
badfc bad-multiline.csv 2 --aht 4m
badfc bad-quote.csv 3 --aht 4m
badfc bad-unterminated.csv 3 --aht 4m
head -c 4096 /dev/urandom >"$tmp/garbage.csv" 2>/dev/null || printf '\001\002\377{{{' >"$tmp/garbage.csv"
expect 2 "binary garbage forecast" $E --forecast "$tmp/garbage.csv" --interval 30m --aht 4m --sl 80/20s --out "$tmp/badg"
one_line "binary garbage: one line"
stderr_has "garbage.csv:[0-9][0-9]*: " "binary garbage: FILE:LINE"
[ ! -e "$tmp/badg" ] && ok "binary garbage: nothing written" || fail "binary garbage: nothing written"

[ "$fails" -eq 0 ] && echo "cli_erlang.sh: all passed" || { echo "cli_erlang.sh: $fails failed"; exit 1; }
