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
 * (Matsumoto and Nishimura 1998). Caseflow's streams use the same generator with
 * the block's outputs tempered once (cgsl_rng_mt19937_tempered, below), whose state
 * starts with this one. cgsl_mt_layout_matches says whether a generator is GSL's
 * mt19937 laid out so (the tests compare states through it). */
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

/* Caseflow's generator: GSL's mt19937 with each block's outputs tempered once.
 *
 * mt19937 tempers every output as it is read: four shifts, two masks and four exclusive-ors
 * on the word, a dozen instructions an output, one output at a time (some 80 million in a
 * national replication). This generator keeps, beside GSL's state, the block's 624 outputs
 * already tempered (`out`), tempered a vector at a time when the block is made, so an
 * output is one load. Everything else is GSL's mt19937: its state comes first, laid out as
 * GSL's (cgsl_mt_state: the words and the index), seeded by GSL's own mt19937 `set`,
 * regenerated by cgsl_mt_regenerate (GSL's recurrence: see above), and each output is
 * out[mti++], the block regenerated when mti reaches 624, as GSL's mt_get does. So the
 * outputs are GSL's mt19937's, output for output (tested against gsl_rng_mt19937 word for
 * word and state for state, and against the published vector:
 * Tests/SimulationTests/RandomStreamTests.swift).
 *
 * It is a GSL generator type (a gsl_rng_type: name, range, state size and the set, get and
 * get_double functions, as GSL's own generators are defined), so GSL's samplers
 * (gsl_ran_binomial, gsl_rng_uniform_pos, …) draw through it too and the tempered outputs
 * can never fall behind the words: GSL reaches the state only through the type's functions
 * (and gsl_rng_memcpy copies it whole). The invariant, out[k] = temper(mt[k]) for every k,
 * is made by `set` (which tempers the seeded block) and kept by every regeneration.
 * The type is identified by its name and state size, not its address (each Swift module
 * that imports this header compiles its own copy of these static functions). */
typedef struct { cgsl_mt_state mt; unsigned int out[CGSL_MT_N]; } cgsl_mtt_state;

#define CGSL_MTT_NAME "mt19937 (tempered by blocks)"

/* Tempers the 624 words into `out`, 2L at a time: two vectors of L words (VT, unsigned long
 * lanes) loaded, their low halves (the words' 32 bits; little-endian, so the even unsigned int
 * lanes) gathered into one vector of 2L unsigned ints (UT) by SHUFFLE, and tempered in 32-bit
 * lanes (the same operations on the same 32 bits as GSL's mt_get: every result is below
 * 2^32 either way). 624 is a multiple of every 2L used. */
#define CGSL_MT_TEMPER_WITH(VT, UT, SHUFFLE, s)                            \
  do {                                                                     \
    const unsigned long *mt_ = (s)->mt.mt;                                 \
    unsigned int *out_ = (s)->out;                                         \
    const int lanes_ = (int)(sizeof(VT) / sizeof(unsigned long));          \
    for (int k_ = 0; k_ < CGSL_MT_N; k_ += 2 * lanes_) {                   \
      VT a_, b_;                                                           \
      __builtin_memcpy(&a_, mt_ + k_, sizeof a_);                          \
      __builtin_memcpy(&b_, mt_ + k_ + lanes_, sizeof b_);                 \
      UT w_ = SHUFFLE((UT)a_, (UT)b_);                                     \
      w_ ^= w_ >> 11;                                                      \
      w_ ^= (w_ << 7) & 0x9d2c5680U;                                       \
      w_ ^= (w_ << 15) & 0xefc60000U;                                      \
      w_ ^= w_ >> 18;                                                      \
      __builtin_memcpy(out_ + k_, &w_, sizeof w_);                         \
    }                                                                      \
  } while (0)

