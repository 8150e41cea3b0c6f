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
 * the call inlines. Only valid where cgsl_mt_layout_matches says so (checked
 * once per generator by the caller). */
typedef struct { unsigned long mt[624]; int mti; } cgsl_mt_state;

static inline int cgsl_mt_layout_matches(const gsl_rng *r) {
  return r->type == gsl_rng_mt19937 && r->type->size == sizeof(cgsl_mt_state);
}

/* The regeneration of the 624-word block, once every 624 outputs: the same
 * recurrence, in the same order, on the same state as GSL's mt_get (rng/mt.c),
 * so the words, and every later output, are GSL's exactly; it leaves the state
 * as GSL leaves it (index 0), so GSL's own functions (gsl_rng_get, the
 * gsl_ran_* samplers) carry on from it. It differs from GSL's loop only in
 * form: the twist's constant is selected by a mask instead of a branch on a
 * random bit (a mispredicted branch half the time), and the words are twisted
 * several at a time, in vectors of 64-bit lanes (the state's words are
 * unsigned longs holding 32 bits, GSL's layout, which cannot change).
 *
 * Why that is the same as one word at a time: word k (k < 623) becomes
 * twist(mt[k], mt[k + 1], mt[(k + 397) mod 624]). For k < 227 the two words it
 * reads beyond mt[k] (k + 1 and k + 397) are not yet regenerated, so a vector
 * of words k .. k + L - 1 loads mt[k + 1 .. k + L] and mt[k + 397 .. k + 396 + L]
 * (unaligned loads, all old words: the next vector's store comes after these
 * loads) before it stores. For 227 <= k < 623 it reads mt[k - 227], already
 * regenerated, 227 words back (further than any vector), and mt[k + 1], not yet.
 * A vector never spans k = 227, where the third word wraps from the end of the
 * block to its start: the first loop's last words (227 is not a multiple of the
 * width) are done one at a time. The last word reads mt[0] (new) and mt[396].
 *
 * Two widths: 2 lanes (16-byte vectors, SSE2 on x86-64, the baseline every
 * x86-64 has; NEON elsewhere, or scalar code where there is no vector unit), and
 * 4 lanes (32-byte vectors, AVX2) on x86-64 processors that have AVX2, chosen at
 * run time, once a block (a load and a bit test: __builtin_cpu_supports reads a
 * table the C runtime fills at start-up). Valgrind emulates AVX2, so
 * Benchmarks/instructions.sh counts the AVX2 path on an AVX2 machine. Tested
 * against gsl_rng_get word for word, state for state, each path on its own, and
 * against the published mt19937 vector (Tests/SimulationTests/RandomStreamTests.swift). */
#define CGSL_MT_N 624
#define CGSL_MT_M 397
/* Works on unsigned longs and on vectors of them alike (a scalar operand of a
 * vector operation applies to every lane). */
#define CGSL_MT_TWIST(u, v, far) \
  ((far) ^ ((((u) & 0x80000000UL) | ((v) & 0x7fffffffUL)) >> 1) ^ ((0UL - ((v) & 1UL)) & 0x9908b0dfUL))

/* The whole regeneration with vectors of type VT (L = sizeof(VT) / 8 lanes): the
 * body of each path. Loads and stores go through __builtin_memcpy (unaligned,
 * and no aliasing assumptions), which compiles to one vector load or store. */
#define CGSL_MT_REGENERATE_WITH(VT, s)                                              \
  do {                                                                             \
    unsigned long *mt_ = (s)->mt;                                                  \
    const int lanes_ = (int)(sizeof(VT) / sizeof(unsigned long));                  \
    int k_ = 0;                                                                    \
    for (; k_ + lanes_ <= CGSL_MT_N - CGSL_MT_M; k_ += lanes_) {                   \
      VT u_, v_, f_;                                                               \
      __builtin_memcpy(&u_, mt_ + k_, sizeof u_);                                  \
      __builtin_memcpy(&v_, mt_ + k_ + 1, sizeof v_);                              \
      __builtin_memcpy(&f_, mt_ + k_ + CGSL_MT_M, sizeof f_);                      \
      u_ = CGSL_MT_TWIST(u_, v_, f_);                                              \
      __builtin_memcpy(mt_ + k_, &u_, sizeof u_);                                  \
    }                                                                              \
    for (; k_ < CGSL_MT_N - CGSL_MT_M; k_++)                                       \
      mt_[k_] = CGSL_MT_TWIST(mt_[k_], mt_[k_ + 1], mt_[k_ + CGSL_MT_M]);          \
    for (; k_ + lanes_ <= CGSL_MT_N - 1; k_ += lanes_) {                           \
      VT u_, v_, f_;                                                               \
      __builtin_memcpy(&u_, mt_ + k_, sizeof u_);                                  \
      __builtin_memcpy(&v_, mt_ + k_ + 1, sizeof v_);                              \
      __builtin_memcpy(&f_, mt_ + k_ + (CGSL_MT_M - CGSL_MT_N), sizeof f_);        \
      u_ = CGSL_MT_TWIST(u_, v_, f_);                                              \
      __builtin_memcpy(mt_ + k_, &u_, sizeof u_);                                  \
    }                                                                              \
    for (; k_ < CGSL_MT_N - 1; k_++)                                               \
      mt_[k_] = CGSL_MT_TWIST(mt_[k_], mt_[k_ + 1], mt_[k_ + (CGSL_MT_M - CGSL_MT_N)]); \
    mt_[CGSL_MT_N - 1] = CGSL_MT_TWIST(mt_[CGSL_MT_N - 1], mt_[0], mt_[CGSL_MT_M - 1]); \
    (s)->mti = 0;                                                                  \
  } while (0)

