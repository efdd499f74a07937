/* features.c — hashed word and character n-grams, and style features.
 *
 * Each token's normalised form is hashed once with XXH3-64 (seed 0).  A word
 * n-gram of order k is the XXH3-64 of its k token hashes laid out as
 * little-endian 64-bit words, with seed k; a character n-gram is the XXH3-64
 * of its bytes with seed 256 + k.  The bucket is the hash's top `bits` bits.
 * Counts become 1 + ln(count) and the vector is scaled to unit length, so
 * that a tweet and a 5,000-word article speak to the model at one volume.
 *
 * Without explanations, a repeated token's unigram and character n-grams
 * are made (memo look-up, copy, sort) once, as keys weighted by the number
 * of times the token comes: a news article repeats about half its words.
 * The weight rides in the key's low byte (buckets have at most 24 bits),
 * so the keys still sort as plain integers; the counts, and with them the
 * vector, are the same as from one key per occurrence. */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
/* Inlined: most keys hashed here are 8 to 24 bytes, where a call costs as
 * much as the hash.  Same functions as libxxhash, compiled in place. */
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "learn/features.h"
#include "learn/key_sort.h"
#include "text/tokenize.h"
#include "util/grow.h"

/* A key: bucket << 8 | weight, 1 to 255. */
#define KEY(bucket, w) ((uint32_t)(bucket) << 8 | (uint32_t)(w))
#define BUCKET(key) ((key) >> 8)
#define WEIGHT(key) ((key)&0xFFu)
#define W_MAX 255u

const char *const ns_dense_names[NS_DENSE_FEATURES] = {
    "style:caps_share", "style:caps_words", "style:exclamations",
    "style:questions",  "style:length",     "style:punct_share",
};

size_t ns_feature_rows(const ns_feature_config *fc)
{
    return ((size_t)1 << fc->bits) + (fc->dense ? NS_DENSE_FEATURES : 0);
}

static void put_le64(unsigned char *o, uint64_t v)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    memcpy(o, &v, 8); /* one store where the loop below was eight */
#else
    for (int i = 0; i < 8; i++)
        o[i] = (unsigned char)(v >> (8 * i));
#endif
}

static int add_key(ns_featurizer *f, uint32_t bucket)
{
    if (f->keys_n == f->keys_cap &&
        ns_grow((void **)&f->keys, &f->keys_cap, f->keys_n + 1, sizeof *f->keys) < 0)
        return -1;
    f->keys[f->keys_n++] = bucket;
    return 0;
}

static int add_occ(ns_featurizer *f, uint32_t bucket, uint32_t tok, uint16_t off, uint8_t len,
                   uint8_t is_char)
{
    if (ns_grow((void **)&f->occ, &f->occ_cap, f->occ_n + 1, sizeof *f->occ) < 0)
        return -1;
    f->occ[f->occ_n++] = (ns_occ){bucket, 0, tok, off, len, is_char};
    return 0;
}

/* A memo of the character n-grams of words already seen, per featurizer
 * (so per thread).  News text repeats its words: the propaganda model reads
 * again, sentence by sentence, the words the article model just read, with
 * the same n-gram settings, and pages share most of their vocabulary.  An
 * entry is keyed by the token's normalised form (its hash is the token hash
 * ns_featurize computes anyway; the bytes are compared too) and the n-gram
 * settings, and holds each n-gram's bucket in the order the computation
 * below makes them, so a hit adds exactly what a miss would (an n-gram's
 * offset and length, needed only when explaining, follow from the word).
 * When full it is emptied and starts again.
 *
 * The memo is bigger than the cache, and its bytes decide its speed: with
 * four times the words predict ran 14% slower, though it missed less.  So
 * a slot is 16 bytes, and an entry's word and buckets lie side by side in
 * one array, so that a hit reads one or two cache lines after its slot
 * (8-byte n-grams and a separate word array read three or four). */
#define CG_SLOTS0 512u     /* open addressing, at most half used: 512 slots at */
#define CG_WORDS 16384u    /* first, doubling up to twice this many */
#define CG_DATA (1u << 21) /* 8 MB of words and n-grams at most */

/* A slot's meta: the n-gram settings (cfg, 13 bits, never 0: char_min is
 * at least 1), the word's length and the number of n-grams.  0: empty. */