typedef unsigned int cgsl_mt_u32x4 __attribute__((vector_size(16)));
#define CGSL_MT_EVEN_4(a, b) __builtin_shufflevector(a, b, 0, 2, 4, 6)
static __attribute__((noinline)) void cgsl_mt_temper_2(cgsl_mtt_state *s) {
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  CGSL_MT_TEMPER_WITH(cgsl_mt_vec2, cgsl_mt_u32x4, CGSL_MT_EVEN_4, s);
#else
  /* (The words' 32 bits are not the even unsigned int lanes: one word at a time.) */
  for (int k = 0; k < CGSL_MT_N; k++) {
    unsigned long w = s->mt.mt[k];
    w ^= w >> 11;
    w ^= (w << 7) & 0x9d2c5680UL;
    w ^= (w << 15) & 0xefc60000UL;
    w ^= w >> 18;
    s->out[k] = (unsigned int)w;
  }
#endif
}
#if defined(__x86_64__)
typedef unsigned int cgsl_mt_u32x8 __attribute__((vector_size(32)));
#define CGSL_MT_EVEN_8(a, b) __builtin_shufflevector(a, b, 0, 2, 4, 6, 8, 10, 12, 14)
static __attribute__((noinline, target("avx2"))) void cgsl_mt_temper_4(cgsl_mtt_state *s) {
  CGSL_MT_TEMPER_WITH(cgsl_mt_vec4, cgsl_mt_u32x8, CGSL_MT_EVEN_8, s);
}
#endif

/* Tempers the whole block with a given path (1: 2 lanes, 2: AVX2), for the tests; returns 0
 * and changes nothing if this build or processor cannot run it. */
static inline int cgsl_mt_temper_using(cgsl_mtt_state *s, int path) {
  if (!(cgsl_mt_regenerate_paths() & path)) return 0;
#if defined(__x86_64__)
  if (path == 2) { cgsl_mt_temper_4(s); return 1; }
#endif
  if (path == 1) { cgsl_mt_temper_2(s); return 1; }
  return 0;
}

/* A new block: the words regenerated and tempered, with the widest path the processor has
 * (index 0). Not inlined: each caller's rare path stays one call. */
static __attribute__((noinline)) void cgsl_mtt_regenerate(cgsl_mtt_state *s) {
#if defined(__x86_64__)
  if (__builtin_cpu_supports("avx2")) { cgsl_mt_regenerate_4(&s->mt); cgsl_mt_temper_4(s); return; }
#endif
  cgsl_mt_regenerate_2(&s->mt);
  cgsl_mt_temper_2(s);
}

static void cgsl_mtt_set(void *state, unsigned long seed) {
  cgsl_mtt_state *s = (cgsl_mtt_state *)state;
  gsl_rng_mt19937->set(&s->mt, seed);
#if defined(__x86_64__)
  if (__builtin_cpu_supports("avx2")) { cgsl_mt_temper_4(s); return; }
#endif
  cgsl_mt_temper_2(s);
}

static unsigned long cgsl_mtt_get(void *state) {
  cgsl_mtt_state *s = (cgsl_mtt_state *)state;
  if (__builtin_expect(s->mt.mti >= CGSL_MT_N, 0)) cgsl_mtt_regenerate(s);
  return s->out[s->mt.mti++];
}

static double cgsl_mtt_get_double(void *state) { return (double)cgsl_mtt_get(state) / 4294967296.0; }

/* The generator type (GSL's mt19937's range: 0 … 2^32 - 1). */
static inline const gsl_rng_type *cgsl_rng_mt19937_tempered(void) {
  static const gsl_rng_type type = {
    CGSL_MTT_NAME, 0xffffffffUL, 0, sizeof(cgsl_mtt_state), cgsl_mtt_set, cgsl_mtt_get, cgsl_mtt_get_double
  };
  return &type;
}

/* Whether r is this generator (by name and state size), and GSL's mt19937's state is laid
 * out as cgsl_mt_state (so GSL's `set` seeds the words where they are read). */
static inline int cgsl_mtt_layout_matches(const gsl_rng *r) {
  return r->type->size == sizeof(cgsl_mtt_state) && __builtin_strcmp(r->type->name, CGSL_MTT_NAME) == 0
      && gsl_rng_mt19937->size == sizeof(cgsl_mt_state);
}

