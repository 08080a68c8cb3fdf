/*
 * report.c: what a run tells its user (see report.h).
 *
 * Three views of one experiment, all read from its tallies and commitment
 * outcomes, none computing anything new but the 95% confidence intervals
 * of the KPI means (tally_ci, Student's t over the replications):
 *
 *   table            for a person: commitments with their verdicts, then a
 *                    per-day and per-interval view of each voice contact
 *                    type, then the deferred work: per (type, step) over
 *                    the horizon, backlog per day, share in time per week
 *   summary.json     for programs: keys in a fixed order (jansson with
 *                    JSON_PRESERVE_ORDER), ratios as fractions, times in
 *                    seconds (business days on a "bd" deadline), NaN as
 *                    null (jansson refuses NaN reals)
 *   intervals.csv,   RFC 4180 with a header row: fields are quoted only when
 *   days.csv,        they need it (comma, double quote, CR or LF), through
 *   commitments.csv, libcsv's csv_fwrite; numbers as "%.6g", NaN as an empty
 *   deferred_*.csv   field.  Lines end with "\n" (RFC 4180 asks for CRLF,
 *                    but every CSV reader accepts LF and gnuplot and the
 *                    Unix tools prefer it).
 *
 * Voice KPIs mean nothing for a deferred (written) contact type, nor task
 * KPIs for a voice one: intervals.csv, days.csv, the interval and day
 * views and summary.json's "kpis" hold the voice types only; the deferred
 * types have their own views, files and "deferred" entries.  A deadline is
 * shown as a scenario writes it ("24h", "24bh", "2bd", "1mo"; calendar
 * seconds in the largest unit that divides them exactly).
 *
 * Interval labels are "Mon 07:00" in the table (weekday of the civil date,
 * from horizon_weekday) and "2024-03-04 07:00" in the CSV ("HH:MM:SS" when
 * an interval does not start on a whole minute).
 * Everything is printed with fixed formats, so the same experiment always
 * gives the same bytes.
 */
#include "report.h"

#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "csvout.h"
#include "outfile.h"
#include "status.h"

#define CI_LEVEL 0.95

static const char *const weekday_abbr[7] = {
	"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"
};

/* ---------------------------------------------------------------- helpers */

static const struct horizon *ex_horizon(const struct experiment *ex)
{
	return &ex->sc->centre.horizon;
}

/* Wait-time KPIs, in seconds. */
/* What day, week and horizon figures leave out, for table titles. */
static const char *excluded(const struct experiment *ex)
{
	return ex_horizon(ex)->cooldown_days > 0 ? "warm-up and cool-down excluded"
						 : "warm-up excluded";
}

static bool kpi_is_time(enum kpi kpi)
{
	switch (kpi) {
	case KPI_ASA:
	case KPI_MEAN_WAIT:
	case KPI_P90_WAIT:
	case KPI_P95_WAIT:
	case KPI_MAX_WAIT:
		return true;
	default:
		return false;
	}
}

/* Copies s into buf (size n) with spaces and hyphens turned to '_':
 * "at risk" -> "at_risk", the form used in JSON and CSV. */
static const char *snake(const char *s, char *buf, size_t n)
{
	size_t i = 0;
	for (; s[i] != '\0' && i + 1 < n; i++)
		buf[i] = (s[i] == ' ' || s[i] == '-') ? '_' : s[i];
	buf[i] = '\0';
	return buf;
}

/* A value of kpi for a person: ratios "80.0%", times "12.3s", counts
 * "12.3"; or (as_target) a target as a scenario states it: "80.0%", "30s",
 * "12"; NaN (or an infinity) "-". */
static const char *fmt_kpi_value(enum kpi kpi, double v, bool as_target, char *buf,
				 size_t n)
{
	if (!isfinite(v))
		snprintf(buf, n, "-");
	else if (kpi_is_ratio(kpi))
		snprintf(buf, n, "%.1f%%", 100.0 * v);
	else if (kpi_is_time(kpi))
		snprintf(buf, n, as_target ? "%gs" : "%.1fs", v);
	else
		snprintf(buf, n, as_target ? "%g" : "%.1f", v);
	return buf;
}

/* Time of day of interval k: "07:00", or "07:00:30" off the minute. */
static const char *fmt_clock(const struct horizon *h, int k, char *buf, size_t n)
{
	int day = horizon_interval_day(h, k);
	double s = horizon_interval_start(h, k) - day * HORIZON_DAY_S;
	int sec = s > 0.0 ? (int)lround(fmin(s, HORIZON_DAY_S)) : 0;
	int hh = sec / 3600, mm = sec / 60 % 60, ss = sec % 60;
	if (ss != 0)
		snprintf(buf, n, "%02d:%02d:%02d", hh, mm, ss);
	else
		snprintf(buf, n, "%02d:%02d", hh, mm);
	return buf;
}

/* "YYYY-MM-DD" of day d of the horizon. */
static const char *fmt_date(const struct horizon *h, int d, char *buf, size_t n)
{
	int y, m, dd;
	horizon_civil_from_date(h->start_date + d, &y, &m, &dd);
	snprintf(buf, n, "%04d-%02d-%02d", y, m, dd);
	return buf;
}

static const char *weekday_of_day(const struct horizon *h, int d)
{
	int wd = horizon_weekday(h->start_date + d);
	return wd >= 0 && wd < 7 ? weekday_abbr[wd] : "???";
}

/* ------------------------------------------------------ deferred helpers */

static bool type_is_deferred(const struct experiment *ex, int t)
{
	return channel_is_deferred(ex->sc->centre.types[t].channel);
}

static bool any_deferred(const struct experiment *ex)
{
	for (int t = 0; t < ex->n_types; t++)
		if (type_is_deferred(ex, t))
			return true;
	return false;
}

/* Names as a scenario writes them. */
static const char *channel_name(enum channel ch)
{
	switch (ch) {
	case CHANNEL_VOICE: return "voice";
	case CHANNEL_EMAIL: return "email";
	case CHANNEL_WEB: return "web";
	case CHANNEL_LETTER: return "letter";
	}
	return "unknown";
}

static const char *clock_name(enum deadline_clock clock)
{
	switch (clock) {
	case CLOCK_CALENDAR: return "calendar";
	case CLOCK_BUSINESS_HOURS: return "business_hours";
	case CLOCK_BUSINESS_DAYS: return "business_days";
	case CLOCK_CALENDAR_MONTHS: return "calendar_months";
	}
	return "unknown";
}

static const char *arrive_name(enum arrive_mode m)
{
	switch (m) {
	case ARRIVE_FORECAST: return "forecast";
	case ARRIVE_DAILY: return "daily";
	case ARRIVE_BATCH: return "batch";
	case ARRIVE_NONE: return "none";
	}
	return "unknown";
}

/* A length of calendar time as a scenario would write it: in the largest
 * unit that divides it exactly ("2d", "36h", "90m"), else in seconds
 * ("30.5s"). */
static const char *fmt_span(double s, char *buf, size_t n)
{
	static const struct { double unit; const char *suffix; } units[] = {
		{ 86400.0, "d" }, { 3600.0, "h" }, { 60.0, "m" }
	};
	if (!isfinite(s)) {
		snprintf(buf, n, "-");
		return buf;
	}
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
		if (s > 0.0 && fmod(s, units[i].unit) == 0.0) {
			snprintf(buf, n, "%g%s", s / units[i].unit, units[i].suffix);
			return buf;
		}
	snprintf(buf, n, "%gs", s);
	return buf;
}

/* A measured length of calendar time for a person, one decimal in a unit
 * that keeps it short: "45.0s", "12.5m", "18.2h", "3.1d"; NaN "-". */
static const char *fmt_duration(double s, char *buf, size_t n)
{
	if (!isfinite(s))
		snprintf(buf, n, "-");
	else if (fabs(s) < 120.0)
		snprintf(buf, n, "%.1fs", s);
	else if (fabs(s) < 7200.0)
		snprintf(buf, n, "%.1fm", s / 60.0);
	else if (fabs(s) < 172800.0)
		snprintf(buf, n, "%.1fh", s / 3600.0);
	else
		snprintf(buf, n, "%.1fd", s / 86400.0);
	return buf;
}

const char *report_deadline(const struct deadline *d, char *buf, size_t n)
{
	switch (d->clock) {
	case CLOCK_BUSINESS_HOURS:
		snprintf(buf, n, "%gbh", d->amount / 3600.0);
		break;
	case CLOCK_BUSINESS_DAYS:
		snprintf(buf, n, "%gbd", d->amount);
		break;
	case CLOCK_CALENDAR_MONTHS:
		snprintf(buf, n, "%gmo", d->amount);
		break;
	default:
		fmt_span(d->amount, buf, n);
		break;
	}
	return buf;
}