#define CG_META(cfg, len, n) ((uint32_t)(cfg) | (uint32_t)(len) << 13 | (uint32_t)(n) << 20)
#define CG_CFG(meta) ((meta) & ((1u << 13) - 1))
#define CG_KEY_MASK ((1u << 20) - 1) /* the settings and length */
#define CG_N_GRAMS(meta) ((meta) >> 20)

typedef struct cg_slot {
    uint64_t hash;
    uint32_t off; /* of the entry in data: the word, padded to 4 bytes, then the buckets */
    uint32_t meta;
} cg_slot;

struct ns_cgram_cache {
    cg_slot *slot;
    size_t n_slots, n_words;
    uint32_t *data;
    size_t data_n, data_cap;
};

/* The 32-bit units of a word of len bytes at the head of its entry. */
static size_t cg_word_units(size_t len)
{
    return (len + 3) / 4;
}

static size_t cg_index(uint64_t hash, uint32_t cfg, size_t n_slots)
{
    return (size_t)((hash ^ (cfg * 0x9E3779B97F4A7C15ull)) >> 17) & (n_slots - 1);
}

/* memcmp(a, b, n) == 0 for the short words of the memo, inline: a call to
 * memcmp cost more than the few bytes it compared. */
static int same_bytes(const char *a, const char *b, size_t n)
{
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t x, y;
        memcpy(&x, a + i, 8), memcpy(&y, b + i, 8);
        if (x != y)
            return 0;
    }
    for (; i < n; i++)
        if (a[i] != b[i])
            return 0;
    return 1;
}

/* The entry of word w, or NULL with *free_slot where it would go. */
static const cg_slot *cg_find(const ns_cgram_cache *c, uint64_t hash, uint32_t cfg, const char *w, size_t wl,
                              size_t *free_slot)
{
    uint32_t key = CG_META(cfg, wl, 0);
    for (size_t i = cg_index(hash, cfg, c->n_slots);; i = (i + 1) & (c->n_slots - 1)) {
        const cg_slot *s = &c->slot[i];
        if (!s->meta) {
            *free_slot = i;
            return NULL;
        }
        if (s->hash == hash && (s->meta & CG_KEY_MASK) == key &&
            same_bytes((const char *)(c->data + s->off), w, wl))
            return s;
    }
}

/* The byte offset in "<" + word + ">" (n bytes) of every code point, and
 * n after them; returns their number. */
static size_t code_point_starts(const unsigned char *buf, size_t n, size_t *starts)
{
    size_t ns = 0;
    for (size_t i = 0; i < n; i++)
        if ((buf[i] & 0xC0) != 0x80)
            starts[ns++] = i;
    starts[ns] = n;
    return ns;
}

/* The occurrences of a memo hit's n-grams g[0..), token ti: their offsets
 * and lengths made again from the word, in the order char_ngrams made the
 * n-grams. */
static int add_memo_occ(ns_featurizer *f, const ns_feature_config *fc, const uint32_t *g, uint32_t ti)
{
    const ns_token *t = &f->tokens.tok[ti];
    unsigned char buf[80]; /* "<" + at most 64 bytes + ">" */
    size_t n = 0, starts[80];
    buf[n++] = '<';
    memcpy(buf + n, f->tokens.norm + t->norm_off, t->norm_len);
    n += t->norm_len;
    buf[n++] = '>';
    size_t ns = code_point_starts(buf, n, starts), ng = 0;
    for (int k = fc->char_min; k <= fc->char_max; k++)
        for (size_t i = 0; i + (size_t)k <= ns; i++) {
            size_t a = starts[i], b = starts[i + (size_t)k];
            if (add_occ(f, g[ng++], ti, (uint16_t)a, (uint8_t)(b - a), 1) < 0)
                return -1;
        }
    return 0;
}

/* A memo hit's n-grams added as a computation would add them, with the
 * room for them made once rather than checked n-gram by n-gram. */
