/* SPDX-License-Identifier: GPL-3.0-or-later
 * A small fast PRNG (xoshiro256**, Blackman & Vigna 2018) seeded by splitmix64.
 * Every worker owns one; streams derive from (seed, worker index) so that runs
 * are reproducible for a given seed and thread count.
 */
#ifndef KEEL_RNG_H
#define KEEL_RNG_H

#include <stdint.h>

typedef struct keel_rng {
    uint64_t s[4];
} keel_rng;

static inline uint64_t keel_splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Seeds stream `stream` of `seed`. Cannot fail. */
static inline void keel_rng_seed(keel_rng *r, uint64_t seed, uint64_t stream)
{
    uint64_t x = seed ^ (stream * 0xd1b54a32d192ed03ULL);
    for (int i = 0; i < 4; i++)
        r->s[i] = keel_splitmix64(&x);
}

static inline uint64_t keel_rng_next(keel_rng *r)
{
    uint64_t *s = r->s;
    uint64_t x = s[1] * 5;
    uint64_t result = ((x << 7) | (x >> 57)) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = (s[3] << 45) | (s[3] >> 19);
    return result;
}

/* Uniform integer in [0, n), n > 0 (Lemire's multiply-shift; bias < 2^-32 for
 * the small n keel uses). */
static inline uint32_t keel_rng_below(keel_rng *r, uint32_t n)
{
    return (uint32_t)(((keel_rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* Uniform double in [0, 1). */
static inline double keel_rng_unit(keel_rng *r)
{
    return (double)(keel_rng_next(r) >> 11) * 0x1.0p-53;
}

/* An index i of odds[0..n) drawn with probability odds[i] / their sum
 * (roulette wheel); entries <= 0 are never drawn; -1 when none is > 0. One
 * draw from r in every case, so that a caller's stream does not depend on
 * the odds. */
static inline int keel_rng_pick(keel_rng *r, const double *odds, int n)
{
    double total = 0;
    for (int i = 0; i < n; i++)
        total += odds[i] > 0 ? odds[i] : 0;
    double x = keel_rng_unit(r) * total;
    int last = -1; /* the pick when rounding runs past the last positive entry */
    for (int i = 0; i < n; i++) {
        if (!(odds[i] > 0))
            continue;
        if (x < odds[i])
            return i;
        x -= odds[i];
        last = i;
    }
    return last;
}

#endif
