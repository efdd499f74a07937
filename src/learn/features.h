/* features.h — from tokens to a sparse, normalised feature vector.
 * The hashing is specified byte for byte in docs/model-format.md. */
#ifndef NS_LEARN_FEATURES_H
#define NS_LEARN_FEATURES_H

#include "newssift.h"

/* Where one feature occurrence came from, kept only when explaining.  A word
 * n-gram covers tokens tok .. tok+len-1; a character n-gram covers bytes
 * [off, off+len) of the padded form "<" + norm + ">" of token tok. */
typedef struct ns_occ {
    uint32_t bucket;
    uint32_t vi; /* index of its row in the feature vector */
    uint32_t tok;
    uint16_t off;
    uint8_t len;
    uint8_t is_char;
} ns_occ;

typedef struct ns_fvec {
    uint32_t *idx; /* sorted, unique feature indices */
    float *val;
    size_t n, cap;
} ns_fvec;

/* The memo of words' character n-grams (features.c). */
typedef struct ns_cgram_cache ns_cgram_cache;

#define NS_LOG_TABLE 64

/* Per-thread working memory for feature extraction. */
typedef struct ns_featurizer {
    ns_tokens tokens;
    uint64_t *thash; /* one hash per token */
    size_t thash_cap;
    /* keys, bucket << 8 | weight (the occurrences a key stands for, 1 to
     * 255), and sort space */
    uint32_t *keys, *tmp;
    size_t keys_n, keys_cap, tmp_cap;
    /* the text's distinct tokens: first token and count, and a hash table
     * of them (index + 1, 0 empty) */
    uint32_t *dtok, *dcnt, *dslot;
    size_t dtok_cap, dcnt_cap, dslot_cap;
    ns_occ *occ; /* occurrences, when explaining */
    size_t occ_n, occ_cap;
    ns_fvec vec;
    uint64_t *pairs, *pairs_tmp; /* (row << 32 | occurrence), when explaining */
    size_t pairs_cap, pairs_tmp_cap;
    ns_cgram_cache *cg;       /* made on first use */
    float log1[NS_LOG_TABLE]; /* 1 + ln(i), filled on first use */
    int log_ready;
    /* What the caller (predict.c) reads the vector with, set before
     * ns_featurize or ns_featurize_part: an idf table (NULL: none) that
     * the hashed rows are weighed by within them, exactly as ns_idf_apply
     * would weigh them after; and the weight rows of the model, row_bytes
     * each (NULL: none), fetched into the cache meanwhile. */
    const uint8_t *idf;
    float idf_scale;
    const char *rows;
    size_t row_bytes;
    /* The text of the last ns_featurize with its occurrences kept, for
     * ns_featurize_part; NULL when the last call kept none. */
    const char *text;
    size_t text_len;
    ns_feature_config fc;
} ns_featurizer;

/* Number of weight rows a configuration needs: 2^bits + dense features. */
size_t ns_feature_rows(const ns_feature_config *fc);

/* Tokenizes text and fills f->vec (and f->occ when keep_occ).  The vector's
 * hashed part has L2 norm 1 (log-scaled counts); dense style features follow
 * at rows 2^bits .. 2^bits+NS_DENSE_FEATURES-1. */
int ns_featurize(ns_featurizer *f, const ns_feature_config *fc, const char *text, size_t len, int keep_occ,
                 ns_error *err);
void ns_featurizer_free(ns_featurizer *f);

/* f->vec for text[off, off + part_len), when whole last featurized all of
 * text[0..len) with its occurrences kept and the same n-gram settings as
 * fc: the part's tokens and n-grams are whole's (a page's sentences are
 * read once, as the article, not again one by one), and the vector equals
 * what ns_featurize of the part would give.  Sets *done to 1 then, else to
 * 0 (the part must be featurized afresh: another text or settings, or a
 * token of whole runs across an end of the part).  Only f->vec is filled. */
int ns_featurize_part(ns_featurizer *f, const ns_featurizer *whole, const ns_feature_config *fc,
                      const char *text, size_t len, size_t off, size_t part_len, int *done, ns_error *err);

/* The text of the feature an occurrence stands for ("round up", "<rou"). */
int ns_occ_text(const ns_featurizer *f, const ns_occ *o, char *buf, size_t cap);
/* Its span in the original text. */
ns_span ns_occ_span(const ns_featurizer *f, const ns_occ *o);

extern const char *const ns_dense_names[NS_DENSE_FEATURES];

#endif