/* The next output, inline: exactly gsl_rng_get for this generator. */
static inline unsigned long cgsl_mtt_next(const gsl_rng *r) { return cgsl_mtt_get(r->state); }

/* For a cursor that keeps the index in a register (Sources/Simulation/GeneratorCursor.swift):
 * the tempered outputs, the index, and the regeneration (when the index reaches 624). */
static inline unsigned int *cgsl_mtt_outputs(const gsl_rng *r) { return ((cgsl_mtt_state *)r->state)->out; }
static inline int *cgsl_mtt_index(const gsl_rng *r) { return &((cgsl_mtt_state *)r->state)->mt.mti; }
static inline void cgsl_mtt_refill(const gsl_rng *r) { cgsl_mtt_regenerate((cgsl_mtt_state *)r->state); }

/* Where the next output is read: the index, and the output it points at (the first when the
 * block is used up, since the regeneration writes it first), for a caller that prefetches
 * them before a later draw. Reads the index; changes nothing. */
static inline const void *cgsl_mtt_index_address(const gsl_rng *r) {
  return &((const cgsl_mtt_state *)r->state)->mt.mti;
}
static inline const void *cgsl_mtt_next_output_address(const gsl_rng *r) {
  const cgsl_mtt_state *s = (const cgsl_mtt_state *)r->state;
  int i = s->mt.mti;
  return &s->out[i < CGSL_MT_N ? i : 0];
}

/* The fast path of the inline normal ziggurat (Sources/Simulation/NormalZiggurat.swift), for
 * many draws in a row (NormalZiggurat.fill): from output o[*index] on, out[k] for k = 0, 1, …
 * is the uniform (double)w * 2^-32 of the next output w when bit k of `uniforms` is set (none
 * from bit 64 on), else the normal of w's layer when w is on the sure part of it
 * (j = w >> 8 below the layer's limit: j times the layer's scale, negative when bit 7 of w
 * is clear), each output used once, in order. It stops, and returns how many it filled,
 * at `count`, at the end of the block (index 624) or at a normal whose word is not on the
 * sure part (left unread: the caller's slow path starts from it). The same operations on
 * the same numbers as the Swift code: an exact conversion, one multiplication, a sign
 * flipped. `layers` is the ziggurat's table of 128 layers, laid out as its Swift struct: a
 * 32-bit limit, then the scale and the density as doubles (24 bytes a layer; the tests
 * draw through both). */
typedef struct { unsigned int limit; double scale; double density; } cgsl_zig_layer;

/* One draw of cgsl_zig_fill at out[k] from w = o[i]: 1 when made, 0 for a normal off the
 * sure part (nothing written). */
static inline int cgsl_zig_one(const cgsl_zig_layer *layer, unsigned int w, int uniform, double *out) {
  if (uniform) { *out = (double)w * 0x1p-32; return 1; }
  const cgsl_zig_layer *l = layer + (w & 0x7f);
  unsigned int j = w >> 8;
  if (j >= l->limit) return 0;
  double x = (double)j * l->scale;
  unsigned long long b;
  __builtin_memcpy(&b, &x, sizeof b);
  b ^= (unsigned long long)(~w & 0x80) << 56;
  __builtin_memcpy(out, &b, sizeof b);
  return 1;
}

/* The bound of a fill from output i: `count`, but not past the block's end. */
static inline int cgsl_zig_span(int i, int count) {
  int n = count < CGSL_MT_N - i ? count : CGSL_MT_N - i;
  return n < 0 ? 0 : n;
}

static __attribute__((noinline)) int cgsl_zig_fill_1(const unsigned int *o, int *index, double *out, int count,
                                                     unsigned long long uniforms, const void *layers) {
  const cgsl_zig_layer *layer = (const cgsl_zig_layer *)layers;
  int i = *index, k = 0, n = cgsl_zig_span(i, count);
  for (; k < n; k++, i++) {
    if (!cgsl_zig_one(layer, o[i], k < 64 && ((uniforms >> k) & 1), out + k)) break;
  }
  *index = i;
  return k;
}

