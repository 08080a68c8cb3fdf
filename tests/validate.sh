#!/bin/sh
# validate.sh: `make validate`, ccsim against real call-centre records.
#
# Data from CCSIM_DATA (default ../shared/data; see docs/validation.md):
#   anonymous-bank-1999/{february,january}.txt   per-call records
#   us-bank-5min-2003/bank_calls.csv             5-minute arrival counts
# Steps, each printing its table:
#   1. fit each month: arrivals per day type, handle time, patience
#      (censored), day-level busyness and the staffing seen in the record;
#   2. replay each month's own calls against its fitted scenario (inferred
#      staffing, talk time only) and compare with what happened;
#   3. calibrate one figure on February, the time an answered call keeps its
#      agent beyond the recorded talk (wrap-up and unrecorded work): the
#      value of 0, 30, ..., 150 s with the smallest mean absolute error of
#      the daily service level; replay February with it, then January (a
#      month it was not fitted on) with the same value;
#   4. simulate February's fitted scenario (its own Poisson-gamma arrivals,
#      not the record) and compare the spread of daily KPIs with the
#      record's;
#   5. fit the US bank counts: observed over-dispersion against Poisson and
#      the fitted Poisson-gamma model.
# It fails (status 1) when the data are missing, a command fails, or an
# error leaves the stated bound (see the checks at the end).
set -eu

CCSIM=${CCSIM:-./bin/ccsim}
DATA=${CCSIM_DATA:-../shared/data}
OUT=${VALIDATE_OUT:-build/validate}
AB=$DATA/anonymous-bank-1999
US=$DATA/us-bank-5min-2003

for f in "$AB/february.txt" "$AB/january.txt" "$US/bank_calls.csv"; do
	if [ ! -r "$f" ]; then
		echo "validate: $f: missing; set CCSIM_DATA to the folder holding" \
		     "anonymous-bank-1999/ and us-bank-5min-2003/" >&2
		exit 1
	fi
done
rm -rf "$OUT"
mkdir -p "$OUT"

# The mean absolute error of a measure per day (or per hour of the day:
# third argument "hour"), from actual_errors.csv; days and hours with fewer
# than 50 recorded calls are left out (replay --error-min-calls 50).
mae() { # dir measure [day|hour]
	awk -F, -v m="$2" -v p="${3:-day}" '$2 == p && $3 == m { print $5 }' "$1/actual_errors.csv"
}
# A copy of a fitted scenario whose calls keep their agent W s after talk.
with_wrap() { # in out seconds
	awk -v w="$3" '{ print }
		/^[ \t]*handle_time = / && w > 0 {
			match($0, /^[ \t]*/)
			printf "%swrap_up = { dist = \"deterministic\"; value = \"%ds\"; };\n",
			       substr($0, 1, RLENGTH), w
		}' "$1" >"$2"
}
pct() { awk -v x="$1" 'BEGIN { printf "%.1f", 100 * x }'; }

echo "== 1. fit the Anonymous Bank months (day types sun-thu, fri, sat)"
for m in february january; do
	"$CCSIM" fit "$AB/$m.txt" --format anonbank --day-types sun-thu,fri,sat \
		--name "anonymous-bank-$m" --out "$OUT/$m.cfg" --plots "$OUT/$m-fit"
done

echo
echo "== 2. replay each month against its fitted scenario, talk time only"
for m in february january; do
	"$CCSIM" replay "$AB/$m.txt" --format anonbank --scenario "$OUT/$m.cfg" --error-min-calls 50 \
		--quiet --out "$OUT/$m-replay-raw"
	echo "$m: daily SL20 error $(pct "$(mae "$OUT/$m-replay-raw" service_level_20s)") pts" \
	     "(mean absolute), abandonment $(pct "$(mae "$OUT/$m-replay-raw" abandon_rate)") pts"
done

echo
echo "== 3. calibrate the time beyond talk on February, check on January"
best=0 best_mae=9
for w in 0 30 60 90 120 150; do
	with_wrap "$OUT/february.cfg" "$OUT/february-w$w.cfg" "$w"
	"$CCSIM" replay "$AB/february.txt" --format anonbank --quiet --error-min-calls 50 \
		--scenario "$OUT/february-w$w.cfg" --out "$OUT/february-w$w"
	e=$(mae "$OUT/february-w$w" service_level_20s)
	echo "  $w s: February daily SL20 error $(pct "$e") pts"
	if awk -v a="$e" -v b="$best_mae" 'BEGIN { exit !(a < b) }'; then
		best=$w best_mae=$e
	fi
