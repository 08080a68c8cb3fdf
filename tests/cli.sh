#!/bin/sh
# cli.sh: command-line tests of ccsim on the bundled scenarios.
# Run by `make check` from the repository root with CCSIM=path/to/ccsim.
# Each check prints "ok" or "FAIL"; the script exits 1 if any failed.
CCSIM=${CCSIM:-bin/ccsim}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
ok()   { echo "ok   cli: $1"; }
fail() { echo "FAIL cli: $1"; fails=$((fails + 1)); }
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

# --- help, version, usage errors -------------------------------------------
expect 0 "--help" "$CCSIM" --help;                 stdout_has "usage: ccsim" "--help prints usage"
expect 0 "--version" "$CCSIM" --version;           stdout_has "^ccsim [0-9]" "--version prints the version"
expect 0 "run --help" "$CCSIM" run --help;         stdout_has "--replications" "run --help lists options"
expect 2 "no command" "$CCSIM"
expect 2 "unknown command" "$CCSIM" frobnicate;    one_line "unknown command: one line"
expect 2 "run without file" "$CCSIM" run;          one_line "run without file: one line"
expect 2 "unknown option" "$CCSIM" run scenarios/erlang-c.cfg --fast; stderr_has "unknown option '--fast'" "unknown option named"
expect 2 "--replications 0" "$CCSIM" run scenarios/erlang-c.cfg --replications 0; one_line "--replications 0: one line"
expect 2 "--replications abc" "$CCSIM" run scenarios/erlang-c.cfg --replications abc
expect 2 "--replications huge" "$CCSIM" run scenarios/erlang-c.cfg --replications 99999999999999999999
expect 2 "--seed -1" "$CCSIM" run scenarios/erlang-c.cfg --seed -1
expect 2 "--seed missing value" "$CCSIM" run scenarios/erlang-c.cfg --seed
expect 2 "two files" "$CCSIM" run scenarios/erlang-c.cfg scenarios/erlang-a.cfg

# --- bad scenario files: FILE:LINE, exit 2, nothing written -----------------
expect 2 "missing file" "$CCSIM" run "$tmp/nope.cfg" --out "$tmp/o1"
stderr_has "nope.cfg" "missing file named"
[ ! -e "$tmp/o1" ] && ok "missing file: nothing written" || fail "missing file: nothing written"
: >"$tmp/empty.cfg"
expect 2 "empty file" "$CCSIM" run "$tmp/empty.cfg" --out "$tmp/o2"
[ ! -e "$tmp/o2" ] && ok "empty file: nothing written" || fail "empty file: nothing written"
head -c 4096 /dev/urandom >"$tmp/garbage.cfg" 2>/dev/null || printf '\001\002\377{{{' >"$tmp/garbage.cfg"
expect 2 "binary garbage" "$CCSIM" run "$tmp/garbage.cfg" --out "$tmp/o3"
sed 's/^replications = .*/replicatons = 3;/' scenarios/retail-bank.cfg >"$tmp/typo.cfg"
expect 2 "typo in a key" "$CCSIM" run "$tmp/typo.cfg" --out "$tmp/o4"
stderr_has "typo.cfg:[0-9][0-9]*: .*replicatons" "typo reported as FILE:LINE with the key"
[ ! -e "$tmp/o4" ] && ok "typo: nothing written" || fail "typo: nothing written"

# --- bundled scenarios -------------------------------------------------------
expect 0 "retail-bank runs" "$CCSIM" run scenarios/retail-bank.cfg --out "$tmp/rb1"
cp "$tmp/stdout" "$tmp/rb1.txt"
stdout_has "abandonment at most 5% per day .* missed$" "retail-bank: the abandonment commitment is missed"
stdout_has "accessibility at least 90% per day .* met$" "retail-bank: the accessibility commitment is met"
stdout_has "SL 80/20 every half-hour .* at risk$" "retail-bank: the SL commitment is at risk"
for f in summary.json intervals.csv days.csv commitments.csv deferred_days.csv deferred_weeks.csv service_level-calls.png service_level-calls.svg load-calls.png load-calls.svg; do
	[ -s "$tmp/rb1/$f" ] && ok "retail-bank writes $f" || fail "retail-bank writes $f"
