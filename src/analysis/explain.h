/* Explanations a mediator reads: give-and-get per party in the Nash
 * package, and the value-creating trades (logrolls) between parties.
 *
 * Called by pl_analyze() once the solution concepts are known; fills
 * a->nash_give_get and a->logrolls / a->n_logrolls.  (a->hopeless is
 * filled by the enumeration itself.)  Cost is O(parties^2 * issues^2 * options), negligible
 * next to the analysis itself. */
#ifndef PARLEY_EXPLAIN_H
#define PARLEY_EXPLAIN_H

#include "parley/analysis.h"

pl_status pl__analysis_explain(const pl_scenario *s, pl_analysis *a);

#endif