#if defined(__x86_64__)
#include <immintrin.h>
/* cgsl_zig_fill four at a time where it can (AVX2): four outputs, each to be a uniform or a
 * normal on the sure part of its layer, made at once (the layers' limits and scales gathered,
 * the same conversion, multiplication and sign as one at a time: j is below 2^24, so
 * converting it as a signed 32-bit integer is exact, and the limits, at most 2^24, compare the
 * same signed; a uniform's w is converted as the signed w - 2^31 plus 2^31, exact below 2^53,
 * then times 2^-32); a group with a normal off the sure part one at a time as
 * cgsl_zig_fill_1, up to that normal. */
static __attribute__((noinline, target("avx2"))) int cgsl_zig_fill_4(const unsigned int *o, int *index, double *out,
                                                                     int count, unsigned long long uniforms,
                                                                     const void *layers) {
  const cgsl_zig_layer *layer = (const cgsl_zig_layer *)layers;
  int i = *index, k = 0, n = cgsl_zig_span(i, count);
  const __m128i low7 = _mm_set1_epi32(0x7f), bit7 = _mm_set1_epi32(0x80);
  const __m128i lanes = _mm_setr_epi32(1, 2, 4, 8), top = _mm_set1_epi32((int)0x80000000u);
  const __m256d half32 = _mm256_set1_pd(0x1p31), scale32 = _mm256_set1_pd(0x1p-32);
  if (uniforms == 0) {
    /* Normals only (the dynamic attributes' own parts): groups of four while all four are on
     * the sure parts; what is left, one at a time below. */
    while (k + 4 <= n) {
      __m128i w = _mm_loadu_si128((const __m128i *)(o + i));
      __m128i at = _mm_and_si128(w, low7);
      at = _mm_add_epi32(_mm_slli_epi32(at, 1), at);
      __m128i j = _mm_srli_epi32(w, 8);
      __m128i limit = _mm_i32gather_epi32((const int *)layer, at, 8);
      if (_mm_movemask_ps(_mm_castsi128_ps(_mm_cmpgt_epi32(limit, j))) != 0xf) break;
      __m256d scale = _mm256_i32gather_pd((const double *)layer + 1, at, 8);
      __m256d x = _mm256_mul_pd(_mm256_cvtepi32_pd(j), scale);
      __m256i sign = _mm256_slli_epi64(_mm256_cvtepu32_epi64(_mm_andnot_si128(w, bit7)), 56);
      _mm256_storeu_pd(out + k, _mm256_xor_pd(x, _mm256_castsi256_pd(sign)));
      k += 4; i += 4;
    }
  }
  while (k < n) {
    if (k + 4 <= n) {
      int bits = k < 64 ? (int)((uniforms >> k) & 0xf) : 0;
      __m128i uniform = _mm_cmpeq_epi32(_mm_and_si128(_mm_set1_epi32(bits), lanes), lanes);
      __m128i w = _mm_loadu_si128((const __m128i *)(o + i));
      __m128i at = _mm_and_si128(w, low7);
      at = _mm_add_epi32(_mm_slli_epi32(at, 1), at);            /* the layer's offset in doubles (24 bytes a layer) */
      __m128i j = _mm_srli_epi32(w, 8);
      __m128i limit = _mm_i32gather_epi32((const int *)layer, at, 8);
      __m128i made = _mm_or_si128(_mm_cmpgt_epi32(limit, j), uniform);
      if (_mm_movemask_ps(_mm_castsi128_ps(made)) == 0xf) {
        __m256d scale = _mm256_i32gather_pd((const double *)layer + 1, at, 8);
        __m256d x = _mm256_mul_pd(_mm256_cvtepi32_pd(j), scale);
        __m256i sign = _mm256_slli_epi64(_mm256_cvtepu32_epi64(_mm_andnot_si128(w, bit7)), 56);
        x = _mm256_xor_pd(x, _mm256_castsi256_pd(sign));
        __m256d u = _mm256_mul_pd(_mm256_add_pd(_mm256_cvtepi32_pd(_mm_xor_si128(w, top)), half32), scale32);
        _mm256_storeu_pd(out + k, _mm256_blendv_pd(x, u, _mm256_castsi256_pd(_mm256_cvtepi32_epi64(uniform))));
        k += 4; i += 4;
        continue;
      }
    }
    if (!cgsl_zig_one(layer, o[i], k < 64 && ((uniforms >> k) & 1), out + k)) break;
    k++; i++;
  }
  *index = i;
  return k;
}
#endif