done
for f in deferred_days.csv deferred_weeks.csv; do
	[ "$(wc -l <"$tmp/rb1/$f")" -eq 1 ] && ok "retail-bank $f: header only (no written work)" || fail "retail-bank $f: header only (no written work)"
done
[ ! -e "$tmp/rb1/backlog.png" ] && ok "retail-bank: no backlog plot" || fail "retail-bank: no backlog plot"
grep -q "Deferred work" "$tmp/rb1.txt" && fail "retail-bank: no deferred view" || ok "retail-bank: no deferred view"
ls "$tmp/rb1" | grep -q tmp && fail "no temporary file left" || ok "no temporary file left"
[ "$(wc -l <"$tmp/rb1/intervals.csv")" -eq 27 ] && ok "intervals.csv: header + 26 rows" || fail "intervals.csv: header + 26 rows"

expect 0 "same seed again" "$CCSIM" run scenarios/retail-bank.cfg --out "$tmp/rb2"
for f in summary.json intervals.csv days.csv commitments.csv deferred_days.csv deferred_weeks.csv service_level-calls.png service_level-calls.svg load-calls.png load-calls.svg; do
	cmp -s "$tmp/rb1/$f" "$tmp/rb2/$f" && ok "byte-identical $f" || fail "byte-identical $f"
done
cmp -s "$tmp/stdout" "$tmp/rb1.txt" && ok "byte-identical table" || fail "byte-identical table"
expect 0 "other seed" "$CCSIM" run scenarios/retail-bank.cfg --seed 7 --out "$tmp/rb3"
cmp -s "$tmp/rb1/summary.json" "$tmp/rb3/summary.json" && fail "another seed changes the results" || ok "another seed changes the results"

expect 0 "--json" "$CCSIM" run scenarios/retail-bank.cfg --json --out "$tmp/rb4"
cmp -s "$tmp/stdout" "$tmp/rb4/summary.json" && ok "--json prints summary.json" || fail "--json prints summary.json"
if command -v python3 >/dev/null 2>&1; then
	python3 - "$tmp/stdout" <<'PY' && ok "summary.json holds the required keys" || fail "summary.json holds the required keys"
import json, sys
s = json.load(open(sys.argv[1]))
for k in ("scenario", "replications", "seed", "commitments", "kpis", "deferred", "inputs"):
    assert k in s, k
assert s["deferred"] == []
for c in s["commitments"]:
    for k in ("name", "kpi", "period", "target", "direction", "estimate", "ci95", "p_met", "verdict"):
        assert k in c, k
    assert c["verdict"] in ("met", "at_risk", "missed")
for k in ("presented", "answered", "abandoned", "service_level", "abandon_rate",
          "accessibility", "asa_s", "mean_wait_s", "p90_wait_s", "occupancy"):
    v = s["kpis"]["calls"][k]
    assert "mean" in v and len(v["ci95"]) == 2, k
i = s["inputs"]["calls"]
assert abs(i["handle_time"]["mean_s"] - 240) < 1e-9 and i["patience"]["dist"] == "exponential"
PY
fi
expect 0 "--quiet" "$CCSIM" run scenarios/retail-bank.cfg --quiet --out "$tmp/rb5"
[ ! -s "$tmp/stdout" ] && ok "--quiet prints nothing" || fail "--quiet prints nothing"

expect 0 "erlang-a runs" "$CCSIM" run scenarios/erlang-a.cfg --replications 2 --out "$tmp/ea"
stdout_has "service_level" "erlang-a: table shows the commitments"
stdout_has "^Days of calls" "erlang-a: a per-day view for a several-day horizon"
stdout_has "528 intervals of calls: see intervals.csv" "erlang-a: long interval view left to the CSV"
[ "$(wc -l <"$tmp/ea/days.csv")" -eq 23 ] && ok "erlang-a days.csv: header + 22 rows" || fail "erlang-a days.csv: header + 22 rows"
expect 0 "erlang-c runs" "$CCSIM" run scenarios/erlang-c.cfg --replications 2 --out "$tmp/ec"
[ -s "$tmp/ec/summary.json" ] && ok "erlang-c writes summary.json" || fail "erlang-c writes summary.json"