static int add_memo_grams(ns_featurizer *f, const ns_feature_config *fc, const uint32_t *g, size_t n,
                          uint32_t ti, int keep_occ, uint32_t w)
{
    if (ns_grow((void **)&f->keys, &f->keys_cap, f->keys_n + n, sizeof *f->keys) < 0)
        return -1;
    for (size_t j = 0; j < n; j++)
        f->keys[f->keys_n + j] = KEY(g[j], w);
    f->keys_n += n;
    return keep_occ ? add_memo_occ(f, fc, g, ti) : 0;
}

static void cg_clear(ns_cgram_cache *c)
{
    memset(c->slot, 0, c->n_slots * sizeof *c->slot);
    c->n_words = c->data_n = 0;
}

/* Twice the slots, the entries moved over; -1 when out of memory. */
static int cg_grow(ns_cgram_cache *c)
{
    size_t n = c->n_slots ? c->n_slots * 2 : CG_SLOTS0;
    cg_slot *s = calloc(n, sizeof *s);
    if (!s)
        return -1;
    for (size_t i = 0; i < c->n_slots; i++)
        if (c->slot[i].meta) {
            size_t j = cg_index(c->slot[i].hash, CG_CFG(c->slot[i].meta), n);
            while (s[j].meta)
                j = (j + 1) & (n - 1);
            s[j] = c->slot[i];
        }
    free(c->slot);
    c->slot = s, c->n_slots = n;
    return 0;
}

/* The n-gram settings as a slot keeps them, in 13 bits (char_min and
 * char_max at most 8, bits at most 24, as models and training check). */
static uint32_t cg_cfg(const ns_feature_config *fc)
{
    return (uint32_t)fc->char_min | (uint32_t)fc->char_max << 4 | (uint32_t)fc->bits << 8;
}

/* The memo is too big for the cache and each word's lookup missed it up to
 * twice (slot, then entry), one after the other.  So the slot of the word
 * CG_AHEAD tokens on is fetched early, and the entry found in the slot of
 * the word half as far on has its first two cache lines fetched: by the
 * time char_ngrams reaches a word, its memory is on the way. */
#define CG_AHEAD 8

/* The tokens are taken in the order order[0..n) (NULL: 0..n), j being
 * the one at hand. */
static void cg_prefetch(const ns_featurizer *f, uint32_t cfg, const uint32_t *order, size_t j, size_t n)
{
    const ns_cgram_cache *c = f->cg;
    if (!c || !c->n_slots)
        return;
    size_t far = j + CG_AHEAD, near = j + CG_AHEAD / 2;
    if (far < n)
        __builtin_prefetch(&c->slot[cg_index(f->thash[order ? order[far] : far], cfg, c->n_slots)]);
    if (near < n) {
        uint64_t h = f->thash[order ? order[near] : near];
        const cg_slot *s = &c->slot[cg_index(h, cfg, c->n_slots)];
        if (s->meta && s->hash == h) {
            __builtin_prefetch(c->data + s->off);
            __builtin_prefetch(c->data + s->off + 16);
        }
    }
}

/* Character n-grams of "<" + word + ">", counted in code points, each
 * key with weight w. */
