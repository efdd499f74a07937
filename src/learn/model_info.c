/* model_info.c — a model described for people (`newssift model info`). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "learn/model.h"
#include "util/strbuf.h"

int ns_model_describe(const ns_model *m, char **out)
{
    ns_strbuf b = {0};
    const ns_feature_config *fc = &m->fc;
    sb_printf(&b, "format version  %d\n", m->version);
    sb_printf(&b, "file bytes      %zu\n", m->size);
    sb_printf(&b, "tokenizer       newssift-1 (NFKD, case folded, marks dropped, entities decoded)\n");
    sb_printf(&b, "word n-grams    %d-%d\n", fc->word_min, fc->word_max);
    if (fc->char_min)
        sb_printf(&b, "char n-grams    %d-%d\n", fc->char_min, fc->char_max);
    else
        sb_printf(&b, "char n-grams    off\n");
    sb_printf(&b, "hash buckets    2^%d\n", fc->bits);
    sb_printf(&b, "style features  %s\n", fc->dense ? "yes" : "no");
    if (m->idf) {
        size_t kept = 0, hashed = (size_t)1 << fc->bits;
        unsigned lo = 255, hi = 0;
        for (size_t r = 0; r < hashed; r++)
            if (m->idf[r]) {
                kept++;
                lo = m->idf[r] < lo ? m->idf[r] : lo;
                hi = m->idf[r] > hi ? m->idf[r] : hi;
            }
        sb_printf(&b, "idf weighting   yes, %zu of %zu rows kept, idf %.3f-%.3f\n", kept, hashed,
                  kept ? lo * (double)m->idf_scale : 0.0, kept ? hi * (double)m->idf_scale : 0.0);
    } else {
        sb_printf(&b, "idf weighting   no\n");
    }
    sb_printf(&b, "weights         %s, %zu rows x %zu labels\n", m->quantized ? "int8" : "float32", m->rows,
              m->n_labels);
    size_t nonzero = 0;
    for (size_t i = 0; i < m->rows * m->n_labels; i++)
        nonzero += ns_model_weight(m, i / m->n_labels, i % m->n_labels) != 0;
    sb_printf(&b, "nonzero weights %zu\n", nonzero);
    sb_printf(&b, "temperature     %.4f\n", m->temperature);
    sb_printf(&b, "labels          ");
    for (size_t i = 0; i < m->n_labels; i++) {
        sb_printf(&b, "%s", i ? ", " : "");
        sb_puts(&b, m->labels[i]);
    }
    sb_printf(&b, "\ntraining        %s\n", m->summary);
    if (b.oom) {
        sb_free(&b);
        return NS_ESYSTEM;
    }
    *out = b.p;
    return NS_OK;
}

/* The checks a load skips for speed: every weight finite. */
int ns_model_check_weights(const ns_model *m, const char *name, ns_error *err)
{
    for (size_t i = 0; i < m->rows * m->n_labels; i++) {
        float w = ns_model_weight(m, i / m->n_labels, i % m->n_labels);
        if (!isfinite(w))
            return ns_fail(err, NS_EINPUT, "%s: weight %zu is not a finite number", name, i);
    }
    return NS_OK;
}