# --- written work: multichannel-week ----------------------------------------
expect 0 "multichannel-week runs" "$CCSIM" run scenarios/multichannel-week.cfg --replications 2 --out "$tmp/mc1"
cp "$tmp/stdout" "$tmp/mc1.txt"
stdout_has "^Deferred work over the horizon" "multichannel-week: a deferred view"
stdout_has "^End-of-day backlog" "multichannel-week: backlog per day"
stdout_has "^Share within deadline per week" "multichannel-week: share in time per week"
stdout_has "within_deadline complaint/acknowledge" "multichannel-week: a commitment on a step names its type/step"
grep -q "^Intervals of email\|^Days of email" "$tmp/mc1.txt" && fail "multichannel-week: no voice view of e-mail" || ok "multichannel-week: no voice view of e-mail"
for f in deferred_days.csv deferred_weeks.csv backlog.png backlog.svg; do
	[ -s "$tmp/mc1/$f" ] && ok "multichannel-week writes $f" || fail "multichannel-week writes $f"
done
[ ! -e "$tmp/mc1/service_level-email.png" ] && ok "multichannel-week: no SL plot of e-mail" || fail "multichannel-week: no SL plot of e-mail"
expect 0 "multichannel-week same seed again" "$CCSIM" run scenarios/multichannel-week.cfg --replications 2 --out "$tmp/mc2"
for f in summary.json commitments.csv deferred_days.csv deferred_weeks.csv backlog.png backlog.svg; do
	cmp -s "$tmp/mc1/$f" "$tmp/mc2/$f" && ok "multichannel-week byte-identical $f" || fail "multichannel-week byte-identical $f"
done
cmp -s "$tmp/stdout" "$tmp/mc1.txt" && ok "multichannel-week byte-identical table" || fail "multichannel-week byte-identical table"
if command -v python3 >/dev/null 2>&1; then
	python3 - "$tmp/mc1" <<'PY' && ok "multichannel-week: deferred JSON and CSV agree" || fail "multichannel-week: deferred JSON and CSV agree"
import csv, json, os, sys
d = sys.argv[1]
s = json.load(open(os.path.join(d, "summary.json")))
cells = s["deferred"]
assert len(cells) > 0
for c in cells:
    for k in ("type", "step", "channel", "deadline", "clock", "horizon", "days", "weeks"):
        assert k in c, k
    assert c["channel"] in ("email", "web", "letter")
    assert len(c["days"]) == 14 and len(c["weeks"]) == 2
    assert "mean" in c["horizon"]["within_deadline"]
assert all(t not in s["kpis"] for t in {c["type"] for c in cells})
for com in s["commitments"]:
    if "step" in com:
        assert com["unit"] in ("fraction", "s", "business_s", "bd", "count")
days = list(csv.DictReader(open(os.path.join(d, "deferred_days.csv"))))
weeks = list(csv.DictReader(open(os.path.join(d, "deferred_weeks.csv"))))
assert len(days) == 14 * len(cells) and len(weeks) == 2 * len(cells)
assert weeks[0]["week_start"] == "2026-05-11" and weeks[1]["week_start"] == "2026-05-18"
rows = list(csv.DictReader(open(os.path.join(d, "intervals.csv"))))
assert {r["contact_type"] for r in rows} == {"calls"}
PY
fi

expect 1 "unwritable output folder" "$CCSIM" run scenarios/retail-bank.cfg --out /proc/ccsim-cannot-write
[ "$fails" -eq 0 ] && echo "cli.sh: all passed" || { echo "cli.sh: $fails failed"; exit 1; }
