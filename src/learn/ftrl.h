/* ftrl.h — the FTRL-proximal state of a linear model with several labels,
 * and the two things training asks of it: the logits of a sparse vector,
 * and an update by a gradient (train.c drives the epochs). */
#ifndef NS_LEARN_FTRL_H
#define NS_LEARN_FTRL_H

#include <stddef.h>
#include <stdint.h>

/* The state of row r for all labels lies in one block of `stride` floats
 * at s + r * stride: z of every label in [0, lanes), the root of the summed
 * squared gradients (sqrt(n)) of every label in [lanes, 2 * lanes).  lanes
 * is n_labels rounded up to 2 or to a multiple of 4 (the labels past
 * n_labels stay 0), so that the labels of a row are computed side by side
 * in SIMD registers.  The bias is one more row, at index `rows`. */
typedef struct ns_ftrl {
    size_t rows, nl, lanes, stride;
    float *s;
    size_t s_mapped; /* for ns_rows_free */
    float l1, l2, inv_alpha;
} ns_ftrl;

/* A zeroed state for rows feature rows (plus the bias) and nl labels;
 * -1 when out of memory. */
int ns_ftrl_init(ns_ftrl *L, size_t rows, size_t nl, double alpha, double l1, double l2);
void ns_ftrl_free(ns_ftrl *L);

/* Fetches the first rows of a vector into cache ahead of its turn. */
void ns_ftrl_prefetch(const ns_ftrl *L, const uint32_t *idx, size_t n);

/* logit[0..lanes) = bias + sum of val[i] * weight of row idx[i], summed in
 * double in the order of the vector.  With wbuf (n * lanes floats) the
 * weights used are kept there, for ns_ftrl_update. */
void ns_ftrl_logits(const ns_ftrl *L, const uint32_t *idx, const float *val, size_t n, double *logit,
                    float *wbuf);

/* One FTRL-proximal step of the bias by g[0..lanes) and of every row of the
 * vector by g * val[i], taken at the weights wbuf kept by ns_ftrl_logits
 * (g of the labels past nl is 0). */
void ns_ftrl_update(ns_ftrl *L, const uint32_t *idx, const float *val, size_t n, const float *g,
                    const float *wbuf);

/* The weights of every row into w (row-major, nl per row) and of the bias
 * into bias[0..nl). */
void ns_ftrl_materialize(const ns_ftrl *L, float *w, float *bias);

/* Whether the 8-label path may use AVX2 when the CPU has it (it does by
 * default; the results are the same bit for bit, which tests check). */
void ns_ftrl_use_avx2(int on);

/* Zeroed memory for arrays of 2^bits rows; *mapped is what ns_rows_free
 * needs to give it back.  prefault: the pages are made writable now, for
 * an array that is read before it is written (see ftrl.c). */
void *ns_rows_alloc(size_t bytes, size_t *mapped, int prefault);
void ns_rows_free(void *p, size_t mapped);

#endif
