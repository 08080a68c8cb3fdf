#!/bin/sh
# cli_replay.sh: command-line tests of `ccsim replay` on the fixtures of
# tests/replay/ (README.md there) and tests/traces/.
# Run by `make check` from the repository root with CCSIM=path/to/ccsim.
# Each check prints "ok" or "FAIL"; the script exits 1 if any failed.
CCSIM=${CCSIM:-bin/ccsim}
FIX=tests/replay
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
ok()   { echo "ok   cli_replay: $1"; }
fail() { echo "FAIL cli_replay: $1"; fails=$((fails + 1)); }
# expect STATUS DESCRIPTION CMD...: runs CMD, keeps stdout/stderr in $tmp.
expect() {
	want=$1; what=$2; shift 2
	"$@" >"$tmp/stdout" 2>"$tmp/stderr"
	got=$?
	if [ "$got" = "$want" ]; then ok "$what"; else fail "$what (exit $got, wanted $want)"; cat "$tmp/stderr"; fi
}
stderr_has() { grep -q -- "$1" "$tmp/stderr" && ok "$2" || { fail "$2"; cat "$tmp/stderr"; }; }
stdout_has() { grep -q -- "$1" "$tmp/stdout" && ok "$2" || fail "$2"; }
one_line()   { [ "$(wc -l <"$tmp/stderr")" -eq 1 ] && ok "$1" || { fail "$1"; cat "$tmp/stderr"; }; }
nothing_in() { [ ! -e "$1" ] && ok "$2: nothing written" || fail "$2: nothing written"; }

R="$CCSIM replay"
# --- usage ----------------------------------------------------------------------
expect 0 "replay --help" $R --help;              stdout_has "--staffing" "replay --help lists options"
expect 0 "--help names replay" "$CCSIM" --help;  stdout_has "replay TRACE" "ccsim --help lists replay"
expect 2 "replay without trace" $R --scenario $FIX/small.cfg; one_line "without trace: one line"
expect 2 "replay without --scenario" $R $FIX/small.csv; one_line "without --scenario: one line"
stderr_has "missing --scenario" "without --scenario: said"
expect 2 "unknown option" $R $FIX/small.csv --scenario $FIX/small.cfg --fast
stderr_has "unknown option '--fast' (see ccsim replay --help)" "unknown option named"
expect 2 "bad --format" $R $FIX/small.csv --scenario $FIX/small.cfg --format xml; one_line "bad --format: one line"
expect 2 "bad --separator" $R $FIX/small.csv --scenario $FIX/small.cfg --separator '|'; one_line "bad --separator: one line"
expect 2 "--columns with anonbank" $R tests/traces/ab_lf.txt --scenario $FIX/ab.cfg --format anonbank --columns a=b
expect 2 "--replications 0" $R $FIX/small.csv --scenario $FIX/small.cfg --replications 0

# --- bad inputs: one line, exit 2, nothing written --------------------------------
expect 2 "missing trace" $R "$tmp/nope.csv" --scenario $FIX/small.cfg --out "$tmp/o1"
one_line "missing trace: one line"; stderr_has "nope.csv: cannot open" "missing trace named"; nothing_in "$tmp/o1" "missing trace"
expect 2 "missing scenario" $R $FIX/small.csv --scenario "$tmp/nope.cfg" --out "$tmp/o2"
nothing_in "$tmp/o2" "missing scenario"
printf 'arrival\n1999-02-01 08:00:00\n' >"$tmp/outside.csv"
expect 2 "trace outside the horizon" $R "$tmp/outside.csv" --scenario $FIX/small.cfg --out "$tmp/o3"
one_line "outside: one line"; stderr_has "no call falls in the scenario's horizon" "outside: said"; nothing_in "$tmp/o3" "outside"
expect 2 "unmapped type" $R $FIX/types.csv --scenario $FIX/two.cfg --out "$tmp/o4"
one_line "unmapped type: one line"
stderr_has "^$FIX/types.csv:2: type \"PS\": no contact type of the scenario; expected --types PS=NAME" "unmapped type: FILE:LINE"
nothing_in "$tmp/o4" "unmapped type"
expect 2 "bad --types" $R $FIX/types.csv --scenario $FIX/two.cfg --types PS=nope --out "$tmp/o5"
one_line "bad --types: one line"; nothing_in "$tmp/o5" "bad --types"
printf 'arrival,wait_s\n2024-03-04 08:00:00,x\n' >"$tmp/badrow.csv"
expect 2 "bad row" $R "$tmp/badrow.csv" --scenario $FIX/small.cfg --out "$tmp/o6"
one_line "bad row: one line"; stderr_has "badrow.csv:2: " "bad row: FILE:LINE"; nothing_in "$tmp/o6" "bad row"
printf 'interval_start,front\n2024-03-04 08:00,1\n' >"$tmp/plan.csv"
expect 2 "staffing: missing rows" $R $FIX/small.csv --scenario $FIX/small.cfg --staffing "$tmp/plan.csv" --out "$tmp/o7"
one_line "staffing: one line"; stderr_has "plan.csv:2: interval 2024-03-04 08:30 is missing" "staffing: FILE:LINE"
nothing_in "$tmp/o7" "staffing"
printf 'interval_start,nobody\n' >"$tmp/plan2.csv"
expect 2 "staffing: unknown group" $R $FIX/small.csv --scenario $FIX/small.cfg --staffing "$tmp/plan2.csv" --out "$tmp/o8"
stderr_has "plan2.csv:1: column \"nobody\": no agent group" "staffing: unknown group named"
expect 2 "staffing: missing file" $R $FIX/small.csv --scenario $FIX/small.cfg --staffing "$tmp/none.csv" --out "$tmp/o9"
one_line "staffing missing file: one line"; nothing_in "$tmp/o9" "staffing missing file"