/* The unit of a task KPI's values on a deadline clock: "fraction" (the
 * share within deadline), "bd" (responses on a business-day deadline),
 * "business_s" (responses on a business-hour deadline: seconds of
 * business time), "s" (other responses, oldest age) or "count". */
static const char *task_unit(enum task_kpi kpi, enum deadline_clock clock)
{
	if (kpi_task_is_ratio(kpi))
		return "fraction";
	if (kpi_task_is_response(kpi))
		return clock == CLOCK_BUSINESS_DAYS ? "bd" :
		       clock == CLOCK_BUSINESS_HOURS ? "business_s" : "s";
	return kpi == TASK_OLDEST_AGE ? "s" : "count";
}

/* A task KPI's value for a person, or (as_target) its target as a scenario
 * states it: the share "93.4%", responses in the deadline's unit ("2.3bd"
 * or "2bd", "18.5bh" or "24bh", else a duration as fmt_duration, or as
 * written: fmt_span), the oldest age as a duration, counts "12.3" or
 * "150"; NaN "-". */
static const char *fmt_task(enum task_kpi kpi, enum deadline_clock clock, double v,
			    bool as_target, char *buf, size_t n)
{
	const char *unit = task_unit(kpi, clock);
	if (!isfinite(v))
		snprintf(buf, n, "-");
	else if (strcmp(unit, "fraction") == 0)
		snprintf(buf, n, "%.1f%%", 100.0 * v);
	else if (strcmp(unit, "bd") == 0)
		snprintf(buf, n, as_target ? "%gbd" : "%.1fbd", v);
	else if (strcmp(unit, "business_s") == 0)
		snprintf(buf, n, as_target ? "%gbh" : "%.1fbh", v / 3600.0);
	else if (strcmp(unit, "s") == 0)
		as_target ? fmt_span(v, buf, n) : fmt_duration(v, buf, n);
	else
		snprintf(buf, n, as_target ? "%g" : "%.1f", v);
	return buf;
}

static const char *fmt_task_value(enum task_kpi kpi, enum deadline_clock clock,
				  double v, char *buf, size_t n)
{
	return fmt_task(kpi, clock, v, false, buf, n);
}

/* The step a commitment names, or NULL for a voice commitment (or a step
 * out of range). */
static const struct step_config *commit_step(const struct scenario *sc,
					     const struct commitment *c)
{
	if (c->step < 0 || c->contact_type < 0 || c->contact_type >= sc->centre.n_types)
		return NULL;
	const struct contact_type_config *ct = &sc->centre.types[c->contact_type];
	return c->step < ct->n_steps ? &ct->steps[c->step] : NULL;
}

static const char *commit_type_name(const struct scenario *sc,
				    const struct commitment *c)
{
	return c->contact_type >= 0 && c->contact_type < sc->centre.n_types ?
	       sc->centre.types[c->contact_type].name : "";
}

/* "email/reply": a (deferred type, step) cell's label. */
static const char *fmt_cell(const struct experiment *ex, int t, int s, char *buf,
			    size_t n)
{
	const struct contact_type_config *ct = &ex->sc->centre.types[t];
	snprintf(buf, n, "%s/%s", ct->name, ct->steps[s].name);
	return buf;
}

/* "Mon 2026-03-02" */
static const char *fmt_day_label(const struct horizon *h, int d, char *buf, size_t n)
{
	char date[16];
	snprintf(buf, n, "%s %s", weekday_of_day(h, d), fmt_date(h, d, date, sizeof date));
	return buf;
}

/* "service_level(20s)" for KPIs with a threshold, else the KPI's name; on
 * a deferred type, the task KPI's name and its type/step:
 * "within_deadline complaint/acknowledge". */
static const char *fmt_kpi(const struct scenario *sc, const struct commitment *c,
			   char *buf, size_t n)
{
	const struct step_config *st = commit_step(sc, c);
	if (st != NULL)
		snprintf(buf, n, "%s %s/%s", kpi_task_name(c->task_kpi),
			 commit_type_name(sc, c), st->name);
	else if (kpi_uses_threshold(c->kpi))
		snprintf(buf, n, "%s(%gs)", kpi_name(c->kpi), c->threshold_s);
	else
		snprintf(buf, n, "%s", kpi_name(c->kpi));
	return buf;
}

/* Mean and 95% CI of a tally; NaN where undefined. */
static void tally_summary(const struct tally *t, double *mean, double *lo,
			  double *hi)
{
	*mean = tally_mean(t);
	if (tally_ci(t, CI_LEVEL, lo, hi) != STATUS_OK) {
		*lo = NAN;
		*hi = NAN;
	}
}

/* Mean agents logged in during interval k, summed over the groups serving
 * type t (NaN when no replication ran; 0 when no group serves t). */
static double agents_logged(const struct experiment *ex, int t, int k)
{
	const struct centre_config *cc = &ex->sc->centre;
	double sum = 0.0;
	for (int g = 0; g < ex->n_groups && g < cc->n_groups; g++)
		if (centre_group_serves(&cc->groups[g], t))
			sum += tally_mean(&ex->logged[(size_t)g * ex->n_intervals + k]);
	return sum;
}

/* ------------------------------------------------------------------ table */

static void print_rule(FILE *out, int width)
{
	fputs("  ", out);
	for (int i = 0; i < width; i++)
		fputc('-', out);
	fputc('\n', out);
}

static void table_commitments(FILE *out, const struct experiment *ex)
{
	const struct scenario *sc = ex->sc;
	char kbuf[192], tbuf[32], tgt[40], est[32], lo[32], hi[32], ci[80], pm[16];

	if (sc->n_commitments == 0) {
		fputs("Commitments: none\n", out);
		return;
	}
	fprintf(out, "Commitments (met: P(met) >= %.0f%%; missed: the whole "
		"95%% CI on the wrong side)\n", 100.0 * sc->confidence);

	/* Name, type and KPI columns are as wide as their longest entry; the
	 * others have fixed widths. */
	int wname = (int)strlen("commitment"), wkpi = (int)strlen("KPI");
	for (int i = 0; i < sc->n_commitments; i++) {
		const struct commitment *c = &sc->commitments[i];
		int ln = (int)strlen(c->name);
		int lk = (int)strlen(fmt_kpi(sc, c, kbuf, sizeof kbuf));
		if (ln > wname)
			wname = ln;
		if (lk > wkpi)
			wkpi = lk;
	}
	int wtype = (int)strlen("type");
	for (int t = 0; t < sc->centre.n_types; t++) {
		int lt = (int)strlen(sc->centre.types[t].name);
		if (lt > wtype)
			wtype = lt;
	}
	const int wper = 8, wtgt = 10, west = 9, wci = 20, wpm = 7;
	fprintf(out, "  %-*s  %-*s  %-*s  %-*s  %-*s  %*s  %-*s  %*s  %s\n",
		wname, "commitment", wtype, "type", wkpi, "KPI", wper, "period",
		wtgt, "target", west, "estimate", wci, "95% CI", wpm, "P(met)",
		"verdict");
	print_rule(out, wname + wtype + wkpi + wper + wtgt + west + wci + wpm
		   + 7 + 8 * 2);

	for (int i = 0; i < sc->n_commitments; i++) {
		const struct commitment *c = &sc->commitments[i];
		const struct commit_outcome *o = &ex->commits[i];
		const char *type = c->contact_type >= 0 &&
			c->contact_type < sc->centre.n_types ?
			sc->centre.types[c->contact_type].name : "?";

		const struct step_config *st = commit_step(sc, c);
		if (st != NULL) {
			enum deadline_clock clk = st->deadline.clock;
			fmt_task(c->task_kpi, clk, c->target, true, tbuf, sizeof tbuf);
			fmt_task_value(c->task_kpi, clk, o->estimate, est, sizeof est);
			fmt_task_value(c->task_kpi, clk, o->ci_lo, lo, sizeof lo);
			fmt_task_value(c->task_kpi, clk, o->ci_hi, hi, sizeof hi);
		} else {
			fmt_kpi_value(c->kpi, c->target, true, tbuf, sizeof tbuf);
			fmt_kpi_value(c->kpi, o->estimate, false, est, sizeof est);
			fmt_kpi_value(c->kpi, o->ci_lo, false, lo, sizeof lo);
			fmt_kpi_value(c->kpi, o->ci_hi, false, hi, sizeof hi);
		}
		snprintf(tgt, sizeof tgt, "%s %s",
			 c->direction == AT_LEAST ? ">=" : "<=", tbuf);
		if (isfinite(o->ci_lo) && isfinite(o->ci_hi))
			snprintf(ci, sizeof ci, "[%s, %s]", lo, hi);
		else
			snprintf(ci, sizeof ci, "-");
		if (isfinite(o->p_met))
			snprintf(pm, sizeof pm, "%.1f%%", 100.0 * o->p_met);
		else
			snprintf(pm, sizeof pm, "-");

		fprintf(out, "  %-*s  %-*s  %-*s  %-*s  %-*s  %*s  %-*s  %*s  %s\n",
			wname, c->name, wtype, type, wkpi,
			fmt_kpi(sc, c, kbuf, sizeof kbuf), wper,
			commit_period_name(c->period), wtgt, tgt, west, est,
			wci, ci, wpm, pm, verdict_name(o->verdict));
	}
}