static int char_ngrams(ns_featurizer *f, const ns_feature_config *fc, uint32_t ti, int keep_occ, uint32_t w)
{
    const ns_token *t = &f->tokens.tok[ti];
    const char *word = f->tokens.norm + t->norm_off;
    uint32_t cfg = cg_cfg(fc);
    if (!f->cg && !(f->cg = calloc(1, sizeof *f->cg)))
        return -1;
    ns_cgram_cache *c = f->cg;
    if (c->n_words * 2 >= c->n_slots && c->n_words < CG_WORDS && cg_grow(c) < 0)
        return -1;
    size_t slot, wu = cg_word_units(t->norm_len);
    const cg_slot *hit = cg_find(c, f->thash[ti], cfg, word, t->norm_len, &slot);
    if (hit)
        return add_memo_grams(f, fc, c->data + hit->off + wu, CG_N_GRAMS(hit->meta), ti, keep_occ, w);
    unsigned char buf[80]; /* "<" + at most 64 bytes + ">" */
    size_t n = 0;
    buf[n++] = '<';
    memcpy(buf + n, word, t->norm_len);
    n += t->norm_len;
    buf[n++] = '>';
    size_t starts[80]; /* byte offset of every code point, and the end */
    size_t ns = code_point_starts(buf, n, starts);
    /* room for this word's entry, emptying the memo when full */
    size_t most = wu + (size_t)(fc->char_max - fc->char_min + 1) * ns;
    if (c->n_words >= CG_WORDS || c->data_n + most > CG_DATA) {
        cg_clear(c);
        cg_find(c, f->thash[ti], cfg, word, t->norm_len, &slot);
    }
    if (ns_grow((void **)&c->data, &c->data_cap, c->data_n + most, sizeof *c->data) < 0)
        return -1;
    uint32_t *e = c->data + c->data_n, *g = e + wu;
    memcpy(e, word, t->norm_len);
    size_t ng = 0;
    int shift = 64 - fc->bits;
    for (int k = fc->char_min; k <= fc->char_max; k++) {
        for (size_t i = 0; i + (size_t)k <= ns; i++) {
            size_t a = starts[i], b = starts[i + (size_t)k];
            uint32_t bucket = (uint32_t)(XXH3_64bits_withSeed(buf + a, b - a, 256 + (uint64_t)k) >> shift);
            g[ng++] = bucket;
            if (add_key(f, KEY(bucket, w)) < 0)
                return -1;
            if (keep_occ && add_occ(f, bucket, ti, (uint16_t)a, (uint8_t)(b - a), 1) < 0)
                return -1;
        }
    }
    c->slot[slot] = (cg_slot){f->thash[ti], (uint32_t)c->data_n, CG_META(cfg, t->norm_len, ng)};
    c->data_n += wu + ng;
    c->n_words++;
    return 0;
}

/* When explaining, each occurrence learns where its row lands in the
 * vector: sorting (row, occurrence) pairs keeps the memory access
 * sequential, where a row-indexed table or a binary search per occurrence
 * misses the cache.  The occurrences' rows are the keys, in the same order,
 * so the sorted pairs also give the sorted keys: one sort instead of two. */
static int sort_occurrences(ns_featurizer *f, int bits)
{
    size_t n = f->occ_n;
    if (ns_grow((void **)&f->pairs, &f->pairs_cap, n, sizeof *f->pairs) < 0 ||
        ns_grow((void **)&f->pairs_tmp, &f->pairs_tmp_cap, n, sizeof *f->pairs_tmp) < 0)
        return -1;
    for (size_t i = 0; i < n; i++)
        f->pairs[i] = (uint64_t)f->occ[i].bucket << 32 | i;
    ns_sort_pairs(f->pairs, f->pairs_tmp, n, bits);
    uint32_t j = 0;
    for (size_t i = 0; i < n; i++) {
        f->keys[i] = KEY(f->pairs[i] >> 32, 1);
        if (i && f->keys[i] != f->keys[i - 1])
            j++;
        f->occ[(uint32_t)f->pairs[i]].vi = j;
    }
    return 0;
}

/* How many rows ahead the idf bytes and the model's rows are fetched. */
#define IDF_AHEAD 64

/* 1 + ln(c) for a count beyond the table, out of line: a call in the
 * loop over the rows made the compiler keep that loop's sums in memory. */
static __attribute__((noinline)) float log_count(uint32_t c)
{
    return (float)(1.0 + log((double)c));
}

/* The sorted keys as rows and values 1 + ln(count), a row's count being
 * its keys' weights summed, in vec, and the sum of the values' squares
 * (in row order, as finish_vector summed them) in *norm2; returns the
 * number of rows.  Runs are counted without a branch per key: the loop
 * that walked each run mispredicted its exit at most keys (a quarter of
 * ns_featurize's time).  Small counts' values come from a table filled
 * with the same expression, so the floats are the same. */
