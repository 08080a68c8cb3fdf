# fit_handle.gp: the handle-time histogram that `ccsim fit` measured, against
# the densities it fitted.
#
# Draws, from the fit_handle.csv that `ccsim fit --plots DIR` writes (one row
# per bin, from 0 to the 99th percentile of the handle times):
#   - the observed density of each bin (its share of the calls divided by its
#     width), as bars,
#   - the maximum-likelihood density of each family that could be fitted
#     (columns exponential, lognormal, gamma, weibull: the pdf at the bin
#     centre), as lines; the family the scenario uses (smallest AIC) thick.
# The last 1% of the calls, beyond the last bin, is left out of the picture
# (its share is in the subtitle); the densities are those of the whole sample.
# The caller draws nothing else: C writes the data, gnuplot draws it.
#
# Needs gnuplot 5.4 or later (set datafile columnheaders, column("name")).
#
# Variables (set them with gnuplot -e "name=value; ..." before this file):
#   datafile    path of fit_handle.csv                            (required)
#   outfile     output file                                       (required)
#   families    the fitted families to draw, separated by spaces  (required)
#   chosen      the family of smallest AIC               (default none)
#   term        'png' (pngcairo) or 'svg'                  (default 'png')
#   name        the scenario's name, for the title          (default none)
#   n           the calls in the sample                     (default none)
#   tail        the share of them beyond the last bin       (default none)
# Example:
#   gnuplot -e "datafile='out/fit/fit_handle.csv'; outfile='h.png'; \
#               families='exponential lognormal gamma weibull'; \
#               chosen='lognormal'" plots/fit_handle.gp

if (!exists("datafile") || !exists("outfile") || !exists("families")) {
    print "fit_handle.gp: set datafile, outfile and families with -e"
    exit status 2
}
if (!exists("term")) term = 'png'
if (!exists("name")) name = ''
if (!exists("chosen")) chosen = ''
if (!exists("n")) n = NaN
if (!exists("tail")) tail = NaN

set datafile separator ","
set datafile columnheaders

if (term eq 'svg') {
    set terminal svg size 1000,500 dynamic noenhanced \
        font "Helvetica,12" background rgb "white"
} else {
    set terminal pngcairo size 1000,500 noenhanced \
        font "Sans,10" background rgb "white"
}
set output outfile

set border 3 lw 1
set tics nomirror out
set style line 100 lc rgb "#dcdcdc" lw 1 dt solid
set grid ytics ls 100
set xlabel "handle time (s)"
set ylabel "density (1/s)"
set xrange [0:*]
set yrange [0:*]
set key top right noautotitle samplen 3
title1 = "Handle time: observed and fitted" . (name ne '' ? ": " . name : "")
sub = (n == n ? sprintf("%d calls", n) : "") . \
    (tail == tail ? sprintf("; %.1f%% beyond the last bin, not shown", 100 * tail) : "")
set title (sub ne '' ? title1 . "\n" . sub : title1) font ",14"
set style fill solid 0.45 noborder

colour(f) = f eq "exponential" ? "#756bb1" : f eq "lognormal" ? "#e6550d" : \
    f eq "gamma" ? "#31a354" : "#d62728"
# a custom dash pattern would be "dt (...)": the choice goes through a function
dash(f) = f eq chosen ? 1 : 2
plot \
    datafile using (column("centre")):(column("observed")):(column("bin_hi") - column("bin_lo")) \
        with boxes lc rgb "#6baed6" title "observed", \
    for [f in families] datafile using (column("centre")):(column(f)) \
        with lines lw (f eq chosen ? 3 : 1.5) dt dash(f) \
        lc rgb colour(f) title (f eq chosen ? f . " (chosen: smallest AIC)" : f)
unset output