# --- a replay ------------------------------------------------------------------------
expect 0 "small replays" $R $FIX/small.csv --scenario $FIX/small.cfg --out "$tmp/s1"
cp "$tmp/stdout" "$tmp/s1.txt"
for f in summary.json intervals.csv days.csv commitments.csv deferred_days.csv deferred_weeks.csv \
	 actual.csv actual_days.csv actual_hours.csv actual_errors.csv; do
	[ -s "$tmp/s1/$f" ] && ok "small writes $f" || fail "small writes $f"
done
stdout_has "^Replayed vs actual, per day: calls" "table: per day"
stdout_has "^Replayed vs actual, per hour of the day: calls" "table: per hour"
stdout_has "^  Mon 2024-03-04          6 .* 50.0 .* 33.3 .* 26.2$" "table: Monday's actual figures"
stdout_has "error over 2 days (replayed - actual), mean absolute (bias): SL" "table: error line"
stderr_has "3 of the 12 calls of $FIX/small.csv fall outside" "outside calls reported"
stderr_has "1 call without a recorded outcome or wait" "unmeasured calls reported"
grep -q "^calls,0,2024-03-04 08:00,28800,0,4,4,3,1,0.5,0.25,0.5,0.25,35$" "$tmp/s1/actual.csv" \
	&& ok "actual.csv: interval 0 counted by hand" || fail "actual.csv: interval 0 counted by hand"
grep -q "^calls,0,2024-03-04,Mon,6,7,7,7,4," "$tmp/s1/actual_days.csv" \
	&& ok "actual_days.csv: Monday" || fail "actual_days.csv: Monday"
[ "$(wc -l <"$tmp/s1/actual_hours.csv")" -eq 3 ] && ok "actual_hours.csv: header + 2 hours" || fail "actual_hours.csv: header + 2 hours"
[ "$(wc -l <"$tmp/s1/actual_errors.csv")" -eq 17 ] && ok "actual_errors.csv: 2 x 8 rows" || fail "actual_errors.csv: 2 x 8 rows"
grep -q '"expected_calls": 9' "$tmp/s1/summary.json" && ok "the forecast is the trace's 9 calls" || fail "the forecast is the trace's 9 calls"

expect 0 "same seed again" $R $FIX/small.csv --scenario $FIX/small.cfg --out "$tmp/s2"
for f in summary.json intervals.csv days.csv commitments.csv actual.csv actual_days.csv actual_hours.csv actual_errors.csv; do
	cmp -s "$tmp/s1/$f" "$tmp/s2/$f" && ok "byte-identical $f" || fail "byte-identical $f"
done
cmp -s "$tmp/stdout" "$tmp/s1.txt" && ok "byte-identical table" || fail "byte-identical table"
expect 0 "quiet" $R $FIX/small.csv --scenario $FIX/small.cfg --out "$tmp/s3" --quiet
[ ! -s "$tmp/stdout" ] && ok "quiet: nothing on stdout" || fail "quiet: nothing on stdout"