static size_t count_runs(ns_featurizer *f, size_t m, double *norm2)
{
    *norm2 = 0;
    if (!m)
        return 0;
    uint32_t *run = f->tmp, c = WEIGHT(f->keys[0]), prev = BUCKET(f->keys[0]);
    size_t u = 0;
    f->vec.idx[0] = prev;
    for (size_t i = 1; i < m; i++) {
        uint32_t k = f->keys[i], b = BUCKET(k), differs = b != prev;
        run[u] = c;
        u += differs;
        c = (differs ? 0 : c) + WEIGHT(k);
        f->vec.idx[u] = b;
        prev = b;
    }
    run[u++] = c;
    if (!f->log_ready) {
        for (size_t i = 1; i < NS_LOG_TABLE; i++)
            f->log1[i] = i == 1 ? 1.0f : (float)(1.0 + log((double)i));
        f->log_ready = 1;
    }
    double sum = 0;
    const uint32_t *idx = f->vec.idx;
    for (size_t i = 0; i < u; i++) {
        /* the sum waits on each addition, time enough to fetch the idf */
        if (f->idf && i + IDF_AHEAD < u)
            __builtin_prefetch(f->idf + idx[i + IDF_AHEAD]);
        float v = run[i] < NS_LOG_TABLE ? f->log1[run[i]] : log_count(run[i]);
        f->vec.val[i] = v;
        sum += (double)v * v;
    }
    *norm2 = sum;
    return u;
}

/* The u hashed rows of f->vec, of squared length norm2 (over 0), scaled
 * to unit length and then weighed by f->idf and scaled to unit length
 * again: the same operations on the same floats as the scaling of
 * finish_vector followed by ns_idf_apply, in one pass fewer.  Both sums
 * wait on each addition (they must add in row order to give the same
 * doubles), so the loops have time to spare: the idf bytes were fetched
 * in count_runs, and the model's rows for the dot product are fetched
 * here, far enough ahead of it. */
static void weigh_idf(ns_featurizer *f, size_t u, double norm2)
{
    float *val = f->vec.val, inv = (float)(1.0 / sqrt(norm2)), scale = f->idf_scale;
    const uint32_t *idx = f->vec.idx;
    const uint8_t *q = f->idf;
    double sum = 0;
    for (size_t i = 0; i < u; i++) {
        if (f->rows && i + IDF_AHEAD < u)
            __builtin_prefetch(f->rows + (size_t)idx[i + IDF_AHEAD] * f->row_bytes);
        float v = val[i] * inv;
        v = v * ((float)q[idx[i]] * scale);
        val[i] = v;
        sum += (double)v * v;
    }
    if (!(sum > 0))
        return;
    float inv2 = (float)(1.0 / sqrt(sum));
    for (size_t i = 0; i < u; i++)
        val[i] *= inv2;
}

/* From the keys of a text (f->keys, and f->occ when keep_occ) to f->vec:
 * sorted rows with log-scaled counts at unit length, then the style
 * features from the text's counts (style's counters, nt tokens of which
 * punct are punctuation, len bytes).  -1 when out of memory. */
static int finish_vector(ns_featurizer *f, const ns_feature_config *fc, int keep_occ, const ns_tokens *style,
                         size_t nt, size_t punct, size_t len)
{
    size_t m = f->keys_n;
    if (ns_grow((void **)&f->tmp, &f->tmp_cap, m, sizeof *f->tmp) < 0)
        return -1;
    if (keep_occ && m) {
        if (sort_occurrences(f, fc->bits) < 0)
            return -1;
    } else {
        ns_sort_keys(f->keys, f->tmp, m, fc->bits);
    }
    if (ns_grow((void **)&f->vec.idx, &f->vec.cap, m + NS_DENSE_FEATURES, sizeof *f->vec.idx) < 0)
        return -1;
    float *val = realloc(f->vec.val, f->vec.cap * sizeof *val);
    if (!val)
        return -1;
    f->vec.val = val;
    double norm2;
    size_t u = count_runs(f, m, &norm2);
    if (norm2 > 0 && f->idf) {
        weigh_idf(f, u, norm2);
    } else if (norm2 > 0) {
        float inv = (float)(1.0 / sqrt(norm2));
        for (size_t i = 0; i < u; i++)
            f->vec.val[i] *= inv;
    }
    if (fc->dense) {
        uint32_t base = (uint32_t)1 << fc->bits;
        double d[NS_DENSE_FEATURES] = {
            style->letters ? (double)style->upper_letters / style->letters : 0,
            style->words ? (double)style->caps_words / style->words : 0,
            log1p(style->exclaim_runs) / 3.0,
            log1p(style->question_runs) / 3.0,
            log1p((double)len) / 10.0,
            nt ? (double)punct / (double)nt : 0,
        };
        for (int i = 0; i < NS_DENSE_FEATURES; i++) {
            f->vec.idx[u] = base + (uint32_t)i;
            f->vec.val[u++] = (float)d[i];
        }
    }
    f->vec.n = u;
    return 0;
}