typedef unsigned long cgsl_mt_vec2 __attribute__((vector_size(16)));

/* The 2-lane path: the fallback on every processor. */
static __attribute__((noinline)) void cgsl_mt_regenerate_2(cgsl_mt_state *s) {
  CGSL_MT_REGENERATE_WITH(cgsl_mt_vec2, s);
}

#if defined(__x86_64__)
typedef unsigned long cgsl_mt_vec4 __attribute__((vector_size(32)));

/* The 4-lane path, compiled for AVX2 whatever the build's target (only called
 * where the processor has it). */
static __attribute__((noinline, target("avx2"))) void cgsl_mt_regenerate_4(cgsl_mt_state *s) {
  CGSL_MT_REGENERATE_WITH(cgsl_mt_vec4, s);
}
#endif

/* The paths this build has and this processor can run: bit 0 the 2-lane path
 * (always), bit 1 the AVX2 path. */
static inline int cgsl_mt_regenerate_paths(void) {
#if defined(__x86_64__)
  return 1 | (__builtin_cpu_supports("avx2") ? 2 : 0);
#else
  return 1;
#endif
}

/* Regenerates with a given path (1: 2 lanes, 2: AVX2), for the tests; returns 0
 * and changes nothing if this build or processor cannot run it. */
static inline int cgsl_mt_regenerate_using(cgsl_mt_state *s, int path) {
  if (!(cgsl_mt_regenerate_paths() & path)) return 0;
#if defined(__x86_64__)
  if (path == 2) { cgsl_mt_regenerate_4(s); return 1; }
#endif
  if (path == 1) { cgsl_mt_regenerate_2(s); return 1; }
  return 0;
}

/* The regeneration as the generator calls it: the widest path the processor has.
 * Not inlined, so each caller's rare path stays one call. */
static __attribute__((noinline)) void cgsl_mt_regenerate(cgsl_mt_state *s) {
#if defined(__x86_64__)
  if (__builtin_cpu_supports("avx2")) { cgsl_mt_regenerate_4(s); return; }
#endif
  cgsl_mt_regenerate_2(s);
}

static inline unsigned long cgsl_mt_get(const gsl_rng *r) {
  cgsl_mt_state *s = (cgsl_mt_state *)r->state;
  if (__builtin_expect(s->mti >= CGSL_MT_N, 0)) cgsl_mt_regenerate(s);
  unsigned long k = s->mt[s->mti++];
  k ^= k >> 11;
  k ^= (k << 7) & 0x9d2c5680UL;
  k ^= (k << 15) & 0xefc60000UL;
  k ^= k >> 18;
  return k;
}

/* The state's words and index, for a cursor that reads outputs with the index kept in a
 * register (Sources/Simulation/GeneratorCursor.swift): it reads the same words in the same
 * order, tempers them as cgsl_mt_get does, regenerates the block at the same point
 * (cgsl_mt_refill, when its index reaches 624) and writes its index back before anything
 * else draws from the generator. */
static inline unsigned long *cgsl_mt_words(const gsl_rng *r) { return ((cgsl_mt_state *)r->state)->mt; }
static inline int *cgsl_mt_index(const gsl_rng *r) { return &((cgsl_mt_state *)r->state)->mti; }
static inline void cgsl_mt_refill(const gsl_rng *r) { cgsl_mt_regenerate((cgsl_mt_state *)r->state); }

/* Where the next cgsl_mt_get reads: the index, and the word it points at (the first word
 * when the block is used up, since the regeneration starts there), for a caller that
 * prefetches them before a later draw. Reads the index; changes nothing. */
static inline const void *cgsl_mt_index_address(const gsl_rng *r) {
  return &((const cgsl_mt_state *)r->state)->mti;
}
static inline const void *cgsl_mt_next_word_address(const gsl_rng *r) {
  const cgsl_mt_state *s = (const cgsl_mt_state *)r->state;
  int i = s->mti;
  return &s->mt[i < CGSL_MT_N ? i : 0];
}

/* x truncated toward zero, for 0 <= x < 2^63 only (the caller checks): the conversion without
 * Swift's checks for NaN and range (Sources/Simulation/Time.swift, roundedTicks). */
