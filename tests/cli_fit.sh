#!/bin/sh
# cli_fit.sh: command-line tests of `ccsim fit` (scenarios fitted from call
# logs).  Run by `make check` from the repository root with CCSIM=path/to/ccsim
# and CCSIM_PLOTS=path/to/plots.  Each check prints "ok", "skip" or "FAIL";
# the script exits 1 if any failed.
#
# tests/check_fitcmd.c checks the estimates themselves (a synthetic trace of
# known distributions, hand-counted fixtures); this script checks the
# program: exit statuses, one-line errors, nothing written on bad input, the
# same bytes for the same trace, and above all that the scenario it writes
# runs with `ccsim run` as it is.  The expected numbers are worked out in
# tests/fit/README.md.  Until sim/main.c dispatches `fit`, every check is
# skipped (check_fitcmd runs the command in-process meanwhile).
CCSIM=${CCSIM:-bin/ccsim}
case $CCSIM in /*) ;; *) CCSIM=$PWD/$CCSIM ;; esac
root=$PWD
FX=$root/tests/fit
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
ok()   { echo "ok   cli_fit: $1"; }
fail() { echo "FAIL cli_fit: $1"; fails=$((fails + 1)); }
skip() { echo "skip cli_fit: $1"; }
# expect STATUS DESCRIPTION CMD...: runs CMD, keeps stdout/stderr in $tmp.
expect() {
	want=$1; what=$2; shift 2
	"$@" >"$tmp/stdout" 2>"$tmp/stderr"
	got=$?
	if [ "$got" = "$want" ]; then ok "$what"; else fail "$what (exit $got, wanted $want)"; cat "$tmp/stderr"; fi
}
stderr_has() { grep -q -- "$1" "$tmp/stderr" && ok "$2" || { fail "$2"; cat "$tmp/stderr"; }; }
stdout_has() { grep -q -- "$1" "$tmp/stdout" && ok "$2" || { fail "$2"; cat "$tmp/stdout"; }; }
file_has()   { grep -q -- "$2" "$1" && ok "$3" || fail "$3"; }
one_line()   { [ "$(wc -l <"$tmp/stderr")" -eq 1 ] && ok "$1" || { fail "$1"; cat "$tmp/stderr"; }; }
no_stdout()  { [ ! -s "$tmp/stdout" ] && ok "$1" || fail "$1"; }
absent()     { [ ! -e "$1" ] && ok "$2" || fail "$2"; }
present()    { [ -s "$1" ] && ok "$2" || fail "$2"; }
F="$CCSIM fit"

if ! $F --help >/dev/null 2>&1; then
	skip "ccsim has no fit command yet (sim/main.c must dispatch to fitcmd_main): all checks skipped"
	exit 0
fi

# --- help -----------------------------------------------------------------
expect 0 "--help" $F --help
stdout_has "^usage: ccsim fit TRACE" "--help prints the usage"
stdout_has "^exit status" "--help documents the exit status"

# --- a hand-made trace: three agents (tests/fit/README.md) -----------------
cd "$tmp" || exit 1
expect 0 "agents.csv fitted" $F "$FX/agents.csv" --out "$tmp/agents.cfg"
stdout_has "2024-03-04 to 2024-03-05: 2 days" "agents: dates in the summary"
stdout_has "window       09:00-11:00, 4 intervals of 30m" "agents: day window 09:00-11:00"
stdout_has "3 agent ids: a lower bound" "agents: staffing said to be a lower bound"
stdout_has "^wrote $tmp/agents.cfg" "agents: the scenario's path printed"
file_has "$tmp/agents.cfg" "^      2, 2, 1, 2, # 2024-03-04 Mon" "agents: Monday staffing 2 2 1 2 (hand count)"
file_has "$tmp/agents.cfg" "^      2, 1, 1, 0  # 2024-03-05 Tue" "agents: Tuesday staffing 2 1 1 0 (hand count)"
file_has "$tmp/agents.cfg" "LOWER BOUND" "agents: the comment says lower bound"
expect 0 "the fitted scenario runs with ccsim run" $CCSIM run "$tmp/agents.cfg" --replications 2 --out "$tmp/run" --quiet
present "$tmp/run/summary.json" "ccsim run wrote its summary"

# same trace, same bytes
expect 0 "agents.csv fitted again" $F "$FX/agents.csv" --out "$tmp/again.cfg"
cmp -s "$tmp/agents.cfg" "$tmp/again.cfg" && ok "same trace, same scenario bytes" || fail "same trace, same scenario bytes"

# the default output is out/NAME.cfg in the current folder; --name changes it
expect 0 "default --out" $F "$FX/agents.csv" --name shop
present "$tmp/out/shop.cfg" "default output out/shop.cfg"
file_has "$tmp/out/shop.cfg" '^name = "shop";' "--name is the scenario's name"

# Erlang C staffing when no agent is named: 3 agents (tests/fit/README.md)
expect 0 "noagents.csv fitted" $F "$FX/noagents.csv" --out "$tmp/noagents.cfg"
file_has "$tmp/noagents.cfg" "^      3  # 2024-03-04 Mon" "noagents: Erlang C 80/20 staffing of 3"
file_has "$tmp/noagents.cfg" 'patience = "infinite";' "noagents: no abandon, infinite patience"
expect 0 "noagents scenario runs" $CCSIM run "$tmp/noagents.cfg" --replications 2 --out "$tmp/run2" --quiet

# plots (data files always; images with gnuplot)
expect 0 "--plots" $F "$FX/agents.csv" --out "$tmp/p.cfg" --plots "$tmp/plots"
for f in fit_arrivals.csv fit_handle.csv fit_patience.csv; do
	present "$tmp/plots/$f" "--plots writes $f"
done
if command -v gnuplot >/dev/null 2>&1; then
	for f in fit_arrivals fit_handle fit_patience; do
		present "$tmp/plots/$f.png" "--plots draws $f.png"
		present "$tmp/plots/$f.svg" "--plots draws $f.svg"
	done
else
	skip "no gnuplot: images not checked"
fi

# --- counts ---------------------------------------------------------------
expect 0 "--counts" $F --counts "$FX/counts.csv"
stdout_has "^  mon            2        27.0       12.7   0.4303     3.00     1.00     3.50$" "--counts: mean 27/day, c 0.4303, VMR 3.00 vs 1 vs 3.50 (by hand)"
stdout_has "No scenario is written" "--counts says no scenario is written"
absent "$tmp/out/counts.cfg" "--counts writes no scenario"

# --- errors: exit 2, one line, nothing written ----------------------------
err() {
	what=$1; msg=$2; shift 2
	rm -rf "$tmp/e.cfg" "$tmp/eplots"
	expect 2 "$what (exit 2)" "$@"
	one_line "$what: one line"
	stderr_has "$msg" "$what: says $msg"
	no_stdout "$what: nothing on stdout"
	absent "$tmp/e.cfg" "$what: no scenario written"
	absent "$tmp/eplots" "$what: no plots folder"
}
err "unknown option" "unknown option '--bogus'" $F --bogus "$FX/agents.csv" --out "$tmp/e.cfg"
err "missing file" "cannot open" $F "$FX/absent.csv" --out "$tmp/e.cfg" --plots "$tmp/eplots"
err "empty trace" "no records (an empty trace)" $F "$FX/empty.csv" --out "$tmp/e.cfg" --plots "$tmp/eplots"
err "no answered call" "no handle times in the trace" $F "$FX/no-answered.csv" --out "$tmp/e.cfg" --plots "$tmp/eplots"
err "malformed row" "bad-row.csv:3: outcome" $F "$FX/bad-row.csv" --out "$tmp/e.cfg"
err "span over 3660 days" "beyond 3660 days" $F "$FX/long-span.csv" --out "$tmp/e.cfg"
err "bad --interval" "--interval: expected" $F "$FX/agents.csv" --interval 7m --out "$tmp/e.cfg"
err "bad --day-types" "--day-types: sat is in no group" $F "$FX/agents.csv" --day-types mon-fri --out "$tmp/e.cfg"
err "--out with --counts" "--counts writes no scenario" $F --counts "$FX/counts.csv" --out "$tmp/e.cfg"
err "counts with a repeated bin" "3 rows in one interval" $F --counts "$FX/counts-duplicate.csv" --plots "$tmp/eplots"

# --- the shared data, when present ----------------------------------------
DATA=${CCSIM_DATA:-$root/../shared/data}
AB=$DATA/anonymous-bank-1999/february.txt
if [ -f "$AB" ]; then
	expect 0 "Anonymous Bank February fitted" $F "$AB" --format anonbank --day-types "sun-thu,fri,sat" --out "$tmp/feb.cfg"
	stdout_has "1999-02-01 to 1999-02-28: 28 days" "February: 28 days"
	expect 0 "February scenario runs" $CCSIM run "$tmp/feb.cfg" --replications 2 --out "$tmp/runfeb" --quiet
else
	skip "$AB absent"
fi
US=$DATA/us-bank-5min-2003/bank_calls.csv
if [ -f "$US" ]; then
	expect 0 "US bank counts" $F --counts "$US"
	stdout_has "27716 bins of 5m" "US bank: 27716 bins of 5 minutes"
	stdout_has "the interval 21:00 holds at most 1 of its 6 bins" "US bank: the lone 21:00 bin noted"
else
	skip "$US absent"
fi

[ "$fails" -eq 0 ] && echo "cli_fit: all passed" || echo "cli_fit: $fails FAILED"
[ "$fails" -eq 0 ]