/* Tokens from which a text without character n-grams is weighted. */
#define WORDS_WEIGHTED_MIN 64

/* The bucket of the word n-gram of order k starting at token i. */
static uint32_t word_gram(const ns_featurizer *f, size_t i, int k, int bits)
{
    unsigned char buf[8 * 3];
    for (int j = 0; j < k; j++)
        put_le64(buf + 8 * j, f->thash[i + (size_t)j]);
    return (uint32_t)(XXH3_64bits_withSeed(buf, 8 * (size_t)k, (uint64_t)k) >> (64 - bits));
}

/* The keys of every occurrence, one by one, and with keep_occ f->occ:
 * word n-grams order by order, one per starting token, then the character
 * n-grams token by token (part_keys and the explanations read that
 * layout). */
static int occurrence_keys(ns_featurizer *f, const ns_feature_config *fc, int keep_occ)
{
    size_t nt = f->tokens.n;
    for (int k = fc->word_min; k <= fc->word_max; k++)
        for (size_t i = 0; i + (size_t)k <= nt; i++) {
            uint32_t bucket = word_gram(f, i, k, fc->bits);
            if (add_key(f, KEY(bucket, 1)) < 0 ||
                (keep_occ && add_occ(f, bucket, (uint32_t)i, 0, (uint8_t)k, 0) < 0))
                return -1;
        }
    if (fc->char_min > 0)
        for (size_t i = 0; i < nt; i++) {
            cg_prefetch(f, cg_cfg(fc), NULL, i, nt);
            if (f->tokens.tok[i].kind == NS_TOK_WORD && char_ngrams(f, fc, (uint32_t)i, keep_occ, 1) < 0)
                return -1;
        }
    return 0;
}

/* The distinct tokens of f (same kind and form) into f->dtok (the first
 * of each, in text order) and f->dcnt (how many times it comes); returns
 * their number, or (size_t)-1 when out of memory. */
static size_t distinct_tokens(ns_featurizer *f)
{
    const ns_tokens *tk = &f->tokens;
    size_t nt = tk->n, cap = 16;
    while (cap < 2 * nt)
        cap *= 2;
    if (ns_grow((void **)&f->dslot, &f->dslot_cap, cap, sizeof *f->dslot) < 0 ||
        ns_grow((void **)&f->dtok, &f->dtok_cap, nt, sizeof *f->dtok) < 0 ||
        ns_grow((void **)&f->dcnt, &f->dcnt_cap, nt, sizeof *f->dcnt) < 0)
        return (size_t)-1;
    memset(f->dslot, 0, cap * sizeof *f->dslot);
    size_t nd = 0, mask = cap - 1;
    for (size_t i = 0; i < nt; i++) {
        uint64_t h = f->thash[i];
        const ns_token *t = &tk->tok[i];
        for (size_t s = (size_t)h & mask;; s = (s + 1) & mask) {
            uint32_t d = f->dslot[s];
            if (!d) {
                f->dslot[s] = (uint32_t)++nd;
                f->dtok[nd - 1] = (uint32_t)i, f->dcnt[nd - 1] = 1;
                break;
            }
            const ns_token *o = &tk->tok[f->dtok[d - 1]];
            if (f->thash[f->dtok[d - 1]] == h && o->kind == t->kind && o->norm_len == t->norm_len &&
                same_bytes(tk->norm + o->norm_off, tk->norm + t->norm_off, t->norm_len)) {
                f->dcnt[d - 1]++;
                break;
            }
        }
    }
    return nd;
}

/* The keys without occurrences: a distinct token's unigram and character
 * n-grams once, weighted by its count (in pieces of W_MAX at most). */
