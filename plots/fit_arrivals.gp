# fit_arrivals.gp: arrivals per interval of each day type, as `ccsim fit`
# measured and fitted them.
#
# Draws, from the fit_arrivals.csv that `ccsim fit --plots DIR` writes (one
# row per day type and interval of the day window), one panel per day type:
#   - the mean count of each interval over the dates of the day type (the
#     fitted profile lambda_k, which is the scenario's forecast), as a line
#     with points,
#   - the observed spread: mean +/- 1 sd of the counts across the dates, as
#     a shaded band (absent for a day type of one date),
#   - what the fitted Poisson-gamma model gives for that spread,
#     lambda +/- sqrt(lambda + c^2 lambda^2), as dashed lines,
#   - what a plain Poisson process gives, lambda +/- sqrt(lambda), as dotted
#     lines: where the band reaches beyond them, the counts are
#     over-dispersed.
# x axis: the time of day (hours), each interval at its middle.
# The caller draws nothing else: C writes the data, gnuplot draws it.
#
# Needs gnuplot 5.4 or later (set datafile columnheaders, column("name")).
#
# Variables (set them with gnuplot -e "name=value; ..." before this file):
#   datafile    path of fit_arrivals.csv                          (required)
#   outfile     output file                                       (required)
#   types       the day types to draw, separated by spaces        (required)
#   term        'png' (pngcairo) or 'svg'                  (default 'png')
#   name        the scenario's name, for the title          (default none)
#   interval_s  interval length in seconds                (default 1800)
# Example:
#   gnuplot -e "datafile='out/fit/fit_arrivals.csv'; outfile='a.png'; \
#               types='sun-thu fri sat'; interval_s=1800" plots/fit_arrivals.gp

if (!exists("datafile") || !exists("outfile") || !exists("types")) {
    print "fit_arrivals.gp: set datafile, outfile and types with -e"
    exit status 2
}
if (!exists("term")) term = 'png'
if (!exists("name")) name = ''
if (!exists("interval_s")) interval_s = 1800

set datafile separator ","
set datafile columnheaders

n = words(types)
if (n < 1) {
    print "fit_arrivals.gp: no day type to draw"
    exit status 1
}
ncols = n > 1 ? 2 : 1
nrows = int(ceil(n / real(ncols)))
height = 80 + 380 * nrows

if (term eq 'svg') {
    set terminal svg size 1000,height dynamic noenhanced \
        font "Helvetica,12" background rgb "white"
} else {
    set terminal pngcairo size 1000,height noenhanced \
        font "Sans,10" background rgb "white"
}
set output outfile

half_h = interval_s / 7200.0
mid(c) = column("start_h") + half_h
blue = "#3182bd"
orange = "#e6550d"
grey = "#636363"

set border 3 lw 1
set tics nomirror out
set style line 100 lc rgb "#dcdcdc" lw 1 dt solid
set grid ytics ls 100
set xlabel "time of day (h)"
set ylabel sprintf("calls per %g-minute interval", interval_s / 60.0)
set yrange [0:*]
set key below horizontal Left reverse noautotitle samplen 2 maxrows 2 height 1.5
set xrange [0:24]
set xtics 0,3,24
set style fill transparent solid 0.25 noborder

title0 = "Arrivals per interval, observed and fitted" . \
    (name ne '' ? ": " . name : "")
set multiplot layout nrows,ncols title title0 font ",14"
do for [i = 1:n] {
    ty = word(types, i)
    stats datafile using (strcol("day_type") eq ty ? column("days") : NaN) \
        name "D" nooutput
    stats datafile using (strcol("day_type") eq ty ? column("sd") : NaN) \
        name "S" nooutput
    stats datafile using (strcol("day_type") eq ty ? column("c") : NaN) \
        name "C" nooutput
    ndays = exists("D_max") ? int(D_max) : 0
    has_sd = exists("S_records") && S_records > 0
    has_c = exists("C_records") && C_records > 0
    set title sprintf("%s: %d date%s%s", ty, ndays, ndays == 1 ? "" : "s", \
        has_c ? sprintf(", c = %.3f", C_max) : "")
    x(dummy) = strcol("day_type") eq ty ? mid(0) : NaN
    if (has_sd) {
        plot \
            datafile using (x(0)):(column("mean") - column("sd")):(column("mean") + column("sd")) \
                with filledcurves lc rgb blue title "observed mean +/- 1 sd", \
            datafile using (x(0)):(column("mean")) \
                with linespoints lw 2 pt 7 ps 0.5 lc rgb blue title "mean (the forecast)", \
            datafile using (x(0)):(column("mean") + column("sd_fit")) \
                with lines lw 1.5 dt 2 lc rgb orange \
                title (has_c ? "Poisson-gamma +/- 1 sd" : ""), \
            datafile using (x(0)):(column("mean") - column("sd_fit")) \
                with lines lw 1.5 dt 2 lc rgb orange, \
            datafile using (x(0)):(column("mean") + column("sd_poisson")) \
                with lines lw 1 dt 3 lc rgb grey title "Poisson +/- 1 sd", \
            datafile using (x(0)):(column("mean") - column("sd_poisson")) \
                with lines lw 1 dt 3 lc rgb grey
    } else {
        plot \
            datafile using (x(0)):(column("mean")) \
                with linespoints lw 2 pt 7 ps 0.5 lc rgb blue title "counts of the one date", \
            datafile using (x(0)):(column("mean") + column("sd_poisson")) \
                with lines lw 1 dt 3 lc rgb grey title "Poisson +/- 1 sd", \
            datafile using (x(0)):(column("mean") - column("sd_poisson")) \
                with lines lw 1 dt 3 lc rgb grey
    }
}
unset multiplot
unset output