/* Numbers in the interval view: one decimal, "-" for NaN. */
static const char *fmt_num(double v, double scale, char *buf, size_t n)
{
	if (!isfinite(v))
		snprintf(buf, n, "-");
	else
		snprintf(buf, n, "%.1f", scale * v);
	return buf;
}

/* The service level a model predicts for an interval; NaN when it has no
 * figure.  An unstable Erlang C gives its limit, 0. */
static double analytic_sl(const struct analytic *an, enum erlang_model m)
{
	int st = m == ERLANG_C ? an->c_status : an->a_status;
	const struct erlang_result *r = m == ERLANG_C ? &an->c : &an->a;
	return st == STATUS_OK || st == STATUS_EUNSTABLE ? r->service_level : NAN;
}

/* Per-interval view of type t.  Warm-up intervals are shown, marked "w"
 * after their time: they were simulated, and the reader may want to see the
 * centre filling up, but they count in no day or horizon figure. */
static void table_intervals(FILE *out, const struct experiment *ex, int t)
{
	const struct horizon *h = ex_horizon(ex);
	const struct contact_type_config *ct = &ex->sc->centre.types[t];
	char date[16], clock[16], label[32];
	char pres[24], ans[24], ab[24], sl[24], asa[24], occ[24], lg[24];
	char slc[24], sla[24];

	fprintf(out, "\nIntervals of %s (%d day%s from %s %s; SL threshold %gs",
		ct->name, h->days, h->days == 1 ? "" : "s",
		weekday_of_day(h, 0), fmt_date(h, 0, date, sizeof date),
		ct->threshold_s[0]);
	if (h->n_warmup > 0)
		fputs("; w: warm-up, left out of day and horizon figures", out);
	fputs(")\n  C SL %, A SL %: what Erlang C and Erlang A predict for the interval "
	      "taken alone (unstab: load >= agents)\n", out);

	/* "Mon 07:00 w"; "Mon 07:00:30 w" off the minute. */
	const int wl = 14, wn = 9;
	fprintf(out, "  %-*s  %*s  %*s  %*s  %*s  %*s  %*s  %*s  %*s  %*s  %*s\n",
		wl, "interval", wn, "presented", wn, "answered", wn,
		"abandoned", 6, "SL %", 7, "C SL %", 7, "A SL %", 7, "ASA s", 6,
		"agents", 6, "logged", 6, "occ %");
	print_rule(out, wl + 3 * wn + 6 + 3 * 7 + 6 + 6 + 6 + 10 * 2);

	for (int k = 0; k < ex->n_intervals; k++) {
		int d = horizon_interval_day(h, k);
		snprintf(label, sizeof label, "%s %s%s", weekday_of_day(h, d),
			 fmt_clock(h, k, clock, sizeof clock),
			 k < h->n_warmup ? " w" : "");
		const struct tally *tp = experiment_interval(ex, t, k, 0);
		const struct analytic *an = experiment_analytic(ex, t, k);
		fprintf(out, "  %-*s  %*s  %*s  %*s  %*s  %*s  %*s  %*s  %*d  %*s  %*s\n",
			wl, label,
			wn, fmt_num(tally_mean(&tp[KPI_PRESENTED]), 1, pres, sizeof pres),
			wn, fmt_num(tally_mean(&tp[KPI_ANSWERED]), 1, ans, sizeof ans),
			wn, fmt_num(tally_mean(&tp[KPI_ABANDONED]), 1, ab, sizeof ab),
			6, fmt_num(tally_mean(&tp[KPI_SERVICE_LEVEL]), 100, sl, sizeof sl),
			7, an->c_status == STATUS_EUNSTABLE ? "unstab"
				: fmt_num(analytic_sl(an, ERLANG_C), 100, slc, sizeof slc),
			7, fmt_num(analytic_sl(an, ERLANG_A), 100, sla, sizeof sla),
			7, fmt_num(tally_mean(&tp[KPI_ASA]), 1, asa, sizeof asa),
			6, experiment_scheduled(ex, t, k),
			6, fmt_num(agents_logged(ex, t, k), 1, lg, sizeof lg),
			6, fmt_num(tally_mean(&tp[KPI_OCCUPANCY]), 100, occ, sizeof occ));
	}
}

/* Expected arrivals of type t over the horizon, warm-up included. */
static double expected_calls(const struct experiment *ex, int t)
{
	double sum = 0.0;
	for (int k = 0; k < ex->n_intervals; k++)
		sum += ex->sc->centre.types[t].forecast[k];
	return sum;
}

/* A date with opening hours that is not a closed date (a batch day). */
static bool is_business_date(const struct hours *h, int64_t date)
{
	int wd = horizon_weekday(date);
	if (wd < 0 || wd > 6 || h->n_ranges[wd] == 0)
		return false;
	for (size_t i = 0; i < h->n_closed; i++)
		if (h->closed[i] == date)
			return false;
	return true;
}

/* Expected contacts of deferred type t received over the horizon by its
 * own arrivals (not follow-ups, not the initial backlog); NaN for a type
 * created only by follow-ups. */
static double expected_contacts(const struct experiment *ex, int t)
{
	const struct centre_config *cc = &ex->sc->centre;
	const struct contact_type_config *ct = &cc->types[t];
	double sum = 0.0;
	switch (ct->arrive) {
	case ARRIVE_FORECAST:
		if (ct->forecast == NULL)
			return NAN;
		return expected_calls(ex, t);
	case ARRIVE_DAILY:
	case ARRIVE_BATCH:
		if (ct->per_day == NULL)
			return NAN;
		for (int d = 0; d < cc->horizon.days; d++)
			if (ct->arrive == ARRIVE_DAILY ||
			    is_business_date(&cc->hours, cc->horizon.start_date + d))
				sum += ct->per_day[d];
		return sum;
	case ARRIVE_NONE:
		break;
	}
	return NAN;
}

/* "lognormal, mean 240.0 s" */
static const char *fmt_dist(const struct dist *d, char *buf, size_t n)
{
	snprintf(buf, n, "%s, mean %.1f s", dist_kind_name(d->kind), dist_mean(d));
	return buf;
}

/* "email: email, daily arrivals, 840 expected; initial backlog 30; steps:
 * reply 24bh (lognormal, mean 300.0 s)" */
static void deferred_inputs(FILE *out, const struct experiment *ex, int t)
{
	const struct contact_type_config *ct = &ex->sc->centre.types[t];
	char dl[48], handle[64];
	double expected = expected_contacts(ex, t);
	fprintf(out, "%s: %s, ", ct->name, channel_name(ct->channel));
	if (isfinite(expected))
		fprintf(out, "%s arrivals, %.0f expected", arrive_name(ct->arrive),
			expected);
	else
		fputs("follow-ups only", out);
	if (ct->initial.count > 0)
		fprintf(out, "; initial backlog %d", ct->initial.count);
	fputs("; steps:", out);
	for (int s = 0; s < ct->n_steps; s++)
		fprintf(out, "%s %s %s (%s)", s > 0 ? "," : "", ct->steps[s].name,
			report_deadline(&ct->steps[s].deadline, dl, sizeof dl),
			fmt_dist(&ct->steps[s].handle, handle, sizeof handle));
	fputc('\n', out);
}

/* What the scenario implies for each contact type, so that a reader can
 * check the inputs before trusting the outputs. */
static void table_inputs(FILE *out, const struct experiment *ex)
{
	char handle[64], wrap[64], patience[64];
	for (int t = 0; t < ex->n_types; t++) {
		const struct contact_type_config *ct = &ex->sc->centre.types[t];
		if (type_is_deferred(ex, t)) {
			deferred_inputs(out, ex, t);
			continue;
		}
		fprintf(out, "%s: %.0f calls expected; handle time %s; wrap-up %s; "
			"patience %s; SL %s within %gs\n", ct->name,
			expected_calls(ex, t), fmt_dist(&ct->handle, handle, sizeof handle),
			ct->has_wrap ? fmt_dist(&ct->wrap, wrap, sizeof wrap) : "none",
			ct->has_patience ? fmt_dist(&ct->patience, patience, sizeof patience)
					 : "unlimited",
			kpi_sl_formula_name(ct->rules.sl_formula), ct->threshold_s[0]);
	}
	fputc('\n', out);
}

