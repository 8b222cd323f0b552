/* parley: multi-party, multi-issue negotiation analysis.  Umbrella header.
 *
 *   pl_scenario_load_file()  read a parley/1 YAML or JSON scenario
 *   pl_analyze()             zone, Pareto frontier, Nash, KS, ...
 *   pl_report_text() / pl_report_json()   render an analysis
 *   pl_scenario_load_genius()  read GENIUS XML domains and profiles
 *   pl_session_run()         simulate one negotiation session
 *   pl_fc_predict()          spatial forecasts (compromise, BDM, ...)
 */
#ifndef PARLEY_PARLEY_H
#define PARLEY_PARLEY_H

#define PL_VERSION_MAJOR 0
#define PL_VERSION_MINOR 1
#define PL_VERSION_PATCH 0
#define PL_VERSION_STRING "0.1.0"

#include "analysis.h"
#include "forecast.h"
#include "genius.h"
#include "negotiate.h"
#include "report.h"
#include "rng.h"
#include "scenario.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif
/* PL_VERSION_MAJOR*10000 + MINOR*100 + PATCH of the linked library. */
PL_API unsigned pl_version_number(void);
#ifdef __cplusplus
}
#endif
#endif
