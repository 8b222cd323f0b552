/* parley: the caller-seeded random number generator.
 *
 * xoshiro256** (Blackman and Vigna, 2018) seeded through splitmix64, so
 * any 64-bit seed gives a well-mixed state.  Every random choice in parley
 * draws from a pl_rng the caller seeded: same seed, same results.  A
 * pl_rng is a plain value: copy it to fork a stream, or derive independent
 * streams with pl_rng_stream(). */
#ifndef PARLEY_RNG_H
#define PARLEY_RNG_H

#include <stdint.h>

#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct pl_rng {
    uint64_t s[4];
} pl_rng;

/* Seed `r` from `seed`. */
PL_API void pl_rng_seed(pl_rng *r, uint64_t seed);
/* Seed `r` for sub-stream `stream` of `seed` (e.g. one per task or thread
 * id), independent of how many streams exist. */
PL_API void pl_rng_stream(pl_rng *r, uint64_t seed, uint64_t stream);
/* Next 64 random bits. */
PL_API uint64_t pl_rng_next(pl_rng *r);
/* Uniform double in [0, 1) with 53 random bits. */
PL_API double pl_rng_uniform(pl_rng *r);
/* Uniform integer in [0, n); n > 0.  Unbiased (Lemire's method). */
PL_API uint64_t pl_rng_below(pl_rng *r, uint64_t n);

#ifdef __cplusplus
}
#endif
#endif