/* Per-day view of type t (horizons of several days). */
static void table_days(FILE *out, const struct experiment *ex, int t)
{
	const struct horizon *h = ex_horizon(ex);
	char date[16], label[32];
	char pres[24], ans[24], ab[24], sl[24], rate[24], asa[24], p90[24], occ[24];
	fprintf(out, "\nDays of %s (%s)\n", ex->sc->centre.types[t].name, excluded(ex));
	const int wl = 14, wn = 9;
	fprintf(out, "  %-*s  %*s  %*s  %*s  %*s  %*s  %*s  %*s  %*s\n", wl, "day",
		wn, "presented", wn, "answered", wn, "abandoned", 6, "SL %", 7,
		"aband %", 7, "ASA s", 7, "p90 s", 6, "occ %");
	print_rule(out, wl + 3 * wn + 6 + 3 * 7 + 6 + 8 * 2);
	for (int d = 0; d < h->days; d++) {
		const struct tally *tp = experiment_day(ex, t, d, 0);
		if (tp[KPI_RECEIVED].n == 0)
			continue; /* wholly in the warm-up */
		snprintf(label, sizeof label, "%s %s", weekday_of_day(h, d),
			 fmt_date(h, d, date, sizeof date));
		fprintf(out, "  %-*s  %*s  %*s  %*s  %*s  %*s  %*s  %*s  %*s\n", wl, label,
			wn, fmt_num(tally_mean(&tp[KPI_PRESENTED]), 1, pres, sizeof pres),
			wn, fmt_num(tally_mean(&tp[KPI_ANSWERED]), 1, ans, sizeof ans),
			wn, fmt_num(tally_mean(&tp[KPI_ABANDONED]), 1, ab, sizeof ab),
			6, fmt_num(tally_mean(&tp[KPI_SERVICE_LEVEL]), 100, sl, sizeof sl),
			7, fmt_num(tally_mean(&tp[KPI_ABANDON_RATE]), 100, rate, sizeof rate),
			7, fmt_num(tally_mean(&tp[KPI_ASA]), 1, asa, sizeof asa),
			7, fmt_num(tally_mean(&tp[KPI_P90_WAIT]), 1, p90, sizeof p90),
			6, fmt_num(tally_mean(&tp[KPI_OCCUPANCY]), 100, occ, sizeof occ));
	}
}

/* Width of the widest "type/step" label, at least `least`. */
static int cell_width(const struct experiment *ex, int least)
{
	char label[2 * CENTRE_NAME_MAX + 2];
	int w = least;
	for (int t = 0; t < ex->n_types; t++)
		for (int s = 0; type_is_deferred(ex, t) && s < ex->sc->centre.types[t].n_steps; s++) {
			int l = (int)strlen(fmt_cell(ex, t, s, label, sizeof label));
			if (l > w)
				w = l;
		}
	return w;
}

/* One row per (deferred type, step) over the horizon (warm-up excluded):
 * contacts received and completed, share within deadline with its CI,
 * mean and p90 response in the deadline's unit, and the largest
 * end-of-day backlog and oldest age (means over replications of each
 * replication's largest). */
static void table_deferred(FILE *out, const struct experiment *ex)
{
	const struct centre_config *cc = &ex->sc->centre;
	char dl[48], rec[24], done[24], in[24], lo[24], hi[24], ci[56];
	char mr[24], p90[24], bl[24], age[24];
	int wtype = (int)strlen("type"), wstep = (int)strlen("step");
	for (int t = 0; t < ex->n_types; t++) {
		if (!type_is_deferred(ex, t))
			continue;
		const struct contact_type_config *ct = &cc->types[t];
		if ((int)strlen(ct->name) > wtype)
			wtype = (int)strlen(ct->name);
		for (int s = 0; s < ct->n_steps; s++)
			if ((int)strlen(ct->steps[s].name) > wstep)
				wstep = (int)strlen(ct->steps[s].name);
	}
	fprintf(out, "\nDeferred work over the horizon (%s; backlog and oldest: "
		"the largest at the end of a day)\n", excluded(ex));
	const int wdl = 8, wn = 9, win = 9, wci = 16, wr = 9;
	fprintf(out, "  %-*s  %-*s  %-*s  %*s  %*s  %*s  %-*s  %*s  %*s  %*s  %*s\n",
		wtype, "type", wstep, "step", wdl, "deadline", wn, "received",
		wn, "completed", win, "in time", wci, "95% CI", wr, "mean resp",
		wr, "p90 resp", wn, "backlog", wr, "oldest");
	print_rule(out, wtype + wstep + wdl + 4 * wn + win + wci + 3 * wr - wn + 10 * 2);
	for (int t = 0; t < ex->n_types; t++) {
		if (!type_is_deferred(ex, t))
			continue;
		const struct contact_type_config *ct = &cc->types[t];
		for (int s = 0; s < ct->n_steps; s++) {
			enum deadline_clock clk = ct->steps[s].deadline.clock;
			const struct tally *th = experiment_task_horizon(ex, t, s, 0);
			double m, l, h;
			tally_summary(&th[TASK_WITHIN_DEADLINE], &m, &l, &h);
			fmt_task_value(TASK_WITHIN_DEADLINE, clk, m, in, sizeof in);
			if (isfinite(l) && isfinite(h))
				snprintf(ci, sizeof ci, "[%s, %s]",
					 fmt_task_value(TASK_WITHIN_DEADLINE, clk, l, lo, sizeof lo),
					 fmt_task_value(TASK_WITHIN_DEADLINE, clk, h, hi, sizeof hi));
			else
				snprintf(ci, sizeof ci, "-");
			fprintf(out, "  %-*s  %-*s  %-*s  %*s  %*s  %*s  %-*s  %*s  %*s  %*s  %*s\n",
				wtype, ct->name, wstep, ct->steps[s].name,
				wdl, report_deadline(&ct->steps[s].deadline, dl, sizeof dl),
				wn, fmt_num(tally_mean(&th[TASK_RECEIVED]), 1, rec, sizeof rec),
				wn, fmt_num(tally_mean(&th[TASK_COMPLETED]), 1, done, sizeof done),
				win, in, wci, ci,
				wr, fmt_task_value(TASK_MEAN_RESPONSE, clk,
						   tally_mean(&th[TASK_MEAN_RESPONSE]), mr, sizeof mr),
				wr, fmt_task_value(TASK_P90_RESPONSE, clk,
						   tally_mean(&th[TASK_P90_RESPONSE]), p90, sizeof p90),
				wn, fmt_num(tally_mean(&th[TASK_BACKLOG]), 1, bl, sizeof bl),
				wr, fmt_task_value(TASK_OLDEST_AGE, clk,
						   tally_mean(&th[TASK_OLDEST_AGE]), age, sizeof age));
		}
	}
}

/* Mean end-of-day backlog of each (deferred type, step), one row per day;
 * days with no figure at all (wholly in the warm-up) are left out. */
static void table_backlog_days(FILE *out, const struct experiment *ex)
{
	const struct horizon *h = ex_horizon(ex);
	const struct centre_config *cc = &ex->sc->centre;
	char label[2 * CENTRE_NAME_MAX + 2], num[24];
	const int wl = 14, wc = cell_width(ex, 8);
	int ncells = 0;

	fputs("\nEnd-of-day backlog (tasks waiting at midnight, mean over "
	      "replications)\n", out);
	fprintf(out, "  %-*s", wl, "day");
	for (int t = 0; t < ex->n_types; t++)
		for (int s = 0; type_is_deferred(ex, t) && s < cc->types[t].n_steps; s++) {
			fprintf(out, "  %*s", wc, fmt_cell(ex, t, s, label, sizeof label));
			ncells++;
		}
	fputc('\n', out);
	print_rule(out, wl + ncells * (wc + 2));
	for (int d = 0; d < experiment_judged_days(ex); d++) {
		bool any = false;
		for (int t = 0; t < ex->n_types && !any; t++)
			for (int s = 0; type_is_deferred(ex, t) && s < cc->types[t].n_steps; s++)
				if (experiment_task_day(ex, t, s, d, TASK_BACKLOG)->n > 0)
					any = true;
		if (!any)
			continue;
		fprintf(out, "  %-*s", wl, fmt_day_label(h, d, label, sizeof label));
		for (int t = 0; t < ex->n_types; t++)
			for (int s = 0; type_is_deferred(ex, t) && s < cc->types[t].n_steps; s++)
				fprintf(out, "  %*s", wc, fmt_num(tally_mean(
					experiment_task_day(ex, t, s, d, TASK_BACKLOG)),
					1, num, sizeof num));
		fputc('\n', out);
	}
}

/* Share within deadline of each (deferred type, step) per week, Monday to
 * Sunday, each labelled by its first day in the horizon. */
