/* train_matrix.h — the featurized corpus training runs its epochs on: a
 * compressed sparse matrix of the documents' feature vectors, built in
 * parallel, weighted by idf and renumbered densely. */
#ifndef NS_TRAIN_MATRIX_H
#define NS_TRAIN_MATRIX_H

#include <stddef.h>
#include <stdint.h>

#include "learn/corpus.h"
#include "learn/features.h"
#include "newssift.h"

/* A featurized corpus: rows of (index, value) in CSR form. */
typedef struct matrix {
    size_t n;
    size_t *off; /* n + 1 */
    uint32_t *idx;
    float *val;
    size_t idx_mapped, val_mapped; /* for ns_rows_free */
    size_t cap;                    /* of idx and val, in elements */
    int *y;                        /* label index, -1 for a label the model does not know,
                                      SET_LABEL for a set of labels (partial labels, in ym) */
    uint64_t *ym;                  /* per document: the labels it allows (partial labels only) */
    float *dw;                     /* per document: its weight in the loss (class weights) */
} matrix;

#define NO_LABEL (-1)
#define SET_LABEL (-2)

void ns_matrix_free(matrix *m);

/* Featurizes every document of c into m, in threads contiguous slices
 * joined in order: the result does not depend on the thread count. */
int ns_matrix_featurize(const ns_corpus *c, const ns_feature_config *fc, int threads, matrix *m,
                        ns_error *err);

/* Every row of m weighted by the idf table (see idf.h). */
void ns_matrix_idf(matrix *m, size_t hashed, const uint8_t *q, float scale);

/* Renumbers the rows of X and D densely, most frequent first: see
 * train_matrix.c.  -1 when out of memory. */
int ns_matrix_compact_rows(matrix *X, matrix *D, size_t rows, uint32_t *map, uint32_t **hashed_of,
                           size_t *n_dense);

#endif