done
echo "chosen: $best s after each answered call"
for m in february january; do
	with_wrap "$OUT/$m.cfg" "$OUT/$m-calibrated.cfg" "$best"
	echo
	echo "-- $m, calibrated ($best s)"
	"$CCSIM" replay "$AB/$m.txt" --format anonbank --scenario "$OUT/$m-calibrated.cfg" --error-min-calls 50 \
		--out "$OUT/$m-replay" | sed -n '/^Replayed vs actual/,$p'
done

echo
echo "== 4. simulate February's fitted scenario and compare daily KPIs"
"$CCSIM" run "$OUT/february-calibrated.cfg" --replications 40 --quiet \
	--out "$OUT/february-run"
# Sunday-Thursday days: actual values (one per day) against simulated day
# means, and the spread of each.
awk -F, '
	FNR == 1 { for (i = 1; i <= NF; i++) col[FILENAME, $i] = i; next }
	$4 == "Fri" || $4 == "Sat" { next }
	FILENAME ~ /actual_days/ {
		a = $col[FILENAME, "service_level_20s"]; b = $col[FILENAME, "abandon_rate"]
		na++; sa += a; qa += a * a; ab += b; qb += b * b
	}
	FILENAME ~ /run\/days/ {
		a = $col[FILENAME, "service_level_mean"]; b = $col[FILENAME, "abandon_rate_mean"]
		ns++; ss += a; qs += a * a; sb += b; qsb += b * b
	}
	function sd(n, s, q) { return n > 1 ? sqrt((q - s * s / n) / (n - 1)) : 0 }
	END {
		printf "Sun-Thu days           record (%d days)   simulated (%d days, 40 runs)\n", na, ns
		printf "  SL20 mean, sd        %5.1f%%, %4.1f        %5.1f%%, %4.1f\n",
			100 * sa / na, 100 * sd(na, sa, qa), 100 * ss / ns, 100 * sd(ns, ss, qs)
		printf "  abandon mean, sd     %5.1f%%, %4.1f        %5.1f%%, %4.1f\n",
			100 * ab / na, 100 * sd(na, ab, qb), 100 * sb / ns, 100 * sd(ns, sb, qsb)
	}' "$OUT/february-replay/actual_days.csv" "$OUT/february-run/days.csv"

echo
echo "== 5. US bank arrival counts: over-dispersion"
"$CCSIM" fit --counts "$US/bank_calls.csv" --day-types mon,tue,wed,thu,fri,sat-sun \
	| tee "$OUT/us-bank.txt"

echo
echo "== checks"
fail=0
check() { # what value bound
	if awk -v v="$2" -v b="$3" 'BEGIN { exit !(v <= b) }'; then
		echo "ok   $1: $2 <= $3"
	else
		echo "FAIL $1: $2 > $3"
		fail=1
	fi
}
check "February calibrated, daily SL20 mean absolute error" \
	"$(mae "$OUT/february-replay" service_level_20s)" 0.06
check "January (held out), daily SL20 mean absolute error" \
	"$(mae "$OUT/january-replay" service_level_20s)" 0.10
check "January (held out), daily abandonment mean absolute error" \
	"$(mae "$OUT/january-replay" abandon_rate)" 0.05
check "January (held out), hourly SL20 mean absolute error" \
	"$(mae "$OUT/january-replay" service_level_20s hour)" 0.08
# The Poisson-gamma model must explain at least half of the US bank's excess
# variance-to-mean ratio on every weekday (fitted - 1 >= (observed - 1) / 2).
awk '$1 ~ /^(mon|tue|wed|thu|fri)$/ && NF >= 8 {
	obs = $6; fit = $8
	ok = (fit - 1 >= (obs - 1) / 2)
	printf "%s US bank %s: VMR observed %s, Poisson 1, fitted %s\n",
	       ok ? "ok  " : "FAIL", $1, obs, fit
	if (!ok) bad = 1
} END { exit bad }' "$OUT/us-bank.txt" || fail=1
[ "$fail" -eq 0 ] && echo "validate: all checks passed" || { echo "validate: FAILED"; exit 1; }