static inline long long cgsl_truncate(double x) { return (long long)x; }

/* A hint to the processor to start loading the cache line at p for reading
 * (no fault if p is not mapped; no effect on results). The engine passes the
 * next event to the model before the current one is handled, so the model can
 * start loading that event's records while it works (Sources/Simulation/Prefetch.swift). */
static inline void cgsl_prefetch(const void *p) { __builtin_prefetch(p, 0, 3); }

/* The same for a line about to be written: PREFETCHW where the build targets processors
 * that have it, else the same as cgsl_prefetch. */
static inline void cgsl_prefetch_write(const void *p) { __builtin_prefetch(p, 1, 3); }

/* t truncated toward zero and clamped to [-32768, 32767] (Sources/Simulation/FastMath.swift):
 * the clamp in double (two comparisons the compiler makes a MAXSD and a MINSD), then one
 * CVTTSD2SI, with no range checks or branches. Clamping first changes nothing: a value
 * within the bounds has the same whole part, and one beyond them (whose whole part is
 * beyond them too, or is the bound) gives the bound. A NaN would give 0 (not an input this
 * is for). */
static inline short cgsl_trunc_clamp_i16(double t) {
  t = t < -32768.0 ? -32768.0 : t;
  t = t > 32767.0 ? 32767.0 : t;
  return (short)(int)t;
}

/* The eight needs' levels, two bits each (level k in bits 2k and 2k+1), as computed tiering
 * packs them (Sources/Probation/Tiering/TieringState.swift, redrawDynamic): own parts q[0..7]
 * in units of 1/4096, each need's score base + residual * (q[k] * 2^-12), its level the count
 * of the thresholds t0, t1, t2 below the score, at most 2. With t0 <= t1 <= t2 (the caller
 * checks) that is [t0 < s] + [t1 < s]. The same operations on each score as the scalar code
 * (the conversion, the product with 2^-12, the product with the residual, the sum, the
 * comparisons), two scores at a time; each comparison's answers are collected by MOVMSKPD
 * into eight bits, and the bits of both spread to even places and added. */
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
static inline unsigned short cgsl_needs_levels(const short *q, double base, double residual, double t0, double t1) {
#if defined(__SSE2__)
  __m128i v = _mm_loadu_si128((const __m128i *)q);
  __m128i sign = _mm_srai_epi16(v, 15);
  __m128i lo = _mm_unpacklo_epi16(v, sign), hi = _mm_unpackhi_epi16(v, sign);
  const __m128d unit = _mm_set1_pd(1.0 / 4096), r = _mm_set1_pd(residual), b = _mm_set1_pd(base);
  __m128d s0 = _mm_add_pd(b, _mm_mul_pd(r, _mm_mul_pd(_mm_cvtepi32_pd(lo), unit)));
  __m128d s1 = _mm_add_pd(b, _mm_mul_pd(r, _mm_mul_pd(_mm_cvtepi32_pd(_mm_shuffle_epi32(lo, 0xEE)), unit)));
  __m128d s2 = _mm_add_pd(b, _mm_mul_pd(r, _mm_mul_pd(_mm_cvtepi32_pd(hi), unit)));
  __m128d s3 = _mm_add_pd(b, _mm_mul_pd(r, _mm_mul_pd(_mm_cvtepi32_pd(_mm_shuffle_epi32(hi, 0xEE)), unit)));
  const __m128d a = _mm_set1_pd(t0), c = _mm_set1_pd(t1);
  unsigned m0 = (unsigned)_mm_movemask_pd(_mm_cmplt_pd(a, s0)) | ((unsigned)_mm_movemask_pd(_mm_cmplt_pd(a, s1)) << 2)
      | ((unsigned)_mm_movemask_pd(_mm_cmplt_pd(a, s2)) << 4) | ((unsigned)_mm_movemask_pd(_mm_cmplt_pd(a, s3)) << 6);
  unsigned m1 = (unsigned)_mm_movemask_pd(_mm_cmplt_pd(c, s0)) | ((unsigned)_mm_movemask_pd(_mm_cmplt_pd(c, s1)) << 2)
      | ((unsigned)_mm_movemask_pd(_mm_cmplt_pd(c, s2)) << 4) | ((unsigned)_mm_movemask_pd(_mm_cmplt_pd(c, s3)) << 6);
#else
  unsigned m0 = 0, m1 = 0;
  for (int k = 0; k < 8; k++) {
    double s = base + residual * ((double)q[k] * (1.0 / 4096));
    m0 |= (unsigned)(t0 < s) << k;
    m1 |= (unsigned)(t1 < s) << k;
  }
#endif
  unsigned x = m0 | (m1 << 16);
  x = (x | (x << 4)) & 0x0F0F0F0Fu;
  x = (x | (x << 2)) & 0x33333333u;
  x = (x | (x << 1)) & 0x55555555u;
  return (unsigned short)((x & 0xFFFFu) + (x >> 16));
}

#endif