static void table_weeks(FILE *out, const struct experiment *ex)
{
	const struct horizon *h = ex_horizon(ex);
	const struct centre_config *cc = &ex->sc->centre;
	char label[2 * CENTRE_NAME_MAX + 2], num[24];
	const int wl = 14, wc = cell_width(ex, 8);
	int ncells = 0;

	fprintf(out, "\nShare within deadline per week (Monday to Sunday; %s)\n",
		excluded(ex));
	fprintf(out, "  %-*s", wl, "week from");
	for (int t = 0; t < ex->n_types; t++)
		for (int s = 0; type_is_deferred(ex, t) && s < cc->types[t].n_steps; s++) {
			fprintf(out, "  %*s", wc, fmt_cell(ex, t, s, label, sizeof label));
			ncells++;
		}
	fputc('\n', out);
	print_rule(out, wl + ncells * (wc + 2));
	for (int w = 0; w < experiment_judged_weeks(ex); w++) {
		fprintf(out, "  %-*s", wl, fmt_day_label(h, experiment_week_first_day(ex, w),
							  label, sizeof label));
		for (int t = 0; t < ex->n_types; t++)
			for (int s = 0; type_is_deferred(ex, t) && s < cc->types[t].n_steps; s++)
				fprintf(out, "  %*s", wc, fmt_task_value(TASK_WITHIN_DEADLINE,
					CLOCK_CALENDAR, tally_mean(experiment_task_week(
						ex, t, s, w, TASK_WITHIN_DEADLINE)),
					num, sizeof num));
		fputc('\n', out);
	}
}

/* Beyond this many intervals the table leaves the per-interval view to
 * intervals.csv and its plots. */
#define TABLE_MAX_INTERVALS 200

void report_table(FILE *out, const struct experiment *ex)
{
	fprintf(out, "Scenario %s: %d replication%s, seed %llu\n",
		ex->sc->name, ex->replications, ex->replications == 1 ? "" : "s",
		(unsigned long long)ex->seed);
	table_inputs(out, ex);
	table_commitments(out, ex);
	for (int t = 0; t < ex->n_types; t++) {
		if (type_is_deferred(ex, t))
			continue;
		if (ex->n_days > 1)
			table_days(out, ex, t);
		if (ex->n_intervals <= TABLE_MAX_INTERVALS)
			table_intervals(out, ex, t);
		else
			fprintf(out, "\n%d intervals of %s: see intervals.csv\n",
				ex->n_intervals, ex->sc->centre.types[t].name);
	}
	if (!any_deferred(ex))
		return;
	table_deferred(out, ex);
	if (ex->n_days > 1)
		table_backlog_days(out, ex);
	if (experiment_judged_weeks(ex) > 1)
		table_weeks(out, ex);
}

/* ------------------------------------------------------------------- JSON */

/* A JSON number, or null for NaN and infinities (which JSON cannot hold). */
static json_t *json_num(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

/* An unsigned count: an integer when it fits json_int_t, else its decimal
 * digits as a string (no precision is lost either way). */
static json_t *json_u64(uint64_t v)
{
#if JSON_INTEGER_IS_LONG_LONG
	const uint64_t int_max = LLONG_MAX;
#else
	const uint64_t int_max = LONG_MAX;
#endif
	if (v <= int_max)
		return json_integer((json_int_t)v);
	char buf[24];
	snprintf(buf, sizeof buf, "%llu", (unsigned long long)v);
	return json_string(buf);
}

/* [lo, hi] */
static json_t *json_pair(double lo, double hi)
{
	json_t *a = json_array();
	if (a == NULL)
		return NULL;
	if (json_array_append_new(a, json_num(lo)) != 0 ||
	    json_array_append_new(a, json_num(hi)) != 0) {
		json_decref(a);
		return NULL;
	}
	return a;
}

/* json_object_set_new, counting failures in *bad (a NULL value, from a
 * failed constructor, is one; jansson frees the value on failure). */
static void put(json_t *obj, const char *key, json_t *val, int *bad)
{
	if (obj == NULL || json_object_set_new(obj, key, val) != 0)
		(*bad)++;
}

static void append(json_t *arr, json_t *val, int *bad)
{
	if (arr == NULL || json_array_append_new(arr, val) != 0)
		(*bad)++;
}

/* {"mean": m, "ci95": [lo, hi]} of a tally. */
static json_t *json_tally(const struct tally *t, int *bad)
{
	double m, lo, hi;
	tally_summary(t, &m, &lo, &hi);
	json_t *v = json_object();
	put(v, "mean", json_num(m), bad);
	put(v, "ci95", json_pair(lo, hi), bad);
	return v;
}

static json_t *json_commitment(const struct experiment *ex, int i, int *bad)
{
	const struct scenario *sc = ex->sc;
	const struct commitment *c = &sc->commitments[i];
	const struct commit_outcome *o = &ex->commits[i];
	char vb[32];
	json_t *obj = json_object();

	const struct step_config *st = commit_step(sc, c);

	put(obj, "name", json_string(c->name), bad);
	put(obj, "kpi", json_string(st != NULL ? kpi_task_name(c->task_kpi)
					       : kpi_name(c->kpi)), bad);
	put(obj, "contact_type", json_string(commit_type_name(sc, c)), bad);
	if (st != NULL)
		put(obj, "step", json_string(st->name), bad);
	else if (kpi_uses_threshold(c->kpi))
		put(obj, "threshold_s", json_num(c->threshold_s), bad);
	put(obj, "period", json_string(commit_period_name(c->period)), bad);
	if (st != NULL)
		put(obj, "unit", json_string(task_unit(c->task_kpi,
						       st->deadline.clock)), bad);
	put(obj, "target", json_num(c->target), bad);
	put(obj, "direction", json_string(snake(commit_direction_name(c->direction),
						vb, sizeof vb)), bad);
	put(obj, "estimate", json_num(o->estimate), bad);
	put(obj, "ci95", json_pair(o->ci_lo, o->ci_hi), bad);
	put(obj, "p_met", json_num(o->p_met), bad);
	put(obj, "pairs", json_u64(o->pairs), bad);
	put(obj, "met", json_u64(o->met), bad);
	put(obj, "verdict", json_string(snake(verdict_name(o->verdict), vb,
					      sizeof vb)), bad);
	return obj;
}

static json_t *json_dist(const struct dist *d, int *bad)
{
	json_t *obj = json_object();
	put(obj, "dist", json_string(dist_kind_name(d->kind)), bad);
	put(obj, "mean_s", json_num(dist_mean(d)), bad);
	put(obj, "sd_s", json_num(sqrt(dist_variance(d))), bad);
	return obj;
}

/* What the scenario implies for deferred type t. */
static json_t *json_deferred_inputs(const struct experiment *ex, int t, int *bad)
{
	const struct contact_type_config *ct = &ex->sc->centre.types[t];
	char dl[48];
	json_t *obj = json_object();
	put(obj, "channel", json_string(channel_name(ct->channel)), bad);
	put(obj, "arrivals", json_string(arrive_name(ct->arrive)), bad);
	put(obj, "expected_contacts", json_num(expected_contacts(ex, t)), bad);
	put(obj, "initial_backlog", json_integer(ct->initial.count), bad);
	json_t *steps = json_array();
	for (int s = 0; s < ct->n_steps; s++) {
		const struct step_config *st = &ct->steps[s];
		json_t *o = json_object();
		put(o, "name", json_string(st->name), bad);
		put(o, "handle_time", json_dist(&st->handle, bad), bad);
		put(o, "deadline", json_string(report_deadline(&st->deadline, dl, sizeof dl)), bad);
		put(o, "clock", json_string(clock_name(st->deadline.clock)), bad);
		append(steps, o, bad);
	}
	put(obj, "steps", steps, bad);
	return obj;
}

/* What the scenario implies for type t (inputs, not results). */
static json_t *json_type_inputs(const struct experiment *ex, int t, int *bad)
{
	const struct contact_type_config *ct = &ex->sc->centre.types[t];
	if (type_is_deferred(ex, t))
		return json_deferred_inputs(ex, t, bad);
	json_t *obj = json_object();
	put(obj, "expected_calls", json_num(expected_calls(ex, t)), bad);
	put(obj, "handle_time", json_dist(&ct->handle, bad), bad);
	put(obj, "wrap_up", ct->has_wrap ? json_dist(&ct->wrap, bad) : json_null(), bad);
	put(obj, "patience", ct->has_patience ? json_dist(&ct->patience, bad) : json_null(), bad);
	put(obj, "sl_threshold_s", json_num(ct->threshold_s[0]), bad);
	put(obj, "sl_formula", json_string(kpi_sl_formula_name(ct->rules.sl_formula)), bad);
	return obj;
}

static json_t *json_type_kpis(const struct experiment *ex, int t, int *bad)
{
	json_t *obj = json_object();
	for (int k = 0; k < KPI_COUNT; k++)
		put(obj, kpi_name((enum kpi)k), json_tally(experiment_horizon(ex, t, k), bad),
		    bad);
	return obj;
}

/* Every task KPI of a cell's tallies (TASK_KPI_COUNT of them) into obj. */
static void put_task_kpis(json_t *obj, const struct tally *cells, int *bad)
{
	for (int k = 0; k < TASK_KPI_COUNT; k++)
		put(obj, kpi_task_name((enum task_kpi)k), json_tally(&cells[k], bad), bad);
}

/* One (deferred type, step): what it is, its horizon KPIs, then per day
 * and per week (labelled by the week's first day in the horizon). */
static json_t *json_deferred_cell(const struct experiment *ex, int t, int s, int *bad)
{
	const struct horizon *h = ex_horizon(ex);
	const struct contact_type_config *ct = &ex->sc->centre.types[t];
	const struct step_config *st = &ct->steps[s];
	char dl[48], date[16];
	json_t *obj = json_object();
	put(obj, "type", json_string(ct->name), bad);
	put(obj, "step", json_string(st->name), bad);
	put(obj, "channel", json_string(channel_name(ct->channel)), bad);
	put(obj, "deadline", json_string(report_deadline(&st->deadline, dl, sizeof dl)), bad);
	put(obj, "clock", json_string(clock_name(st->deadline.clock)), bad);
	json_t *hz = json_object();
	put_task_kpis(hz, experiment_task_horizon(ex, t, s, 0), bad);
	put(obj, "horizon", hz, bad);
	json_t *days = json_array();
	for (int d = 0; d < experiment_judged_days(ex); d++) {
		json_t *o = json_object();
		put(o, "date", json_string(fmt_date(h, d, date, sizeof date)), bad);
		put_task_kpis(o, experiment_task_day(ex, t, s, d, 0), bad);
		append(days, o, bad);
	}
	put(obj, "days", days, bad);
	json_t *weeks = json_array();
	for (int w = 0; w < experiment_judged_weeks(ex); w++) {
		json_t *o = json_object();
		put(o, "first_date", json_string(fmt_date(h, experiment_week_first_day(ex, w),
							     date, sizeof date)), bad);
		put_task_kpis(o, experiment_task_week(ex, t, s, w, 0), bad);
		append(weeks, o, bad);
	}
	put(obj, "weeks", weeks, bad);
	return obj;
}

/* The summary object; NULL when out of memory. */
static json_t *summary_json(const struct experiment *ex)
{
	const struct scenario *sc = ex->sc;
	int bad = 0;
	json_t *root = json_object();
	if (root == NULL)
		return NULL;

	put(root, "scenario", json_string(sc->name), &bad);
	put(root, "replications", json_integer(ex->replications), &bad);
	put(root, "seed", json_u64(ex->seed), &bad);
	put(root, "confidence", json_num(sc->confidence), &bad);

	json_t *commits = json_array();
	for (int i = 0; i < sc->n_commitments; i++)
		append(commits, json_commitment(ex, i, &bad), &bad);
	put(root, "commitments", commits, &bad);

	json_t *kpis = json_object();
	for (int t = 0; t < ex->n_types; t++)
		if (!type_is_deferred(ex, t))
			put(kpis, sc->centre.types[t].name,
			    json_type_kpis(ex, t, &bad), &bad);
	put(root, "kpis", kpis, &bad);

	json_t *deferred = json_array();
	for (int t = 0; t < ex->n_types; t++)
		for (int s = 0; type_is_deferred(ex, t) && s < sc->centre.types[t].n_steps; s++)
			append(deferred, json_deferred_cell(ex, t, s, &bad), &bad);
	put(root, "deferred", deferred, &bad);

	json_t *inputs = json_object();
	for (int t = 0; t < ex->n_types; t++)
		put(inputs, sc->centre.types[t].name, json_type_inputs(ex, t, &bad),
		    &bad);
	put(root, "inputs", inputs, &bad);

	put(root, "calls_simulated", json_u64(ex->calls), &bad);
	put(root, "events", json_u64(ex->events), &bad);

	if (bad != 0) {
		json_decref(root);
		return NULL;
	}
	return root;
}

int report_summary(FILE *out, const struct experiment *ex)
{
	json_t *root = summary_json(ex);
	if (root == NULL)
		return STATUS_ENOMEM;
	int rc = json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
			    JSON_REAL_PRECISION(10));
	json_decref(root);
	if (rc != 0 || fputc('\n', out) == EOF || ferror(out))
		return STATUS_EIO;
	return STATUS_OK;
}