# Every handle recorded, no patience in the scenario: nothing drawn, so two
# seeds replay the same.
expect 0 "fixed, seed 1" $R $FIX/small.csv --scenario $FIX/fixed.cfg --seed 1 --out "$tmp/f1"
expect 0 "fixed, seed 2" $R $FIX/small.csv --scenario $FIX/fixed.cfg --seed 2 --out "$tmp/f2"
for f in intervals.csv days.csv actual_days.csv actual_hours.csv actual_errors.csv; do
	cmp -s "$tmp/f1/$f" "$tmp/f2/$f" && ok "nothing drawn: $f the same for two seeds" || fail "nothing drawn: $f the same for two seeds"
done

# A staffing plan: 0 agents on Monday morning leaves its calls unanswered.
{ echo "interval_start,back,front"
  for d in 2024-03-05 2024-03-04; do for t in 09:30 09:00 08:30 08:00; do
	if [ $d = 2024-03-04 ] && [ $t = 08:00 ]; then echo "$d $t,0,0"; else echo "$d $t,0,5"; fi
  done; done; } >"$tmp/plan3.csv"
expect 0 "with a staffing plan" $R $FIX/small.csv --scenario $FIX/small.cfg --staffing "$tmp/plan3.csv" --out "$tmp/p1"
grep -q "^calls,0,0,2024-03-04 08:00,28800,0,0," "$tmp/p1/intervals.csv" && ok "staffing plan: 0 agents at Mon 08:00" || fail "staffing plan: 0 agents at Mon 08:00"
grep -q "^calls,1,0,2024-03-04 08:30,30600,0,5," "$tmp/p1/intervals.csv" && ok "staffing plan: 5 agents at Mon 08:30" || fail "staffing plan: 5 agents at Mon 08:30"

# --types, --skip-bad-rows
expect 0 "types mapped, XX skipped" $R $FIX/types.csv --scenario $FIX/two.cfg --types PS=calls,PE=sales --skip-bad-rows --out "$tmp/t1"
stderr_has "skipped 1 bad row of $FIX/types.csv" "skipped rows reported"
grep -q "^calls,0,2024-03-04 08:00,28800,0,2," "$tmp/t1/actual.csv" && ok "PS and calls counted as calls" || fail "PS and calls counted as calls"
grep -q "^sales,0,2024-03-04 08:00,28800,0,2," "$tmp/t1/actual.csv" && ok "PE and sales counted as sales" || fail "PE and sales counted as sales"

# Separator and column mapping
tr ',' ';' <$FIX/small.csv | sed 's/^arrival;type;handle_s;wait_s/At;Queue;Talk;Wait/' >"$tmp/semi.csv"
expect 0 "--separator ';' --columns" $R "$tmp/semi.csv" --scenario $FIX/small.cfg --separator ';' \
	--columns "arrival=At,type=Queue,handle=Talk,wait=Wait,patience=patience_s,outcome=outcome" --out "$tmp/c1"
cmp -s "$tmp/s1/actual.csv" "$tmp/c1/actual.csv" && ok "mapped columns: the same actual figures" || fail "mapped columns: the same actual figures"
cmp -s "$tmp/s1/intervals.csv" "$tmp/c1/intervals.csv" && ok "mapped columns: the same replay" || fail "mapped columns: the same replay"

# Anonymous Bank records: types NW and IN go to the scenario's one type
expect 0 "anonbank" $R tests/traces/ab_lf.txt --scenario $FIX/ab.cfg --format anonbank --out "$tmp/a1"
grep -q "^calls,0,1999-02-01,Mon,1," "$tmp/a1/actual_days.csv" && ok "anonbank: Monday's answered call" || fail "anonbank: Monday's answered call"
grep -q "^calls,1,1999-02-02,Tue,1,.*,0,.*,1," "$tmp/a1/actual_days.csv" && ok "anonbank: Tuesday's abandoned call" || fail "anonbank: Tuesday's abandoned call"

expect 1 "unwritable output folder" $R $FIX/small.csv --scenario $FIX/small.cfg --out /proc/ccsim-cannot-write
[ "$fails" -eq 0 ] && echo "cli_replay.sh: all passed" || { echo "cli_replay.sh: $fails failed"; exit 1; }
