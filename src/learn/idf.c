/* idf.c — inverse document frequency of hashed feature rows.
 *
 * The features are log-scaled counts scaled to unit length; with --idf each
 * hashed row is also weighted by how rare it is in the training documents,
 * as scikit-learn's TfidfVectorizer(sublinear_tf=True) does, so that "the"
 * speaks more quietly than "airstrike" in a long article.  The table is
 * stored in the model as one byte per row (times a scale), and training
 * uses those same quantised values, so a model predicts exactly as it was
 * trained. */
#include <math.h>

#include "learn/idf.h"

void ns_idf_from_df(const uint32_t *df, size_t n, size_t rows, int min_df, uint8_t *q, float *scale)
{
    /* the largest idf is that of a row in one document */
    double top = log((1.0 + (double)n) / 2.0) + 1.0;
    float s = (float)(top / 255.0);
    if (min_df < 1)
        min_df = 1;
    /* Most rows share a few small document frequencies: their q is worked
     * out once (a logarithm per used row was a few percent of training). */
    uint8_t known[1024] = {0}; /* q of df, 0 while not yet worked out */
    for (size_t r = 0; r < rows; r++) {
        uint32_t f = df[r];
        if (f < (uint32_t)min_df) {
            q[r] = 0;
            continue;
        }
        if (f < 1024 && known[f]) {
            q[r] = known[f];
            continue;
        }
        double v = log((1.0 + (double)n) / (1.0 + (double)f)) + 1.0;
        long k = lrint(v / s);
        q[r] = (uint8_t)(k < 1 ? 1 : k > 255 ? 255 : k);
        if (f < 1024)
            known[f] = q[r];
    }
    *scale = s;
}

void ns_idf_apply(const uint32_t *idx, float *val, size_t n, size_t rows, const uint8_t *q, float scale)
{
    /* A featurized vector is sorted by row and its dense style rows (at
     * `rows` and above) come last: the hashed part is a prefix. */
    size_t h = n;
    while (h && idx[h - 1] >= rows)
        h--;
    double norm2 = 0;
    for (size_t i = 0; i < h; i++) {
        if (i + 16 < h) /* the byte table misses the cache on nearly every row */
            __builtin_prefetch(q + idx[i + 16]);
        float v = val[i] * ((float)q[idx[i]] * scale);
        val[i] = v;
        norm2 += (double)v * v;
    }
    if (!(norm2 > 0))
        return;
    float inv = (float)(1.0 / sqrt(norm2));
    for (size_t i = 0; i < h; i++)
        val[i] *= inv;
}