/* -------------------------------------------------------------------- CSV */

static void csv_sep(FILE *f)
{
	fputc(',', f);
}

struct replay_ctx;

/* One writer of report files for outfile_write: an experiment's or a
 * replay's. */
struct fill_call {
	int (*ex_fill)(FILE *, const struct experiment *);
	const struct experiment *ex;
	int (*rp_fill)(FILE *, const struct replay_ctx *);
	const struct replay_ctx *ctx;
};

static int fill_call(FILE *f, const void *arg)
{
	const struct fill_call *c = arg;
	return c->ex_fill ? c->ex_fill(f, c->ex) : c->rp_fill(f, c->ctx);
}

/* DIR/NAME atomically (outfile_write); status as report.h says. */
static int write_atomically(const char *dir, const char *name,
			    int (*fill)(FILE *, const struct experiment *),
			    const struct experiment *ex)
{
	struct fill_call c = { fill, ex, NULL, NULL };
	return outfile_write(dir, name, fill_call, &c);
}

static void csv_tally(FILE *f, const struct tally *t)
{
	double m, lo, hi;
	tally_summary(t, &m, &lo, &hi);
	csv_sep(f);
	csvout_num(f, m);
	csv_sep(f);
	csvout_num(f, lo);
	csv_sep(f);
	csvout_num(f, hi);
}

/* The Erlang columns of an interval: empty where a model has no figure;
 * an unstable Erlang C has stable = 0, its limits for the probabilities and
 * empty (infinite) waits. */
static void csv_analytic(FILE *f, const struct analytic *an)
{
	bool c_ok = an->c_status == STATUS_OK, c_lim = an->c_status == STATUS_EUNSTABLE;
	bool a_ok = an->a_status == STATUS_OK;
	const struct erlang_result *c = &an->c, *a = &an->a;
	fputs(c_ok ? ",1" : c_lim ? ",0" : ",", f);
	const double cv[] = { c->p_wait, c->service_level, c_ok ? c->asa_s : NAN, c->occupancy };
	for (size_t i = 0; i < sizeof cv / sizeof cv[0]; i++) {
		csv_sep(f);
		csvout_num(f, c_ok || c_lim ? cv[i] : NAN);
	}
	const double av[] = { a->p_wait, a->service_level, a->asa_s, a->p_abandon,
			      a->mean_wait_s, a->occupancy };
	for (size_t i = 0; i < sizeof av / sizeof av[0]; i++) {
		csv_sep(f);
		csvout_num(f, a_ok ? av[i] : NAN);
	}
}

static int write_intervals(FILE *f, const struct experiment *ex)
{
	const struct horizon *h = ex_horizon(ex);
	char date[16], clock[16], start[40];

	fputs("contact_type,interval,day,start,start_s,warmup,agents_scheduled,"
	      "agents_logged_mean", f);
	for (int k = 0; k < KPI_COUNT; k++) {
		const char *n = kpi_name((enum kpi)k);
		fprintf(f, ",%s_mean,%s_lo,%s_hi", n, n, n);
	}
	fputs(",erlang_c_stable,erlang_c_p_wait,erlang_c_service_level,erlang_c_asa_s,"
	      "erlang_c_occupancy,erlang_a_p_wait,erlang_a_service_level,erlang_a_asa_s,"
	      "erlang_a_abandon_rate,erlang_a_mean_wait_s,erlang_a_occupancy\n", f);

	for (int t = 0; t < ex->n_types; t++) {
		for (int k = 0; k < ex->n_intervals && !type_is_deferred(ex, t); k++) {
			int d = horizon_interval_day(h, k);
			csvout_text(f, ex->sc->centre.types[t].name);
			fprintf(f, ",%d,%d,", k, d);
			snprintf(start, sizeof start, "%s %s",
				 fmt_date(h, d, date, sizeof date),
				 fmt_clock(h, k, clock, sizeof clock));
			csvout_text(f, start);
			/* Seconds since day 0's midnight: %.10g keeps them exact
			 * over long horizons, where %.6g would round. */
			fprintf(f, ",%.10g,%d,%d,", horizon_interval_start(h, k),
				k < h->n_warmup ? 1 : 0,
				experiment_scheduled(ex, t, k));
			csvout_num(f, agents_logged(ex, t, k));
			for (int q = 0; q < KPI_COUNT; q++)
				csv_tally(f, experiment_interval(ex, t, k, q));
			csv_analytic(f, experiment_analytic(ex, t, k));
			fputc('\n', f);
		}
	}
	return STATUS_OK;
}