static int weighted_keys(ns_featurizer *f, const ns_feature_config *fc)
{
    size_t nt = f->tokens.n, nd = distinct_tokens(f);
    if (nd == (size_t)-1)
        return -1;
    for (int k = fc->word_min; k <= fc->word_max; k++) {
        if (k == 1) {
            for (size_t d = 0; d < nd; d++) {
                uint32_t bucket = word_gram(f, f->dtok[d], 1, fc->bits);
                for (uint32_t r = f->dcnt[d], w; r; r -= w) {
                    w = r < W_MAX ? r : W_MAX;
                    if (add_key(f, KEY(bucket, w)) < 0)
                        return -1;
                }
            }
            continue;
        }
        for (size_t i = 0; i + (size_t)k <= nt; i++)
            if (add_key(f, KEY(word_gram(f, i, k, fc->bits), 1)) < 0)
                return -1;
    }
    if (fc->char_min > 0)
        for (size_t d = 0; d < nd; d++) {
            cg_prefetch(f, cg_cfg(fc), f->dtok, d, nd);
            if (f->tokens.tok[f->dtok[d]].kind != NS_TOK_WORD)
                continue;
            for (uint32_t r = f->dcnt[d], w; r; r -= w) {
                w = r < W_MAX ? r : W_MAX;
                if (char_ngrams(f, fc, f->dtok[d], 0, w) < 0)
                    return -1;
            }
        }
    return 0;
}

int ns_featurize(ns_featurizer *f, const ns_feature_config *fc, const char *text, size_t len, int keep_occ,
                 ns_error *err)
{
    f->text = NULL;
    int rc = ns_tokenize(&f->tokens, text, len, err);
    if (rc)
        return rc;
    const ns_tokens *tk = &f->tokens;
    size_t nt = tk->n;
    f->keys_n = 0, f->occ_n = 0, f->vec.n = 0;
    if (ns_grow((void **)&f->thash, &f->thash_cap, nt + 1, sizeof *f->thash) < 0)
        goto oom;
    for (size_t i = 0; i < nt; i++)
        f->thash[i] = XXH3_64bits_withSeed(tk->norm + tk->tok[i].norm_off, tk->tok[i].norm_len, 0);
    /* without character n-grams a short text's repeats (its unigrams) do
     * not pay for finding them */
    int weighted = !keep_occ && (fc->char_min > 0 || nt >= WORDS_WEIGHTED_MIN);
    if (weighted ? weighted_keys(f, fc) < 0 : occurrence_keys(f, fc, keep_occ) < 0)
        goto oom;
    size_t punct = 0;
    for (size_t i = 0; fc->dense && i < nt; i++)
        punct += tk->tok[i].kind == NS_TOK_PUNCT;
    if (finish_vector(f, fc, keep_occ, tk, nt, punct, len) < 0)
        goto oom;
    if (keep_occ)
        f->text = text, f->text_len = len, f->fc = *fc;
    return NS_OK;
oom:
    return ns_fail(err, NS_ESYSTEM, "out of memory while extracting features");
}

static int same_ngrams(const ns_feature_config *a, const ns_feature_config *b)
{
    return a->word_min == b->word_min && a->word_max == b->word_max && a->char_min == b->char_min &&
           a->char_max == b->char_max && a->bits == b->bits;
}

/* The first i in [lo, hi) whose uint32_t field (at byte `field` of an
 * element of `size` bytes at base) is at least key; the field rises with i. */
