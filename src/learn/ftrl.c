/* ftrl.c — FTRL-proximal arithmetic, per coordinate (McMahan et al. 2013):
 *
 *   w = 0                                          when |z| <= l1
 *   w = -(z - sign(z) l1) / ((beta + sqrt(n)) / alpha + l2)   otherwise
 *   step by gradient g at w:  sqrt(n') = sqrt(n + g^2),
 *                             z += g - (sqrt(n') - sqrt(n)) / alpha * w
 *
 * The state keeps sqrt(n) rather than n: a weight then costs a division and
 * a step one square root.  Those are what an epoch spends its time on once
 * the rows are in cache (a document's rows are prefetched ahead of use, and
 * a row's state for all labels shares one cache line), so the labels of a
 * row are computed four at a time in SSE registers.  Every lane does the
 * scalar formula's operations in the scalar formula's order, and IEEE
 * division and square root are exactly rounded in SIMD as in scalar code:
 * the weights, and so the model bytes, are those of the plain loop. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "learn/ftrl.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define FTRL_BETA 1.0f

/* How many of a vector's rows are fetched ahead of their use (measured:
 * 12 against 0, 4 and 32 on the bench tasks). */
#define PREFETCH_AHEAD 12

void *ns_rows_alloc(size_t bytes, size_t *mapped, int prefault)
{
    *mapped = 0;
#if defined(MAP_ANONYMOUS) && defined(MADV_HUGEPAGE)
    /* Anonymous memory comes zeroed, and in huge pages it faults 512 times
     * less often: at 2^19 rows the faults of first touch cost more than a
     * short training run itself, and scattered rows miss the TLB less. */
    size_t huge = (size_t)2 << 20, page = 4096;
    if (bytes >= huge) {
        size_t len = (bytes + huge - 1) / huge * huge;
        char *m = mmap(NULL, len + huge, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (m != MAP_FAILED) {
            /* keep the 2 MB-aligned part, give back the rest */
            char *at = m + (huge - (uintptr_t)m % huge) % huge;
            if (at > m)
                munmap(m, (size_t)(at - m));
            if (at + len < m + len + huge)
                munmap(at + len, (size_t)(m + len + huge - (at + len)));
            madvise(at, len, MADV_HUGEPAGE);
#ifdef MADV_POPULATE_WRITE
            /* an array read before it is written (counters, the weights'
             * state) first maps the shared zero page, and its first write
             * then copies it and flushes the TLB: in a virtual machine
             * that fault is dearer than the page.  Writable from the
             * start, it faults not at all (kernels before 5.14 say EINVAL
             * and fault as before). */
            if (prefault)
                madvise(at, len, MADV_POPULATE_WRITE);
#endif
            *mapped = len;
            return at;
        }
    }
#ifdef MAP_POPULATE
    if (prefault && bytes >= 16 * page) {
        size_t len = (bytes + page - 1) / page * page;
        void *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
        if (m != MAP_FAILED) {
            *mapped = len;
            return m;
        }
    }
#endif
#endif
    return calloc(1, bytes ? bytes : 1);
}

void ns_rows_free(void *p, size_t mapped)
{
#if defined(MAP_ANONYMOUS) && defined(MADV_HUGEPAGE)
    if (mapped) {
        munmap(p, mapped);
        return;
    }
#endif
    free(p);
}

int ns_ftrl_init(ns_ftrl *L, size_t rows, size_t nl, double alpha, double l1, double l2)
{
    memset(L, 0, sizeof *L);
    L->rows = rows, L->nl = nl;
    L->lanes = nl <= 2 ? 2 : (nl + 3) / 4 * 4;
    L->stride = 2 * L->lanes; /* 16, 32 or 64 bytes up to 8 labels: never across two cache lines */
    L->l1 = (float)l1, L->l2 = (float)l2, L->inv_alpha = (float)(1.0 / alpha);
    L->s = ns_rows_alloc((rows + 1) * L->stride * sizeof(float), &L->s_mapped, 1);
    return L->s ? 0 : -1;
}

void ns_ftrl_free(ns_ftrl *L)
{
    if (L->s)
        ns_rows_free(L->s, L->s_mapped);
    L->s = NULL;
}

static inline float *row_state(const ns_ftrl *L, size_t row)
{
    return L->s + row * L->stride;
}

static inline float weight1(float z, float sq, float l1, float l2, float inv_alpha)
{
    if (fabsf(z) <= l1)
        return 0;
    return -(z - (z > 0 ? l1 : -l1)) / ((FTRL_BETA + sq) * inv_alpha + l2);
}

static inline void step1(float *z, float *sqp, float g, float w, float inv_alpha)
{
    float sq = *sqp, sq2 = sqrtf(sq * sq + g * g);
    *z += g - (sq2 - sq) * inv_alpha * w;
    *sqp = sq2;
}

void ns_ftrl_prefetch(const ns_ftrl *L, const uint32_t *idx, size_t n)
{
    for (size_t i = 0; i < n && i < PREFETCH_AHEAD; i++)
        __builtin_prefetch(row_state(L, idx[i]), 1, 3);
}

#ifdef __SSE2__
/* weight1 on four lanes, without its branches (z's sign is a coin toss for
 * the branch predictor): copysign(l1, z) is -l1 or l1 as z < 0 or z > 0,
 * and z = 0 is masked to 0 anyway; -(a) / b is -(a / b) exactly. */
static inline __m128 weight4(__m128 z, __m128 sq, __m128 l1, __m128 l2, __m128 inv_alpha)
{
    const __m128 sign = _mm_set1_ps(-0.0f);
    __m128 zero_w = _mm_cmple_ps(_mm_andnot_ps(sign, z), l1);
    __m128 num = _mm_sub_ps(z, _mm_or_ps(_mm_and_ps(sign, z), l1));
    __m128 den = _mm_add_ps(_mm_mul_ps(_mm_add_ps(_mm_set1_ps(FTRL_BETA), sq), inv_alpha), l2);
    return _mm_andnot_ps(zero_w, _mm_xor_ps(_mm_div_ps(num, den), sign));
}

/* step1 on four lanes; returns the new z, *sq becomes the new sqrt(n). */
static inline __m128 step4(__m128 z, __m128 *sq, __m128 g, __m128 w, __m128 inv_alpha)
{
    __m128 sq2 = _mm_sqrt_ps(_mm_add_ps(_mm_mul_ps(*sq, *sq), _mm_mul_ps(g, g)));
    __m128 d = _mm_mul_ps(_mm_mul_ps(_mm_sub_ps(sq2, *sq), inv_alpha), w);
    *sq = sq2;
    return _mm_add_ps(z, _mm_sub_ps(g, d));
}
#endif

static void bias_logits(const ns_ftrl *L, double *logit)
{
    const float *b = row_state(L, L->rows);
    for (size_t c = 0; c < L->lanes; c++)
        logit[c] = weight1(b[c], b[L->lanes + c], 0, 0, L->inv_alpha);
}

#ifdef __SSE2__
/* The logits of 4 or 8 labels (a constant where it is called, so that the
 * sums stay in registers: summed through memory, each row waited on the
 * store of the one before). */
static inline __attribute__((always_inline)) void logits_lanes(const ns_ftrl *L, const uint32_t *idx,
                                                               const float *val, size_t n, double *logit,
                                                               float *wbuf, const size_t lanes)
{
    const float *s = L->s;
    const size_t stride = 2 * lanes;
    const __m128 l1 = _mm_set1_ps(L->l1), l2 = _mm_set1_ps(L->l2), ia = _mm_set1_ps(L->inv_alpha);
    __m128d acc[4];
    for (size_t c = 0; c < lanes / 2; c++)
        acc[c] = _mm_loadu_pd(logit + 2 * c);
    for (size_t i = 0; i < n; i++) {
        if (i + PREFETCH_AHEAD < n)
            __builtin_prefetch(s + (size_t)idx[i + PREFETCH_AHEAD] * stride, 1, 3);
        const float *r = s + (size_t)idx[i] * stride;
        __m128 x = _mm_set1_ps(val[i]);
        for (size_t c = 0; c < lanes; c += 4) {
            __m128 w = weight4(_mm_loadu_ps(r + c), _mm_loadu_ps(r + lanes + c), l1, l2, ia);
            if (wbuf)
                _mm_storeu_ps(wbuf + i * lanes + c, w);
            __m128 xw = _mm_mul_ps(x, w);
            acc[c / 2] = _mm_add_pd(acc[c / 2], _mm_cvtps_pd(xw));
            acc[c / 2 + 1] = _mm_add_pd(acc[c / 2 + 1], _mm_cvtps_pd(_mm_movehl_ps(xw, xw)));
        }
    }
    for (size_t c = 0; c < lanes / 2; c++)
        _mm_storeu_pd(logit + 2 * c, acc[c]);
}
#endif

#if defined(__x86_64__) && defined(__SSE2__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define FTRL_AVX2 1
/* Eight labels in one AVX register: half the divisions and square roots of
 * two SSE registers.  The same operations in the same order on every lane
 * (AVX without FMA, whose fused rounding would differ), so the bytes are
 * those of the SSE and scalar paths on any x86-64. */
#define AVX2_FN static __attribute__((target("avx2"))) __attribute__((noinline))

static int avx2_on = -1; /* -1: not yet asked of the CPU */

void ns_ftrl_use_avx2(int on)
{
    avx2_on = on && __builtin_cpu_supports("avx2");
}

static inline int use_avx2(void)
{
    if (avx2_on < 0)
        ns_ftrl_use_avx2(1);
    return avx2_on;
}

AVX2_FN void logits8_avx2(const ns_ftrl *L, const uint32_t *idx, const float *val, size_t n, double *logit,
                          float *wbuf)
{
    const float *s = L->s;
    const __m256 l1 = _mm256_set1_ps(L->l1), l2 = _mm256_set1_ps(L->l2), ia = _mm256_set1_ps(L->inv_alpha);
    const __m256 sign = _mm256_set1_ps(-0.0f), beta = _mm256_set1_ps(FTRL_BETA);
    __m256d acc0 = _mm256_loadu_pd(logit), acc1 = _mm256_loadu_pd(logit + 4);
    for (size_t i = 0; i < n; i++) {
        if (i + PREFETCH_AHEAD < n)
            __builtin_prefetch(s + (size_t)idx[i + PREFETCH_AHEAD] * 16, 1, 3);
        const float *r = s + (size_t)idx[i] * 16;
        __m256 z = _mm256_loadu_ps(r), sq = _mm256_loadu_ps(r + 8);
        __m256 zero_w = _mm256_cmp_ps(_mm256_andnot_ps(sign, z), l1, _CMP_LE_OQ);
        __m256 num = _mm256_sub_ps(z, _mm256_or_ps(_mm256_and_ps(sign, z), l1));
        __m256 den = _mm256_add_ps(_mm256_mul_ps(_mm256_add_ps(beta, sq), ia), l2);
        __m256 w = _mm256_andnot_ps(zero_w, _mm256_xor_ps(_mm256_div_ps(num, den), sign));
        if (wbuf)
            _mm256_storeu_ps(wbuf + i * 8, w);
        __m256 xw = _mm256_mul_ps(_mm256_set1_ps(val[i]), w);
        acc0 = _mm256_add_pd(acc0, _mm256_cvtps_pd(_mm256_castps256_ps128(xw)));
        acc1 = _mm256_add_pd(acc1, _mm256_cvtps_pd(_mm256_extractf128_ps(xw, 1)));
    }
    _mm256_storeu_pd(logit, acc0);
    _mm256_storeu_pd(logit + 4, acc1);
}

AVX2_FN void update8_avx2(ns_ftrl *L, const uint32_t *idx, const float *val, size_t n, const float *g,
                          const float *wbuf)
{
    float *s = L->s;
    const __m256 ia = _mm256_set1_ps(L->inv_alpha), gv = _mm256_loadu_ps(g);
    for (size_t i = 0; i < n; i++) {
        float *r = s + (size_t)idx[i] * 16;
        __m256 z = _mm256_loadu_ps(r), sq = _mm256_loadu_ps(r + 8);
        __m256 gi = _mm256_mul_ps(gv, _mm256_set1_ps(val[i]));
        __m256 sq2 = _mm256_sqrt_ps(_mm256_add_ps(_mm256_mul_ps(sq, sq), _mm256_mul_ps(gi, gi)));
        __m256 d = _mm256_mul_ps(_mm256_mul_ps(_mm256_sub_ps(sq2, sq), ia), _mm256_loadu_ps(wbuf + i * 8));
        _mm256_storeu_ps(r, _mm256_add_ps(z, _mm256_sub_ps(gi, d)));
        _mm256_storeu_ps(r + 8, sq2);
    }
}
#else
void ns_ftrl_use_avx2(int on)
{
    (void)on;
}
#endif

void ns_ftrl_logits(const ns_ftrl *L, const uint32_t *idx, const float *val, size_t n, double *logit,
                    float *wbuf)
{
    size_t lanes = L->lanes;
    bias_logits(L, logit);
    ns_ftrl_prefetch(L, idx, n);
#ifdef __SSE2__
    const __m128 l1 = _mm_set1_ps(L->l1), l2 = _mm_set1_ps(L->l2), ia = _mm_set1_ps(L->inv_alpha);
    if (lanes == 2) {
        /* z and sqrt(n) of both labels in one register: [z0 z1 n0 n1] */
        const float *s = L->s;
        __m128d acc = _mm_loadu_pd(logit);
        for (size_t i = 0; i < n; i++) {
            if (i + PREFETCH_AHEAD < n)
                __builtin_prefetch(s + (size_t)idx[i + PREFETCH_AHEAD] * 4, 1, 3);
            __m128 v = _mm_loadu_ps(s + (size_t)idx[i] * 4);
            __m128 w = weight4(v, _mm_movehl_ps(v, v), l1, l2, ia);
            if (wbuf)
                _mm_storel_pi((__m64 *)(wbuf + 2 * i), w);
            acc = _mm_add_pd(acc, _mm_cvtps_pd(_mm_mul_ps(_mm_set1_ps(val[i]), w)));
        }
        _mm_storeu_pd(logit, acc);
        return;
    }
    if (lanes == 4) {
        logits_lanes(L, idx, val, n, logit, wbuf, 4);
        return;
    }
    if (lanes == 8) {
#ifdef FTRL_AVX2
        if (use_avx2()) {
            logits8_avx2(L, idx, val, n, logit, wbuf);
            return;
        }
#endif
        logits_lanes(L, idx, val, n, logit, wbuf, 8);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        if (i + PREFETCH_AHEAD < n)
            __builtin_prefetch(row_state(L, idx[i + PREFETCH_AHEAD]), 1, 3);
        const float *r = row_state(L, idx[i]);
        __m128 x = _mm_set1_ps(val[i]);
        for (size_t c = 0; c < lanes; c += 4) {
            __m128 w = weight4(_mm_loadu_ps(r + c), _mm_loadu_ps(r + lanes + c), l1, l2, ia);
            if (wbuf)
                _mm_storeu_ps(wbuf + i * lanes + c, w);
            __m128 xw = _mm_mul_ps(x, w);
            _mm_storeu_pd(logit + c, _mm_add_pd(_mm_loadu_pd(logit + c), _mm_cvtps_pd(xw)));
            _mm_storeu_pd(logit + c + 2,
                          _mm_add_pd(_mm_loadu_pd(logit + c + 2), _mm_cvtps_pd(_mm_movehl_ps(xw, xw))));
        }
    }
#else
    for (size_t i = 0; i < n; i++) {
        if (i + PREFETCH_AHEAD < n)
            __builtin_prefetch(row_state(L, idx[i + PREFETCH_AHEAD]), 1, 3);
        const float *r = row_state(L, idx[i]);
        for (size_t c = 0; c < lanes; c++) {
            float w = weight1(r[c], r[lanes + c], L->l1, L->l2, L->inv_alpha);
            if (wbuf)
                wbuf[i * lanes + c] = w;
            logit[c] += val[i] * w;
        }
    }
#endif
}

#ifdef __SSE2__
/* The step of 4 or 8 labels, with the row's stride a constant. */
static inline __attribute__((always_inline)) void update_lanes(ns_ftrl *L, const uint32_t *idx,
                                                               const float *val, size_t n, const float *g,
                                                               const float *wbuf, const size_t lanes)
{
    float *s = L->s;
    const size_t stride = 2 * lanes;
    const __m128 ia = _mm_set1_ps(L->inv_alpha);
    __m128 gv[2];
    for (size_t c = 0; c < lanes; c += 4)
        gv[c / 4] = _mm_loadu_ps(g + c);
    for (size_t i = 0; i < n; i++) {
        float *r = s + (size_t)idx[i] * stride;
        __m128 x = _mm_set1_ps(val[i]);
        for (size_t c = 0; c < lanes; c += 4) {
            __m128 sq = _mm_loadu_ps(r + lanes + c);
            __m128 z = step4(_mm_loadu_ps(r + c), &sq, _mm_mul_ps(gv[c / 4], x),
                             _mm_loadu_ps(wbuf + i * lanes + c), ia);
            _mm_storeu_ps(r + c, z);
            _mm_storeu_ps(r + lanes + c, sq);
        }
    }
}
#endif

void ns_ftrl_update(ns_ftrl *L, const uint32_t *idx, const float *val, size_t n, const float *g,
                    const float *wbuf)
{
    size_t lanes = L->lanes;
    float *b = row_state(L, L->rows);
    for (size_t c = 0; c < lanes; c++)
        step1(&b[c], &b[lanes + c], g[c], weight1(b[c], b[lanes + c], 0, 0, L->inv_alpha), L->inv_alpha);
#ifdef __SSE2__
    const __m128 ia = _mm_set1_ps(L->inv_alpha);
    if (lanes == 2) {
        __m128 g2 = _mm_loadl_pi(_mm_setzero_ps(), (const __m64 *)g);
        float *s = L->s;
        for (size_t i = 0; i < n; i++) {
            float *r = s + (size_t)idx[i] * 4;
            __m128 v = _mm_loadu_ps(r), sq = _mm_movehl_ps(v, v);
            __m128 w = _mm_loadl_pi(_mm_setzero_ps(), (const __m64 *)(wbuf + 2 * i));
            __m128 z = step4(v, &sq, _mm_mul_ps(g2, _mm_set1_ps(val[i])), w, ia);
            _mm_storeu_ps(r, _mm_movelh_ps(z, sq));
        }
        return;
    }
    if (lanes == 4) {
        update_lanes(L, idx, val, n, g, wbuf, 4);
        return;
    }
    if (lanes == 8) {
#ifdef FTRL_AVX2
        if (use_avx2()) {
            update8_avx2(L, idx, val, n, g, wbuf);
            return;
        }
#endif
        update_lanes(L, idx, val, n, g, wbuf, 8);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        float *r = row_state(L, idx[i]);
        __m128 x = _mm_set1_ps(val[i]);
        for (size_t c = 0; c < lanes; c += 4) {
            __m128 sq = _mm_loadu_ps(r + lanes + c);
            __m128 z = step4(_mm_loadu_ps(r + c), &sq, _mm_mul_ps(_mm_loadu_ps(g + c), x),
                             _mm_loadu_ps(wbuf + i * lanes + c), ia);
            _mm_storeu_ps(r + c, z);
            _mm_storeu_ps(r + lanes + c, sq);
        }
    }
#else
    for (size_t i = 0; i < n; i++) {
        float *r = row_state(L, idx[i]);
        for (size_t c = 0; c < lanes; c++)
            step1(&r[c], &r[lanes + c], g[c] * val[i], wbuf[i * lanes + c], L->inv_alpha);
    }
#endif
}

void ns_ftrl_materialize(const ns_ftrl *L, float *w, float *bias)
{
    size_t nl = L->nl, lanes = L->lanes;
    for (size_t k = 0; k < L->rows; k++) {
        const float *r = row_state(L, k);
        for (size_t c = 0; c < nl; c++)
            w[k * nl + c] = weight1(r[c], r[lanes + c], L->l1, L->l2, L->inv_alpha);
    }
    const float *b = row_state(L, L->rows);
    for (size_t c = 0; c < nl; c++)
        bias[c] = weight1(b[c], b[lanes + c], 0, 0, L->inv_alpha);
}