/* One row per voice contact type and day; a day wholly in the warm-up has
 * empty KPI fields. */
static int write_days(FILE *f, const struct experiment *ex)
{
	const struct horizon *h = ex_horizon(ex);
	char date[16];
	fputs("contact_type,day,date,weekday", f);
	for (int k = 0; k < KPI_COUNT; k++) {
		const char *n = kpi_name((enum kpi)k);
		fprintf(f, ",%s_mean,%s_lo,%s_hi", n, n, n);
	}
	fputc('\n', f);
	for (int t = 0; t < ex->n_types; t++)
		for (int d = 0; d < experiment_judged_days(ex) && !type_is_deferred(ex, t); d++) {
			csvout_text(f, ex->sc->centre.types[t].name);
			fprintf(f, ",%d,%s,%s", d, fmt_date(h, d, date, sizeof date),
				weekday_of_day(h, d));
			for (int q = 0; q < KPI_COUNT; q++)
				csv_tally(f, experiment_day(ex, t, d, q));
			fputc('\n', f);
		}
	return STATUS_OK;
}

static int write_commitments(FILE *f, const struct experiment *ex)
{
	const struct scenario *sc = ex->sc;
	char vb[32];

	fputs("name,kpi,contact_type,threshold_s,period,direction,target,"
	      "estimate,ci_lo,ci_hi,p_met,verdict,pairs,met,step\n", f);
	for (int i = 0; i < sc->n_commitments; i++) {
		const struct commitment *c = &sc->commitments[i];
		const struct commit_outcome *o = &ex->commits[i];
		const struct step_config *st = commit_step(sc, c);
		csvout_text(f, c->name);
		csv_sep(f);
		csvout_text(f, st != NULL ? kpi_task_name(c->task_kpi) : kpi_name(c->kpi));
		csv_sep(f);
		csvout_text(f, commit_type_name(sc, c));
		csv_sep(f);
		if (st == NULL && kpi_uses_threshold(c->kpi))
			csvout_num(f, c->threshold_s);
		csv_sep(f);
		csvout_text(f, commit_period_name(c->period));
		csv_sep(f);
		csvout_text(f, snake(commit_direction_name(c->direction), vb,
				  sizeof vb));
		csv_sep(f);
		csvout_num(f, c->target);
		csv_sep(f);
		csvout_num(f, o->estimate);
		csv_sep(f);
		csvout_num(f, o->ci_lo);
		csv_sep(f);
		csvout_num(f, o->ci_hi);
		csv_sep(f);
		csvout_num(f, o->p_met);
		csv_sep(f);
		csvout_text(f, snake(verdict_name(o->verdict), vb, sizeof vb));
		fprintf(f, ",%llu,%llu,", (unsigned long long)o->pairs,
			(unsigned long long)o->met);
		if (st != NULL)
			csvout_text(f, st->name);
		fputc('\n', f);
	}
	return STATUS_OK;
}

/* The header of deferred_days.csv and deferred_weeks.csv after their
 * leading columns: <kpi>_mean,<kpi>_ci_lo,<kpi>_ci_hi for every task KPI. */
static void task_header(FILE *f)
{
	for (int k = 0; k < TASK_KPI_COUNT; k++) {
		const char *n = kpi_task_name((enum task_kpi)k);
		fprintf(f, ",%s_mean,%s_ci_lo,%s_ci_hi", n, n, n);
	}
	fputc('\n', f);
}

/* type and step of a (deferred type, step) row. */
static void task_row_start(FILE *f, const struct experiment *ex, int t, int s)
{
	const struct contact_type_config *ct = &ex->sc->centre.types[t];
	csvout_text(f, ct->name);
	csv_sep(f);
	csvout_text(f, ct->steps[s].name);
}

static void task_row_kpis(FILE *f, const struct tally *cells)
{
	for (int k = 0; k < TASK_KPI_COUNT; k++)
		csv_tally(f, &cells[k]);
	fputc('\n', f);
}

/* One row per (deferred type, step) and day. */
static int write_deferred_days(FILE *f, const struct experiment *ex)
{
	const struct horizon *h = ex_horizon(ex);
	char date[16];
	fputs("type,step,date,weekday", f);
	task_header(f);
	for (int t = 0; t < ex->n_types; t++)
		for (int s = 0; type_is_deferred(ex, t) && s < ex->sc->centre.types[t].n_steps; s++)
			for (int d = 0; d < experiment_judged_days(ex); d++) {
				task_row_start(f, ex, t, s);
				fprintf(f, ",%s,%s", fmt_date(h, d, date, sizeof date),
					weekday_of_day(h, d));
				task_row_kpis(f, experiment_task_day(ex, t, s, d, 0));
			}
	return STATUS_OK;
}

/* One row per (deferred type, step) and week, week_start being the week's
 * first day in the horizon. */
static int write_deferred_weeks(FILE *f, const struct experiment *ex)
{
	const struct horizon *h = ex_horizon(ex);
	char date[16];
	fputs("type,step,week_start", f);
	task_header(f);
	for (int t = 0; t < ex->n_types; t++)
		for (int s = 0; type_is_deferred(ex, t) && s < ex->sc->centre.types[t].n_steps; s++)
			for (int w = 0; w < experiment_judged_weeks(ex); w++) {
				task_row_start(f, ex, t, s);
				fprintf(f, ",%s", fmt_date(h, experiment_week_first_day(ex, w),
							   date, sizeof date));
				task_row_kpis(f, experiment_task_week(ex, t, s, w, 0));
			}
	return STATUS_OK;
}

int report_write_summary(const struct experiment *ex, const char *dir)
{
	return write_atomically(dir, "summary.json", report_summary, ex);
}

int report_write_intervals(const struct experiment *ex, const char *dir)
{
	return write_atomically(dir, "intervals.csv", write_intervals, ex);
}

int report_write_days(const struct experiment *ex, const char *dir)
{
	return write_atomically(dir, "days.csv", write_days, ex);
}

int report_write_commitments(const struct experiment *ex, const char *dir)
{
	return write_atomically(dir, "commitments.csv", write_commitments, ex);
}

int report_write_deferred(const struct experiment *ex, const char *dir)
{
	int rc = write_atomically(dir, "deferred_days.csv", write_deferred_days, ex);
	if (rc != STATUS_OK)
		return rc;
	return write_atomically(dir, "deferred_weeks.csv", write_deferred_weeks, ex);
}

/* ------------------------------------------------- replayed vs actual */

struct replay_ctx {
	const struct experiment *ex;
	const struct replay *rp;
};

/* write_atomically for the replay files. */
static int write_replay_file(const char *dir, const char *name,
			     int (*fill)(FILE *, const struct replay_ctx *),
			     const struct replay_ctx *ctx)
{
	struct fill_call c = { NULL, NULL, fill, ctx };
	return outfile_write(dir, name, fill_call, &c);
}

/* "07:00" for hour h of the day. */
static const char *fmt_hour(int h, char *buf, size_t n)
{
	snprintf(buf, n, "%02d:00", h);
	return buf;
}

/* The error line under a comparison table. */
static void replay_error_line(FILE *out, const struct replay *rp, int t, bool hours)
{
	static const struct {
		enum replay_measure m;
		const char *label;
	} shown[] = {
		{ REPLAY_SL, "SL" }, { REPLAY_SL_20S, "SL 20s" }, { REPLAY_SL_60S, "SL 60s" },
		{ REPLAY_ABANDON_RATE, "abandon" }, { REPLAY_ASA, "ASA" },
	};
	double mae, bias, rmse;
	int n = replay_error(rp, t, hours, REPLAY_SL, &mae, &bias, &rmse);
	fprintf(out, "  error over %d %s%s (replayed - actual), mean absolute (bias):", n,
		hours ? "hour" : "day", n == 1 ? "" : "s");
	for (size_t i = 0; i < sizeof shown / sizeof shown[0]; i++) {
		replay_error(rp, t, hours, shown[i].m, &mae, &bias, &rmse);
		bool pct = replay_measure_is_ratio(shown[i].m);
		double scale = pct ? 100.0 : 1.0;
		if (isnan(mae))
			fprintf(out, "%s %s -", i ? "," : "", shown[i].label);
		else
			fprintf(out, "%s %s %.1f (%+.1f)%s", i ? "," : "", shown[i].label,
				scale * mae, scale * bias, pct ? " pts" : " s");
	}
	fputc('\n', out);
}

/* One row of a comparison table: label, recorded calls, SL replayed with
 * its CI and recorded, abandon rate and ASA replayed and recorded. */
