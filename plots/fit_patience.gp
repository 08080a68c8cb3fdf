# fit_patience.gp: caller patience as `ccsim fit` estimated it: the
# Kaplan-Meier survival curve against the fitted survival functions.
#
# Draws, from the fit_patience.csv that `ccsim fit --plots DIR` writes:
#   - rows of kind "km": the Kaplan-Meier estimate of P(patience > t), a step
#     at each abandonment time (answered calls censored at their wait), with
#     its 95% band from Greenwood's variance (km_lo, km_hi) as thin steps,
#   - rows of kind "fit": the survival functions of the censored
#     maximum-likelihood fits (columns exponential, weibull) on a grid up to
#     the last abandonment, as lines; the one the scenario uses thick.
# The caller draws nothing else: C writes the data, gnuplot draws it.
#
# Needs gnuplot 5.4 or later (set datafile columnheaders, column("name")).
#
# Variables (set them with gnuplot -e "name=value; ..." before this file):
#   datafile    path of fit_patience.csv                          (required)
#   outfile     output file                                       (required)
#   families    the fitted families to draw, separated by spaces  (required)
#   chosen      the family of smallest AIC               (default none)
#   term        'png' (pngcairo) or 'svg'                  (default 'png')
#   name        the scenario's name, for the title          (default none)
#   events, n   abandoned calls, and all calls in the fit   (default none)
# Example:
#   gnuplot -e "datafile='out/fit/fit_patience.csv'; outfile='p.png'; \
#               families='exponential weibull'; chosen='weibull'" \
#           plots/fit_patience.gp

if (!exists("datafile") || !exists("outfile") || !exists("families")) {
    print "fit_patience.gp: set datafile, outfile and families with -e"
    exit status 2
}
if (!exists("term")) term = 'png'
if (!exists("name")) name = ''
if (!exists("chosen")) chosen = ''
if (!exists("events")) events = NaN
if (!exists("n")) n = NaN

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
set grid xtics ytics ls 100
set xlabel "time waited (s)"
set ylabel "P(patience > t)"
set xrange [0:*]
set yrange [0:1.02]
set key top right noautotitle samplen 3
title1 = "Patience: Kaplan-Meier and fitted survival" . \
    (name ne '' ? ": " . name : "")
sub = (events == events && n == n) ? \
    sprintf("%d abandoned calls, %d answered (censored at their wait)", \
            events, n - events) : ""
set title (sub ne '' ? title1 . "\n" . sub : title1) font ",14"

km(c) = strcol("kind") eq "km" ? column(c) : NaN
fit(c) = strcol("kind") eq "fit" ? column(c) : NaN
colour(f) = f eq "exponential" ? "#756bb1" : "#d62728"
# a custom dash pattern would be "dt (...)": the choice goes through a function
dash(f) = f eq chosen ? 1 : 2
plot \
    datafile using (km("time")):(km("km_lo")) with steps lw 1 dt 3 \
        lc rgb "#3182bd" title "Kaplan-Meier 95% band", \
    datafile using (km("time")):(km("km_hi")) with steps lw 1 dt 3 \
        lc rgb "#3182bd", \
    datafile using (km("time")):(km("km")) with steps lw 2 \
        lc rgb "#08519c" title "Kaplan-Meier", \
    for [f in families] datafile using (fit("time")):(fit(f)) \
        with lines lw (f eq chosen ? 3 : 1.5) dt dash(f) \
        lc rgb colour(f) title (f eq chosen ? f . " (chosen: smallest AIC)" : f)
unset output
