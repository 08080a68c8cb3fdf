# service_level.gp: service level per interval of one contact type, with the
# 95% confidence band of its mean over the replications and the target line.
#
# Draws, from the rows of intervals.csv whose contact_type is `ctype`:
#   - the mean service level of each interval (a point at the middle of the
#     interval, the points of one day joined by a line),
#   - its 95% confidence interval as a shaded band (service_level_lo/_hi;
#     missing where fewer than two replications defined it),
#   - the warm-up intervals (column warmup = 1) as a grey background,
#   - a dashed horizontal line at the target, when `target` is a number.
# x axis: one day, the clock time (column start); several days, the
# intervals side by side, day after day, the nights (outside the daily
# window) left out
# (one band per day, labelled with its date).  y axis: percent.
#
# Needs gnuplot 5.4 or later (set datafile columnheaders, column("name")).
#
# Variables (set them with gnuplot -e "name=value; ..." before this file):
#   datafile    path of the intervals.csv written by `ccsim run`  (required)
#   outfile     output file                                       (required)
#   ctype       contact type to draw, as in column contact_type   (required)
#   term        'png' (pngcairo) or 'svg'                  (default 'png')
#   target      SL target as a fraction (0.8), or NaN: no line (default NaN)
#   threshold   SL threshold T in seconds, for the title   (default: none)
#   interval_s  interval length in seconds    (default: found in the data)
# Example:
#   gnuplot -e "datafile='out/intervals.csv'; outfile='sl.png'; \
#               ctype='calls'; target=0.8; threshold=20" plots/service_level.gp

if (!exists("datafile") || !exists("outfile") || !exists("ctype")) {
    print "service_level.gp: set datafile, outfile and ctype with -e"
    exit status 2
}
if (!exists("term")) term = 'png'
if (!exists("target")) target = NaN
if (!exists("threshold")) threshold = NaN

set datafile separator ","
set datafile columnheaders
timefmt = "%Y-%m-%d %H:%M"

# ---- the rows of ctype: days, intervals per day, first start, step
mine(d) = strcol("contact_type") eq ctype && (d < 0 || column("day") == d)
stats datafile using (mine(-1) ? column("day") : NaN) name "DAY" nooutput
if (!exists("DAY_records")) {
    print sprintf("%s.gp: no row of contact type %s in %s", "service_level", ctype, datafile)
    exit status 1
}
ndays = int(DAY_max) + 1
per_day = int(DAY_records / ndays)
# Up to two weeks, each day is its own curve (nights break the line); a
# longer horizon is drawn in one pass, as each pass re-reads the file.
nsplit = ndays <= 14 ? ndays : 1
sel(d) = ndays <= 14 ? d : -1
label_every = ndays <= 14 ? 1 : int(ceil(ndays / 14.0))
stats datafile using (mine(-1) ? strptime(timefmt, strcol("start")) : NaN) \
    name "T" nooutput
if (!exists("interval_s")) {
    interval_s = 1e30; prev = NaN
    stats datafile using (mine(-1) ? (s = column("start_s"), \
          (s > prev && s - prev < interval_s ? (interval_s = s - prev) : 0), \
          prev = s) : NaN) name "STEP" nooutput
    if (interval_s > 86400) { interval_s = 3600 }
}

# ---- x position of the middle of a row's interval (NaN: not drawn)
# One day: seconds (a time axis).  Several days: interval index + 1/2.
# (Divisions are by reals: gnuplot divides integers as integers.)
xmid(d) = !mine(d) ? NaN : ndays > 1 ? column("interval") + 0.5 : \
          strptime(timefmt, strcol("start")) + interval_s / 2.0
xwidth = ndays > 1 ? 1.0 : interval_s

# ---- the warm-up, if any: a grey rectangle behind the data
stats datafile using (mine(-1) ? column("warmup") : NaN) name "WU" nooutput
has_warmup = (WU_sum > 0)
if (has_warmup) {
    stats datafile using (mine(-1) && column("warmup") == 1 ? xmid(-1) : NaN) \
        name "W" nooutput
    set object 1 rect from first W_min - xwidth / 2.0, graph 0 \
        to first W_max + xwidth / 2.0, graph 1 \
        fc rgb "#808080" fs solid 0.12 noborder behind
}

# ---- output
if (term eq 'svg') {
    set terminal svg size 1000,500 dynamic noenhanced \
        font "Helvetica,12" background rgb "white"
} else {
    set terminal pngcairo size 1000,500 noenhanced \
        font "Sans,10" background rgb "white"
}
set output outfile

# ---- axes and decoration
set border 3 lw 1
set tics nomirror out
set style line 100 lc rgb "#dcdcdc" lw 1 dt solid
set grid ytics ls 100
set key at screen 0.5, screen 0.015 center bottom horizontal \
    Left reverse noautotitle samplen 3 width 2
set bmargin 6
if (ndays > 1) {
    set xrange [0:ndays * per_day]
    set xtics scale 0 ()
    do for [d=0:ndays-1:label_every] {
        set xtics add (strftime("%a %d %b", T_min + d * 86400) (d + 0.5) * per_day)
        if (d > 0) {
            set arrow from d * per_day, graph 0 to d * per_day, graph 1 \
                nohead lc rgb "#a0a0a0" lw 1 back
        }
    }
    set xlabel sprintf("day (%s to %s each day, %g-minute intervals)", \
        strftime("%H:%M", T_min), \
        strftime("%H:%M", T_min + per_day * interval_s), interval_s / 60.0)
} else {
    set xrange [T_min:T_max + interval_s]
    set xtics T_min, (T_max - T_min < 13 * 3600 ? 3600 : 7200) time
    set format x "%H:%M" timedate
    set grid xtics ytics ls 100
    set xlabel sprintf("%s, interval start (%g-minute intervals)", \
        strftime("%a %d %b %Y", T_min), interval_s / 60.0)
}
set yrange [0:105]
set ytics 0, 10, 100 format "%g%%"
set ylabel "service level (%)"
has_target = (target == target)    # false for NaN
title_T = (threshold == threshold) ? sprintf(" within %gs", threshold) : ""
set title sprintf("Service level%s per interval: %s", title_T, ctype) font ",14"

blue = "#1f77b4"
pct(name) = 100 * column(name)
plot \
    NaN with boxes fs solid 0.12 noborder lc rgb "#808080" \
        title (has_warmup ? "warm-up" : ""), \
    for [d=0:nsplit-1] datafile \
        using (xmid(sel(d))):(pct("service_level_lo")):(pct("service_level_hi")) \
        with filledcurves fs transparent solid 0.22 noborder lc rgb blue \
        title (d == 0 ? "95% confidence interval" : ""), \
    for [d=0:nsplit-1] datafile using (xmid(sel(d))):(pct("service_level_mean")) \
        with linespoints lw 2 pt 7 ps 0.6 lc rgb blue \
        title (d == 0 ? "service level (mean over replications)" : ""), \
    (has_target ? 100 * target : NaN) with lines dt 2 lw 2 lc rgb "#d62728" \
        title (has_target ? sprintf("target %g%%", 100 * target) : "")

unset output
