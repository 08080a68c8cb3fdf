# sizing.gp: the staffing `ccsim erlang --forecast` computed, per interval.
#
# Draws, from the sizing.csv that `ccsim erlang --forecast FILE` writes (one
# row per interval of the forecast, in file order):
#   - the calls forecast in each interval, as bars (left axis, calls),
#   - the agents required by the Erlang model to meet the targets, and the
#     agents to schedule once shrinkage is allowed for, as staircases on the
#     right axis (required_agents, scheduled_agents): each interval's level
#     spans the whole width of its bar.
# The caller draws nothing else: C writes the data, gnuplot draws it.
# x axis: the intervals in file order, labelled with their start column as
# written (any text); with many intervals only every k-th is labelled.
# gnuplot 5.4 cuts a quoted label at its first comma ("Mon 2 Mar, 07:00"
# shows as "Mon 2 Mar"); the numbers of such rows are read correctly.
#
# Needs gnuplot 5.4 or later (set datafile columnheaders, column("name")).
#
# Variables (set them with gnuplot -e "name=value; ..." before this file):
#   datafile    path of sizing.csv                                (required)
#   outfile     output file                                       (required)
#   term        'png' (pngcairo) or 'svg'                  (default 'png')
#   name        the forecast's name, for the title          (default none)
#   subtitle    a second title line (the targets)           (default none)
#   interval_s  interval length in seconds, for the axis label (default none)
# Example:
#   gnuplot -e "datafile='out/day-sizing/sizing.csv'; outfile='sizing.png'; \
#               name='day'; interval_s=1800" plots/sizing.gp

if (!exists("datafile") || !exists("outfile")) {
    print "sizing.gp: set datafile and outfile with -e"
    exit status 2
}
if (!exists("term")) term = 'png'
if (!exists("name")) name = ''
if (!exists("subtitle")) subtitle = ''
if (!exists("interval_s")) interval_s = NaN

set datafile separator ","
set datafile columnheaders

# ---- number of intervals, every how many one gets a label (at most 16
# labels; the step is one of 1 2 3 4 6 8 12 16 24 48 96 ..., so that with
# half-hours or quarter-hours the labels fall on round hours)
stats datafile using (column("calls")) name "C" nooutput
if (!exists("C_records") || C_records < 1) {
    print sprintf("sizing.gp: no rows in %s", datafile)
    exit status 1
}
n = int(C_records)
every_k = 1
do for [k in "1 2 3 4 6 8 12 16 24 48 96 192 384 768 1536"] {
    if (every_k * 16 < n) { every_k = int(k) }
}
while (every_k * 16 < n) { every_k = every_k * 2 }
stats datafile using (column("scheduled_agents")) name "S" nooutput

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
set key below center horizontal Left reverse noautotitle \
    samplen 3 width 1 height 1.5
set xrange [-0.5:n - 0.5]
set xtics scale 0 rotate by -45 left
set xlabel "interval start"
set yrange [0:1<*]
set y2range [0:1<*]
set ylabel (interval_s == interval_s ? \
    sprintf("calls per %g-minute interval", interval_s / 60.0) : \
    "calls per interval")
set y2label "agents"
set y2tics nomirror out
if (S_max < 8) { set y2tics 1 }     # whole agents on a small axis
title1 = "Staffing per interval" . (name ne '' ? ": " . name : "")
set title (subtitle ne '' ? title1 . "\n" . subtitle : title1) font ",14"
set style fill solid 0.55 noborder

label(i) = (int(i) % every_k == 0) ? strcol("start") : ""
green = "#31a354"
orange = "#e6550d"
# A staircase: `steps` from the left edge of each interval draws the risers
# between intervals, `vectors` each interval's own level (the last one too).
plot \
    datafile using 0:(column("calls")):(0.8):xticlabels(label($0)) \
        with boxes lc rgb "#6baed6" title "calls forecast", \
    datafile using ($0 - 0.5):(column("scheduled_agents")) axes x1y2 \
        with steps lw 2.5 lc rgb orange \
        title "agents scheduled", \
    datafile using ($0 - 0.5):(column("scheduled_agents")):(1):(0) \
        axes x1y2 with vectors nohead lw 2.5 lc rgb orange, \
    datafile using ($0 - 0.5):(column("required_agents")) axes x1y2 \
        with steps lw 2.5 lc rgb green title "agents required", \
    datafile using ($0 - 0.5):(column("required_agents")):(1):(0) \
        axes x1y2 with vectors nohead lw 2.5 lc rgb green

unset output
