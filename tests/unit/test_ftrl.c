/* test_ftrl.c — the SIMD FTRL-proximal arithmetic (src/learn/ftrl.c) against
 * the scalar formula, bit for bit: model bytes must not depend on which
 * path, or which CPU, computed them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "learn/ftrl.h"

#define ROWS 97
#define STEPS 3000
#define MAXN 40

/* the formulas of ftrl.c's header, one coordinate at a time */
static float ref_weight(float z, float sq, float l1, float l2, float inv_alpha)
{
    if (fabsf(z) <= l1)
        return 0;
    return -(z - (z > 0 ? l1 : -l1)) / ((1.0f + sq) * inv_alpha + l2);
}

static void ref_step(float *z, float *sq, float g, float w, float inv_alpha)
{
    float sq2 = sqrtf(*sq * *sq + g * g);
    *z += g - (sq2 - *sq) * inv_alpha * w;
    *sq = sq2;
}

static uint64_t rnd(uint64_t *s)
{
    *s = *s * 6364136223846793005ull + 1442695040888963407ull;
    return *s >> 33;
}

static void check_labels(size_t nl, double l1)
{
    ns_ftrl L;
    assert_int_equal(ns_ftrl_init(&L, ROWS, nl, 0.7, l1, 1e-3), 0);
    float *z = calloc((ROWS + 1) * nl, sizeof *z), *sq = calloc((ROWS + 1) * nl, sizeof *sq);
    float *wbuf = malloc(MAXN * L.lanes * sizeof *wbuf), g[64] = {0}, w[MAXN][8];
    double logit[64], ref[8];
    uint32_t idx[MAXN];
    float val[MAXN];
    uint64_t s = 12345 + nl;
    for (int step = 0; step < STEPS; step++) {
        /* a vector of distinct rows, as the featurizer gives */
        size_t n = rnd(&s) % MAXN;
        for (size_t i = 0; i < n; i++) {
            uint32_t r;
            int dup;
            do {
                r = (uint32_t)(rnd(&s) % ROWS), dup = 0;
                for (size_t k = 0; k < i; k++)
                    dup |= idx[k] == r;
            } while (dup);
            idx[i] = r;
            val[i] = (float)(rnd(&s) % 1000) / 1000.0f - 0.2f;
        }
        ns_ftrl_logits(&L, idx, val, n, logit, wbuf);
        for (size_t c = 0; c < nl; c++)
            ref[c] = ref_weight(z[ROWS * nl + c], sq[ROWS * nl + c], 0, 0, L.inv_alpha);
        for (size_t i = 0; i < n; i++)
            for (size_t c = 0; c < nl; c++) {
                w[i][c] = ref_weight(z[idx[i] * nl + c], sq[idx[i] * nl + c], L.l1, L.l2, L.inv_alpha);
                ref[c] += val[i] * w[i][c];
            }
        for (size_t c = 0; c < nl; c++)
            assert_memory_equal(&logit[c], &ref[c], sizeof ref[c]);
        /* a softmax-like gradient that pulls one label up, the rest down */
        size_t y = rnd(&s) % nl;
        for (size_t c = 0; c < nl; c++)
            g[c] = (float)(1.0 / (1.0 + exp(-ref[c])) - (c == y));
        ns_ftrl_update(&L, idx, val, n, g, wbuf);
        for (size_t c = 0; c < nl; c++) {
            float bw = ref_weight(z[ROWS * nl + c], sq[ROWS * nl + c], 0, 0, L.inv_alpha);
            ref_step(&z[ROWS * nl + c], &sq[ROWS * nl + c], g[c], bw, L.inv_alpha);
        }
        for (size_t i = 0; i < n; i++)
            for (size_t c = 0; c < nl; c++)
                ref_step(&z[idx[i] * nl + c], &sq[idx[i] * nl + c], g[c] * val[i], w[i][c], L.inv_alpha);
    }
    float *mw = malloc(ROWS * nl * sizeof *mw), bias[8];
    ns_ftrl_materialize(&L, mw, bias);
    for (size_t r = 0; r < ROWS; r++)
        for (size_t c = 0; c < nl; c++) {
            float e = ref_weight(z[r * nl + c], sq[r * nl + c], L.l1, L.l2, L.inv_alpha);
            assert_memory_equal(&mw[r * nl + c], &e, sizeof e);
        }
    for (size_t c = 0; c < nl; c++) {
        float e = ref_weight(z[ROWS * nl + c], sq[ROWS * nl + c], 0, 0, L.inv_alpha);
        assert_memory_equal(&bias[c], &e, sizeof e);
    }
    free(mw), free(z), free(sq), free(wbuf);
    ns_ftrl_free(&L);
}

static void test_simd_matches_scalar(void **state)
{
    (void)state;
    for (int avx2 = 1; avx2 >= 0; avx2--) {
        ns_ftrl_use_avx2(avx2);
        for (size_t nl = 2; nl <= 8; nl++) {
            check_labels(nl, 0);
            check_labels(nl, 0.05);
        }
    }
    ns_ftrl_use_avx2(1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_simd_matches_scalar),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