/* Which fill paths this build and processor can run: 1 one at a time, 2 four at a time. */
static inline int cgsl_zig_fill_paths(void) {
#if defined(__x86_64__)
  return __builtin_cpu_supports("avx2") ? 3 : 1;
#else
  return 1;
#endif
}

/* cgsl_zig_fill with a given path (for the tests); -1 and nothing done if it cannot run here. */
static inline int cgsl_zig_fill_using(int path, const unsigned int *o, int *index, double *out, int count,
                                      unsigned long long uniforms, const void *layers) {
  if (!(cgsl_zig_fill_paths() & path)) return -1;
#if defined(__x86_64__)
  if (path == 2) return cgsl_zig_fill_4(o, index, out, count, uniforms, layers);
#endif
  return cgsl_zig_fill_1(o, index, out, count, uniforms, layers);
}

static inline int cgsl_zig_fill(const unsigned int *o, int *index, double *out, int count,
                                unsigned long long uniforms, const void *layers) {
#if defined(__x86_64__)
  if (__builtin_cpu_supports("avx2")) return cgsl_zig_fill_4(o, index, out, count, uniforms, layers);
#endif
  return cgsl_zig_fill_1(o, index, out, count, uniforms, layers);
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


/* An unpaid work session day's read of eight list entries at once (UPWList.fill,
 * Sources/Probation/Interventions/InterventionsState.swift): entry j (0 … 7) may be booked when
 * notBefore[j] <= today and, unless `anyone` (places are left), its ETE byte is set. Returns
 * those eight answers as bits 0 … 7 and, in bits 8 …, how many of the eight ETE bytes are set.
 * The ETE bytes are 0 or 1 (Swift's Bool). The eight comparisons are two SSE2 compares packed
 * to bytes and one PMOVMSKB; the ETE bits one shift of the eight bytes (bit 0 of each to bit 7)
 * and a PMOVMSKB; their count the bytes' sum, by one multiplication (each byte is 0 or 1, so no
 * sum passes 8). The same answers as comparing entry by entry (tested: UPWListTests). */
static inline unsigned cgsl_upw_block(const int *notBefore, const unsigned char *ete, int today, int anyone) {
  unsigned long long w;
  __builtin_memcpy(&w, ete, 8);
  unsigned count = (unsigned)((w * 0x0101010101010101ULL) >> 56);
#if defined(__SSE2__)
  __m128i t = _mm_set1_epi32(today);
  __m128i late = _mm_packs_epi32(_mm_cmpgt_epi32(_mm_loadu_si128((const __m128i *)notBefore), t),
                                 _mm_cmpgt_epi32(_mm_loadu_si128((const __m128i *)(notBefore + 4)), t));
  unsigned ready = ~(unsigned)_mm_movemask_epi8(_mm_packs_epi16(late, late)) & 0xFFu;
  unsigned etes = (unsigned)_mm_movemask_epi8(_mm_slli_epi64(_mm_cvtsi64_si128((long long)w), 7)) & 0xFFu;
#else
  unsigned ready = 0, etes = 0;
  for (int j = 0; j < 8; j++) {
    ready |= (unsigned)(notBefore[j] <= today) << j;
    etes |= (unsigned)(ete[j] != 0) << j;
  }
#endif
  return (ready & (anyone ? 0xFFu : etes)) | (count << 8);
}


/* Hands the memory the process has freed back to the system where the C library can
 * (glibc's malloc_trim(0): the free pages of every arena); returns 1 if it released any.
 * Elsewhere does nothing. Between replications (Sources/Simulation/Replications.swift). */
#if defined(__GLIBC__)
#include <malloc.h>
static inline int cgsl_release_free_memory(void) { return malloc_trim(0); }
#else
static inline int cgsl_release_free_memory(void) { return 0; }
#endif

#endif
