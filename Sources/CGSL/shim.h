/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The GSL headers Caseflow uses, plus accessors for GSL's generator types.
 * GSL declares each generator type as a mutable C global
 * (`GSL_VAR const gsl_rng_type *gsl_rng_mt19937;`), which Swift 6 strict
 * concurrency rejects; a static inline accessor per type keeps Swift away
 * from the global itself.
 */
#ifndef CASEFLOW_CGSL_SHIM_H
#define CASEFLOW_CGSL_SHIM_H

#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_multimin.h>
/* Sensitivity analysis (Sources/Simulation/Sensitivity.swift): Sobol sequences, least squares. */
#include <gsl/gsl_qrng.h>
#include <gsl/gsl_multifit.h>

static inline const gsl_rng_type *cgsl_rng_mt19937(void) { return gsl_rng_mt19937; }
static inline const gsl_rng_type *cgsl_rng_taus2(void) { return gsl_rng_taus2; }
static inline const gsl_rng_type *cgsl_rng_ranlxd2(void) { return gsl_rng_ranlxd2; }
/* The Nelder–Mead simplex (version 2: O(n) updates, random-free initial simplex). */
static inline const gsl_multimin_fminimizer_type *cgsl_multimin_nmsimplex2(void) { return gsl_multimin_fminimizer_nmsimplex2; }

/* Sobol's quasi-random sequence (at most 40 dimensions in GSL). */
static inline const gsl_qrng_type *cgsl_qrng_sobol(void) { return gsl_qrng_sobol; }

/* GSL's default error handler aborts the process. Caseflow validates every
 * parameter before it reaches GSL, and would rather get an error code back
 * than lose a run, so the handler is switched off once at start-up. */
static inline void cgsl_disable_abort_on_error(void) { gsl_set_error_handler_off(); }

/* One raw 32-bit output of a generator (mt19937 gives 32 random bits per
 * call). GSL defines gsl_rng_get inline only under HAVE_INLINE; this keeps the
 * call one indirect jump into the generator, for the ziggurat samplers. */
static inline unsigned long cgsl_rng_get(const gsl_rng *r) { return (r->type->get)(r->state); }

/* GSL's mt19937 keeps its state as 624 words (each holding 32 bits in an
 * unsigned long) and the index of the next unused word; it regenerates all
 * 624 at once when the index reaches 624, then tempers one word per output
 * (Matsumoto and Nishimura 1998). cgsl_mt_get returns exactly what
 * gsl_rng_get returns for such a generator, tempering the next word here so
 * the call inlines, and leaving the regeneration, once every 624 outputs, to
 * GSL. Only valid where cgsl_mt_layout_matches says so (checked once per
 * generator by the caller). */
typedef struct { unsigned long mt[624]; int mti; } cgsl_mt_state;

static inline int cgsl_mt_layout_matches(const gsl_rng *r) {
  return r->type == gsl_rng_mt19937 && r->type->size == sizeof(cgsl_mt_state);
}

static inline unsigned long cgsl_mt_get(const gsl_rng *r) {
  cgsl_mt_state *s = (cgsl_mt_state *)r->state;
  if (__builtin_expect(s->mti >= 624, 0)) return (r->type->get)(r->state);
  unsigned long k = s->mt[s->mti++];
  k ^= k >> 11;
  k ^= (k << 7) & 0x9d2c5680UL;
  k ^= (k << 15) & 0xefc60000UL;
  k ^= k >> 18;
  return k;
}

/* A hint to the processor to start loading the cache line at p for reading
 * (no fault if p is not mapped; no effect on results). The engine passes the
 * next event to the model before the current one is handled, so the model can
 * start loading that event's records while it works (Sources/Simulation/Prefetch.swift). */
static inline void cgsl_prefetch(const void *p) { __builtin_prefetch(p, 0, 3); }

#endif
