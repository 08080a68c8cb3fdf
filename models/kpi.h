/*
 * kpi.h: contact-centre KPIs of inbound calls, from raw counts.
 *
 * Counts of one period (an interval, a day, the horizon), calls attributed
 * to the interval in which they arrive:
 *   R   received            every call that arrives, open or closed
 *   N   presented (offered) calls that arrive while open: N = A + B
 *   A   answered            B   abandoned
 *   A_T answered within T   B_T abandoned within T (wait <= T)
 *   B_s short abandons      (wait < the short-abandon threshold)
 * Service level, by the formula the scenario chooses:
 *   SL_OVER_ANSWERED               A_T / A
 *   SL_OVER_PRESENTED              A_T / (A + B)
 *   SL_EXCLUDING_ABANDONED_WITHIN  A_T / (A + B - B_T)
 *   SL_COUNTING_ABANDONED_WITHIN   (A_T + B_T) / (A + B)
 *   SL_EXCLUDING_SHORT             A_T / (A + B - B_s)
 * abandon rate   B / (A + B), or (B - B_s) / (A + B - B_s) when short
 *                abandons are excluded
 * accessibility  A / (A + B)           (answered over presented)
 * ASA            sum of waits of answered calls / A
 * mean wait      sum of waits of presented calls (answered: until answer;
 *                abandoned: until hang-up) / (A + B)
 * p90, p95, max  quantiles and maximum of the waits of presented calls
 * occupancy      agent-seconds busy (handling or wrap-up) / agent-seconds
 *                logged in, over the groups that serve the contact type
 * A ratio with a zero denominator is undefined and returned as NaN; reports
 * print it as empty ("-", null), never as a number.
 */
#ifndef CCSIM_KPI_H
#define CCSIM_KPI_H

#include <stdbool.h>
#include <stdint.h>

#define KPI_MAX_THRESHOLDS 8

struct kpi_counts {
	uint64_t received;
	uint64_t presented;
	uint64_t answered;
	uint64_t abandoned;
	uint64_t short_abandons;
	uint64_t answered_within[KPI_MAX_THRESHOLDS];
	uint64_t abandoned_within[KPI_MAX_THRESHOLDS];
	double wait_answered_s;  /* sum of waits of answered calls */
	double wait_all_s;       /* sum of waits of presented calls */
	double max_wait_s;
};

enum kpi {
	KPI_RECEIVED,
	KPI_PRESENTED,
	KPI_ANSWERED,
	KPI_ABANDONED,
	KPI_SHORT_ABANDONS,
	KPI_ANSWERED_WITHIN,
	KPI_SERVICE_LEVEL,
	KPI_ABANDON_RATE,
	KPI_ACCESSIBILITY,
	KPI_ASA,
	KPI_MEAN_WAIT,
	KPI_P90_WAIT,
	KPI_P95_WAIT,
	KPI_MAX_WAIT,
	KPI_OCCUPANCY,
	KPI_COUNT
};

enum sl_formula {
	SL_OVER_ANSWERED,
	SL_OVER_PRESENTED,
	SL_EXCLUDING_ABANDONED_WITHIN,
	SL_COUNTING_ABANDONED_WITHIN,
	SL_EXCLUDING_SHORT
};

/* How a contact type turns counts into rates. */
struct kpi_rules {
	enum sl_formula sl_formula;
	bool abandon_excludes_short;
};

/* Wait percentiles of the presented calls of a period; NaN when none. */
struct kpi_waits {
	double p90_s;
	double p95_s;
};

/* Busy and logged-in agent-seconds of the groups serving a contact type. */
struct kpi_agent_time {
	double busy_s;
	double logged_s;
};

void kpi_counts_add(struct kpi_counts *dst, const struct kpi_counts *src);

/* The value of `kpi` for these counts, wait percentiles and agent time
 * (waits and agents may be NULL: their KPIs are then NaN); threshold index
 * ti selects A_T and B_T.  NaN when undefined. */
double kpi_value(enum kpi kpi, const struct kpi_counts *c, const struct kpi_waits *waits,
		 const struct kpi_agent_time *agents, const struct kpi_rules *rules,
		 int ti);

double kpi_service_level(const struct kpi_counts *c, enum sl_formula f, int ti);

/* Stable names used in scenarios, JSON and CSV ("service_level", "asa_s",
 * ...); kpi_parse returns STATUS_EINVAL for an unknown name. */
const char *kpi_name(enum kpi kpi);
int kpi_parse(const char *name, enum kpi *kpi);
/* True for KPIs that take a threshold T (answered_within, service_level). */
bool kpi_uses_threshold(enum kpi kpi);
/* True for ratios in [0, 1] (printed as percentages). */
bool kpi_is_ratio(enum kpi kpi);

const char *kpi_sl_formula_name(enum sl_formula f);
int kpi_sl_formula_parse(const char *name, enum sl_formula *f);

#endif