static size_t lower_bound_u32(const void *base, size_t size, size_t field, size_t lo, size_t hi, size_t key)
{
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        uint32_t v;
        memcpy(&v, (const char *)base + mid * size + field, sizeof v);
        if (v < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The first token of tk starting at or after byte off. */
static size_t first_token_from(const ns_tokens *tk, size_t off)
{
    return lower_bound_u32(tk->tok, sizeof *tk->tok, offsetof(ns_token, start), 0, tk->n, off);
}

/* The first occurrence in whole->occ[from..) whose token is at or after a
 * (the character n-grams are in token order). */
static size_t first_occ_from(const ns_featurizer *whole, size_t from, size_t a)
{
    return lower_bound_u32(whole->occ, sizeof *whole->occ, offsetof(ns_occ, tok), from, whole->occ_n, a);
}

/* The keys tokens [a, b) of whole would give on their own, from whole's
 * occurrences: its word n-grams are laid out order by order, one per
 * starting token, and then the character n-grams token by token. */
static int part_keys(ns_featurizer *f, const ns_featurizer *whole, const ns_feature_config *fc, size_t a,
                     size_t b)
{
    size_t nt = whole->tokens.n, at = 0;
    f->keys_n = 0, f->occ_n = 0;
    for (size_t k = fc->word_min; k <= fc->word_max; k++) {
        if (b - a >= k) {
            size_t n = b - a - k + 1;
            if (ns_grow((void **)&f->keys, &f->keys_cap, f->keys_n + n, sizeof *f->keys) < 0)
                return -1;
            for (size_t i = 0; i < n; i++)
                f->keys[f->keys_n + i] = KEY(whole->occ[at + a + i].bucket, 1);
            f->keys_n += n;
        }
        at += nt >= k ? nt - k + 1 : 0;
    }
    size_t from = first_occ_from(whole, at, a), to = first_occ_from(whole, from, b);
    if (ns_grow((void **)&f->keys, &f->keys_cap, f->keys_n + (to - from), sizeof *f->keys) < 0)
        return -1;
    for (size_t i = from; i < to; i++)
        f->keys[f->keys_n++] = KEY(whole->occ[i].bucket, 1);
    return 0;
}

int ns_featurize_part(ns_featurizer *f, const ns_featurizer *whole, const ns_feature_config *fc,
                      const char *text, size_t len, size_t off, size_t part_len, int *done, ns_error *err)
{
    *done = 0;
    f->text = NULL;
    if (whole->text != text || whole->text_len != len || !same_ngrams(&whole->fc, fc) || off > len ||
        part_len > len - off)
        return NS_OK;
    const ns_tokens *tk = &whole->tokens;
    size_t a = first_token_from(tk, off), b = first_token_from(tk, off + part_len);
    /* a token across either end was read differently from what the part
     * alone gives (a URL running on past a no-break space): read it afresh */
    if ((a > 0 && tk->tok[a - 1].end > off) || (b > a && tk->tok[b - 1].end > off + part_len))
        return NS_OK;
    ns_tokens style = {0};
    ns_tokens_style(tk, text, len, a, b, &style);
    size_t punct = 0;
    for (size_t i = a; fc->dense && i < b; i++)
        punct += tk->tok[i].kind == NS_TOK_PUNCT;
    if (part_keys(f, whole, fc, a, b) < 0 || finish_vector(f, fc, 0, &style, b - a, punct, part_len) < 0)
        return ns_fail(err, NS_ESYSTEM, "out of memory while extracting features");
    *done = 1;
    return NS_OK;
}

int ns_occ_text(const ns_featurizer *f, const ns_occ *o, char *buf, size_t cap)
{
    const ns_tokens *tk = &f->tokens;
    size_t w = 0;
    if (o->is_char) {
        const ns_token *t = &tk->tok[o->tok];
        for (size_t i = o->off; i < (size_t)o->off + o->len && w + 1 < cap; i++) {
            size_t padded = t->norm_len + 2;
            char c = i == 0 ? '<' : i == padded - 1 ? '>' : tk->norm[t->norm_off + i - 1];
            buf[w++] = c;
        }
    } else {
        for (uint32_t j = 0; j < o->len; j++) {
            const ns_token *t = &tk->tok[o->tok + j];
            if (j && w + 1 < cap)
                buf[w++] = ' ';
            size_t k = t->norm_len < cap - 1 - w ? t->norm_len : cap - 1 - w;
            memcpy(buf + w, tk->norm + t->norm_off, k);
            w += k;
        }
    }
    buf[w] = '\0';
    return (int)w;
}

ns_span ns_occ_span(const ns_featurizer *f, const ns_occ *o)
{
    const ns_token *a = &f->tokens.tok[o->tok];
    if (o->is_char)
        return (ns_span){a->start, a->end};
    const ns_token *b = &f->tokens.tok[o->tok + o->len - 1];
    return (ns_span){a->start, b->end};
}

void ns_featurizer_free(ns_featurizer *f)
{
    ns_tokens_free(&f->tokens);
    free(f->thash);
    free(f->keys);
    free(f->tmp);
    free(f->occ);
    free(f->vec.idx);
    free(f->vec.val);
    free(f->pairs);
    free(f->pairs_tmp);
    free(f->dtok);
    free(f->dcnt);
    free(f->dslot);
    if (f->cg) {
        free(f->cg->slot);
        free(f->cg->data);
        free(f->cg);
    }
    memset(f, 0, sizeof *f);
}
