# load.gp: traffic and staffing per interval of one contact type.
#
# Draws, from the rows of intervals.csv whose contact_type is `ctype`:
#   - the mean number of calls presented in each interval, as bars (left
#     axis, presented_mean),
#   - the agents scheduled over the groups that serve the type, as a
#     staircase (right axis, agents_scheduled; `steps` joins the intervals
#     of a day, `vectors` draws each interval's own level, the last one too),
#   - the mean number of those agents actually logged in, as a dashed line
#     (right axis, agents_logged_mean): it departs from the schedule where
#     busy agents finish their call before logging off,
#   - the warm-up intervals (column warmup = 1) as a grey background.
# x axis: one day, the clock time (column start); several days, the
# intervals side by side, day after day, the nights (outside the daily
# window) left out
# (one band per day, labelled with its date).
#
# Needs gnuplot 5.4 or later (set datafile columnheaders, column("name")).
#
# Variables (set them with gnuplot -e "name=value; ..." before this file):
#   datafile    path of the intervals.csv written by `ccsim run`  (required)
#   outfile     output file                                       (required)
#   ctype       contact type to draw, as in column contact_type   (required)
#   term        'png' (pngcairo) or 'svg'                  (default 'png')
#   interval_s  interval length in seconds    (default: found in the data)
#   target, threshold: accepted and ignored (the driver passes the same
#               variables to every template)
# Example:
#   gnuplot -e "datafile='out/intervals.csv'; outfile='load.png'; \
#               ctype='calls'" plots/load.gp

if (!exists("datafile") || !exists("outfile") || !exists("ctype")) {
    print "load.gp: set datafile, outfile and ctype with -e"
    exit status 2
}
if (!exists("term")) term = 'png'

set datafile separator ","
set datafile columnheaders
timefmt = "%Y-%m-%d %H:%M"

# ---- the rows of ctype: days, intervals per day, first start, step
mine(d) = strcol("contact_type") eq ctype && (d < 0 || column("day") == d)
stats datafile using (mine(-1) ? column("day") : NaN) name "DAY" nooutput
if (!exists("DAY_records")) {
    print sprintf("%s.gp: no row of contact type %s in %s", "load", ctype, datafile)
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
set border 11 lw 1
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
# [0:1<*]: autoscaled, but at least 0..1; with the invisible line y = 0
# that the plot starts with, a type without calls still gets its axes
# instead of an error ("all points y value undefined").
set yrange [0:1<*]
set y2range [0:1<*]
set ylabel sprintf("calls presented per %g minutes (mean)", interval_s / 60.0)
set y2label "agents"
set y2tics nomirror out
set title sprintf("Calls presented and agents per interval: %s", ctype) \
    font ",14"
set style fill solid 0.55 noborder

orange = "#e6550d"
plot \
    0 with lines lc rgb "#ff000000" notitle, \
    NaN with boxes fs solid 0.12 noborder lc rgb "#808080" \
        title (has_warmup ? "warm-up" : ""), \
    datafile using (xmid(-1)):(column("presented_mean")):(0.85 * xwidth) \
        with boxes lc rgb "#6baed6" title "calls presented (mean)", \
    for [d=0:nsplit-1] datafile \
        using (xmid(sel(d)) - xwidth / 2.0):(column("agents_scheduled")) \
        axes x1y2 with steps lw 2.5 lc rgb orange \
        title (d == 0 ? "agents scheduled" : ""), \
    datafile using (xmid(-1) - xwidth / 2.0):(column("agents_scheduled")):(xwidth):(0) \
        axes x1y2 with vectors nohead lw 2.5 lc rgb orange, \
    for [d=0:nsplit-1] datafile using (xmid(sel(d))):(column("agents_logged_mean")) \
        axes x1y2 with lines lw 1.5 dt 2 lc rgb "#636363" \
        title (d == 0 ? "agents logged in (mean)" : "")

unset output
