/* Greatest common divisor of two positive doubles up to a tolerance:
 * Euclid with fmod, a remainder within tol of 0 or of the divisor
 * counting as 0.  Used to find the grid (quantum) that ANAC 2014 style
 * utilities sit on: the bid pool's level DP (src/negotiate/bidpool.c)
 * and the joint grid DP of the analysis (src/analysis/gridjoint.c). */
#ifndef PARLEY_FGCD_H
#define PARLEY_FGCD_H

#include <math.h>

static inline double pl__fgcd(double a, double b, double tol)
{
    if (a < b) {
        const double t = a;
        a = b;
        b = t;
    }
    while (b > tol) {
        double r = fmod(a, b);
        if (b - r <= tol)
            r = 0;
        a = b;
        b = r;
    }
    return a;
}

#endif