static void replay_row(FILE *out, const char *label, const struct tally *rep,
		       double (*actual)(const struct replay *, int, int, enum replay_measure),
		       const struct replay *rp, int t, int p)
{
	char calls[24], sl[24], ci[64], lo[24], hi[24], asl[24], ab[24], aab[24];
	char asa[24], aasa[24];
	double m, l, u;
	tally_summary(&rep[REPLAY_SL], &m, &l, &u);
	if (isfinite(l) && isfinite(u))
		snprintf(ci, sizeof ci, "[%s, %s]", fmt_num(l, 100, lo, sizeof lo),
			 fmt_num(u, 100, hi, sizeof hi));
	else
		snprintf(ci, sizeof ci, "-");
	double n = actual(rp, t, p, REPLAY_PRESENTED);
	if (isfinite(n))
		snprintf(calls, sizeof calls, "%.0f", n);
	else
		snprintf(calls, sizeof calls, "-");
	fprintf(out, "  %-14s  %9s  %8s  %-14s  %8s  %8s  %8s  %7s  %7s\n", label, calls,
		fmt_num(m, 100, sl, sizeof sl), ci,
		fmt_num(actual(rp, t, p, REPLAY_SL), 100, asl, sizeof asl),
		fmt_num(tally_mean(&rep[REPLAY_ABANDON_RATE]), 100, ab, sizeof ab),
		fmt_num(actual(rp, t, p, REPLAY_ABANDON_RATE), 100, aab, sizeof aab),
		fmt_num(tally_mean(&rep[REPLAY_ASA]), 1, asa, sizeof asa),
		fmt_num(actual(rp, t, p, REPLAY_ASA), 1, aasa, sizeof aasa));
}

static void replay_header(FILE *out, const char *first)
{
	fprintf(out, "  %-14s  %9s  %8s  %-14s  %8s  %8s  %8s  %7s  %7s\n", first,
		"calls", "SL % rep", "95% CI", "SL % act", "ab % rep", "ab % act",
		"ASA rep", "ASA act");
	print_rule(out, 14 + 9 + 8 + 14 + 8 + 8 + 8 + 7 + 7 + 8 * 2);
}

void report_replay_table(FILE *out, const struct experiment *ex, const struct replay *rp)
{
	const struct horizon *h = ex_horizon(ex);
	char date[16], label[32];
	for (int t = 0; t < ex->n_types; t++) {
		if (type_is_deferred(ex, t))
			continue;
		const struct contact_type_config *ct = &ex->sc->centre.types[t];
		if (!replay_has_actual(rp, t)) {
			fprintf(out, "\n%s: the trace records no outcome and wait of these calls: "
				"no actual figures to compare\n", ct->name);
			continue;
		}
		fprintf(out, "\nReplayed vs actual, per day: %s (%s; calls: recorded presented; "
			"rep: replayed mean of %d replications; act: recorded; SL within %gs)\n",
			ct->name, excluded(ex), replay_replications(rp), ct->threshold_s[0]);
		replay_header(out, "day");
		for (int d = 0; d < ex->n_days; d++) {
			if (!replay_day_judged(rp, d))
				continue;
			snprintf(label, sizeof label, "%s %s", weekday_of_day(h, d),
				 fmt_date(h, d, date, sizeof date));
			replay_row(out, label, replay_day(rp, t, d, 0), replay_actual_day, rp, t, d);
		}
		replay_error_line(out, rp, t, false);
		fprintf(out, "\nReplayed vs actual, per hour of the day: %s (the judged days "
			"summed)\n", ct->name);
		replay_header(out, "hour");
		for (int hr = 0; hr < REPLAY_HOURS; hr++) {
			if (!replay_hour_used(rp, hr))
				continue;
			replay_row(out, fmt_hour(hr, label, sizeof label), replay_hour(rp, t, hr, 0),
				   replay_actual_hour, rp, t, hr);
		}
		replay_error_line(out, rp, t, true);
	}
}

static void measures_header(FILE *f)
{
	for (int m = 0; m < REPLAY_MEASURES; m++) {
		const char *n = replay_measure_name((enum replay_measure)m);
		fprintf(f, ",%s,replayed_%s_mean,replayed_%s_lo,replayed_%s_hi", n, n, n, n);
	}
	fputc('\n', f);
}

static void measures_row(FILE *f, const struct tally *rep, double (*actual)(const struct replay *,
			 int, int, enum replay_measure), const struct replay *rp, int t, int p)
{
	for (int m = 0; m < REPLAY_MEASURES; m++) {
		csv_sep(f);
		csvout_num(f, actual(rp, t, p, (enum replay_measure)m));
		csv_tally(f, &rep[m]);
	}
	fputc('\n', f);
}

static int write_actual_intervals(FILE *f, const struct replay_ctx *x)
{
	const struct experiment *ex = x->ex;
	const struct horizon *h = ex_horizon(ex);
	char date[16], clock[16], start[40];
	fputs("contact_type,interval,start,start_s,warmup,received", f);
	for (int m = 0; m < REPLAY_MEASURES; m++)
		fprintf(f, ",%s", replay_measure_name((enum replay_measure)m));
	fputc('\n', f);
	for (int t = 0; t < ex->n_types; t++)
		for (int k = 0; k < ex->n_intervals && !type_is_deferred(ex, t); k++) {
			int d = horizon_interval_day(h, k);
			csvout_text(f, ex->sc->centre.types[t].name);
			snprintf(start, sizeof start, "%s %s", fmt_date(h, d, date, sizeof date),
				 fmt_clock(h, k, clock, sizeof clock));
			fprintf(f, ",%d,", k);
			csvout_text(f, start);
			fprintf(f, ",%.10g,%d,%" PRIu64, horizon_interval_start(h, k),
				k < h->n_warmup ? 1 : 0, replay_actual(x->rp, t, k)->received);
			for (int m = 0; m < REPLAY_MEASURES; m++) {
				csv_sep(f);
				csvout_num(f, replay_actual_interval(x->rp, t, k, (enum replay_measure)m));
			}
			fputc('\n', f);
		}
	return STATUS_OK;
}

static int write_actual_days(FILE *f, const struct replay_ctx *x)
{
	const struct experiment *ex = x->ex;
	const struct horizon *h = ex_horizon(ex);
	char date[16];
	fputs("contact_type,day,date,weekday", f);
	measures_header(f);
	for (int t = 0; t < ex->n_types; t++)
		for (int d = 0; d < experiment_judged_days(ex) && !type_is_deferred(ex, t); d++) {
			csvout_text(f, ex->sc->centre.types[t].name);
			fprintf(f, ",%d,%s,%s", d, fmt_date(h, d, date, sizeof date),
				weekday_of_day(h, d));
			measures_row(f, replay_day(x->rp, t, d, 0), replay_actual_day, x->rp, t, d);
		}
	return STATUS_OK;
}

static int write_actual_hours(FILE *f, const struct replay_ctx *x)
{
	const struct experiment *ex = x->ex;
	char hour[16];
	fputs("contact_type,hour", f);
	measures_header(f);
	for (int t = 0; t < ex->n_types; t++)
		for (int hr = 0; hr < REPLAY_HOURS && !type_is_deferred(ex, t); hr++) {
			if (!replay_hour_used(x->rp, hr))
				continue;
			csvout_text(f, ex->sc->centre.types[t].name);
			fprintf(f, ",%s", fmt_hour(hr, hour, sizeof hour));
			measures_row(f, replay_hour(x->rp, t, hr, 0), replay_actual_hour, x->rp, t, hr);
		}
	return STATUS_OK;
}

static int write_actual_errors(FILE *f, const struct replay_ctx *x)
{
	const struct experiment *ex = x->ex;
	fputs("contact_type,period,measure,n,mae,bias,rmse\n", f);
	for (int t = 0; t < ex->n_types; t++)
		for (int p = 0; p < 2 && !type_is_deferred(ex, t); p++)
			for (int m = 0; m < REPLAY_MEASURES; m++) {
				double mae, bias, rmse;
				int n = replay_error(x->rp, t, p == 1, (enum replay_measure)m,
						     &mae, &bias, &rmse);
				csvout_text(f, ex->sc->centre.types[t].name);
				fprintf(f, ",%s,%s,%d,", p ? "hour" : "day",
					replay_measure_name((enum replay_measure)m), n);
				csvout_num(f, mae);
				csv_sep(f);
				csvout_num(f, bias);
				csv_sep(f);
				csvout_num(f, rmse);
				fputc('\n', f);
			}
	return STATUS_OK;
}

int report_write_actual(const struct experiment *ex, const struct replay *rp, const char *dir)
{
	const struct replay_ctx x = { ex, rp };
	int rc = write_replay_file(dir, "actual.csv", write_actual_intervals, &x);
	if (rc == STATUS_OK)
		rc = write_replay_file(dir, "actual_days.csv", write_actual_days, &x);
	if (rc == STATUS_OK)
		rc = write_replay_file(dir, "actual_hours.csv", write_actual_hours, &x);
	if (rc == STATUS_OK)
		rc = write_replay_file(dir, "actual_errors.csv", write_actual_errors, &x);
	return rc;
}
