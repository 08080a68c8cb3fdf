# backlog.gp: the deferred (written) work of a run, in two panels.
#
# Top: the end-of-day backlog (tasks of a step waiting at midnight, mean
# over the replications) of each day, from deferred_days.csv (column
# backlog_mean), one line with points per (contact type, step).
# Bottom: the share of the tasks completed within their deadline, per week
# (Monday to Sunday; a week is placed at its first day in the horizon), from
# deferred_weeks.csv (column within_deadline_mean), one line with points per
# (type, step), and the target of a within_deadline commitment on that step,
# where there is one, as a dashed line of the same colour (one key entry
# says so for all of them).
# Empty fields (no figure: a day in the warm-up, a week where nothing was
# due) are left out.  x axis: dates; y axes: tasks, percent.
#
# Needs gnuplot 5.4 or later (arrays, set datafile columnheaders,
# column("name")).
#
# Variables (set them with gnuplot -e "name=value; ..." before this file):
#   datafile    path of the deferred_days.csv written by `ccsim run` (required)
#   weekfile    path of the deferred_weeks.csv                  (required)
#   outfile     output file                                     (required)
#   nseries     number of (type, step) series                   (required)
#   stype, sstep    arrays of nseries strings: each series' type and step,
#                   as in the columns type and step              (required)
#   sdeadline   array of nseries strings: the step's deadline, for the key
#                                                   (default: not shown)
#   starget     array of nseries numbers: the within-deadline target as a
#               fraction, or NaN: no line                  (default: none)
#   term        'png' (pngcairo) or 'svg'                  (default 'png')
# Example:
#   gnuplot -e "datafile='out/deferred_days.csv'; \
#               weekfile='out/deferred_weeks.csv'; outfile='backlog.png'; \
#               nseries=1; array stype[1] = ['email']; \
#               array sstep[1] = ['reply']; array starget[1] = [0.9]" \
#           plots/backlog.gp

if (!exists("datafile") || !exists("weekfile") || !exists("outfile") || \
    !exists("nseries") || !exists("stype") || !exists("sstep")) {
    print "backlog.gp: set datafile, weekfile, outfile, nseries, stype and sstep with -e"
    exit status 2
}
if (!exists("term")) term = 'png'
has_deadline = exists("sdeadline")
has_targets = exists("starget")

set datafile separator ","
set datafile columnheaders
datefmt = "%Y-%m-%d"
day_s = 86400.0

# ---- the dates of the data: days, weeks
mine(i) = strcol("type") eq stype[i] && strcol("step") eq sstep[i]
stats datafile using (strptime(datefmt, strcol("date"))) name "T" nooutput
if (!exists("T_records") || T_records == 0) {
    print sprintf("backlog.gp: no row in %s", datafile)
    exit status 1
}
stats weekfile using (strptime(datefmt, strcol("week_start"))) name "W" nooutput
ndays = int((T_max - T_min) / day_s + 0.5) + 1
nweeks = int(W_records / nseries)

# ---- output: two panels, one above the other
if (term eq 'svg') {
    set terminal svg size 1000,800 dynamic noenhanced \
        font "Helvetica,12" background rgb "white"
} else {
    set terminal pngcairo size 1000,800 noenhanced \
        font "Sans,10" background rgb "white"
}
set output outfile
set multiplot layout 2,1 title "Deferred work" font ",14"

set border 3 lw 1
set tics nomirror out
set style line 100 lc rgb "#dcdcdc" lw 1 dt solid
set grid xtics ytics ls 100
set key at screen 0.72, graph 1 left top vertical Left reverse noautotitle samplen 3
# Both panels share their margins (the key sits in the right one), so that
# their plotting areas line up.
set lmargin at screen 0.07
set rmargin at screen 0.70
label(i) = has_deadline ? sprintf("%s/%s (%s)", stype[i], sstep[i], sdeadline[i]) \
                        : sprintf("%s/%s", stype[i], sstep[i])

# ---- top: end-of-day backlog per day
set title "End-of-day backlog (tasks waiting at midnight, mean over replications)"
set xrange [T_min - day_s / 2 : T_max + day_s / 2]
if (ndays <= 14) {
    set xtics T_min, day_s time
    set format x "%a\n%d" timedate
} else {
    set xtics T_min, day_s * 7 * ceil(ndays / 98.0) time
    set format x "%a\n%d %b" timedate
}
set xlabel sprintf("day (%s to %s)", strftime("%a %d %b %Y", T_min), \
    strftime("%a %d %b %Y", T_max))
# A fixed range when no day has a backlog figure (gnuplot cannot autoscale
# on nothing) or when every backlog is 0.
stats datafile using (b = column("backlog_mean"), b == b ? b : 0) name "B" nooutput
if (B_max > 0) { set yrange [0:*] } else { set yrange [0:1] }
set ytics autofreq format "%g"
set ylabel "tasks"
plot for [i=1:nseries] datafile \
    using (mine(i) ? strptime(datefmt, strcol("date")) : NaN):(column("backlog_mean")) \
    with linespoints lw 2 pt 7 ps 0.6 lc i title label(i)

# ---- bottom: share within deadline per week, against the targets
set title "Share within deadline per week (Monday to Sunday)"
set xrange [W_min - 2 * day_s : W_max + 5 * day_s]
wd0 = (int(tm_wday(W_min)) + 6) % 7          # 0 = Monday
monday = W_min + (wd0 == 0 ? 0 : (7 - wd0) * day_s)
set xtics monday, day_s * 7 * (nweeks <= 14 ? 1 : ceil(nweeks / 14.0)) time
set format x "%a\n%d %b" timedate
if (wd0 != 0) { set xtics add (strftime("%a\n%d %b", W_min) W_min) }
set xlabel "week, placed at its first day"
set yrange [0:105]
set ytics 0, 10, 100 format "%g%%"
set ylabel "within deadline (%)"
target(i) = has_targets ? starget[i] : NaN
any_target = 0
do for [i=1:nseries] { if (target(i) == target(i)) { any_target = 1 } }
plot for [i=1:nseries] weekfile \
        using (mine(i) ? strptime(datefmt, strcol("week_start")) : NaN):(100 * column("within_deadline_mean")) \
        with linespoints lw 2 pt 7 ps 0.6 lc i title label(i), \
    for [i=1:nseries] (target(i) == target(i) ? 100 * target(i) : NaN) \
        with lines dt 2 lw 2 lc i notitle, \
    NaN with lines dt 2 lw 2 lc rgb "#606060" \
        title (any_target ? "target (dashed)" : "")

unset multiplot
unset output
