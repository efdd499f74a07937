/* idf.h — inverse document frequency of hashed feature rows (the --idf
 * option; docs/model-format.md, "IDF table"). */
#ifndef NS_LEARN_IDF_H
#define NS_LEARN_IDF_H

#include <stddef.h>
#include <stdint.h>

/* Fills q[0..rows) and *scale from df[0..rows), the number of the n
 * training documents each row is in.  A row's idf is ln((1 + n) / (1 + df))
 * + 1, as scikit-learn's smooth idf; it is stored as q * scale with q in
 * 1..255.  A row seen in fewer than min_df documents (so every row never
 * seen) gets q = 0: it is left out, as a vocabulary leaves out what it does
 * not know. */
void ns_idf_from_df(const uint32_t *df, size_t n, size_t rows, int min_df, uint8_t *q, float *scale);

/* Multiplies the hashed values (rows < rows) of one vector by their idf and
 * scales them back to Euclidean length 1; dense values are left as they are. */
void ns_idf_apply(const uint32_t *idx, float *val, size_t n, size_t rows, const uint8_t *q, float scale);

#endif
