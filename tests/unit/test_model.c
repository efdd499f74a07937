/* test_model.c — training, model files (damage of every kind), prediction
 * and explanations, on tiny models trained in-process (2^10 buckets). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include "learn/model.h"
#include "learn/predict.h"
#include "newssift.h"

/* ------------------------------------------------------------- fixtures */

static char tmpdir[256];

static char *path_in_tmp(const char *name)
{
    static char buf[4][512];
    static int k;
    char *p = buf[k++ % 4];
    snprintf(p, sizeof buf[0], "%s/%s", tmpdir, name);
    return p;
}

static const char *const words[3][10] = {
    {"match", "goal", "team", "coach", "league", "striker", "season", "win", "score", "stadium"},
    {"senate", "vote", "bill", "minister", "election", "party", "campaign", "law", "parliament", "policy"},
    {"rain", "storm", "forecast", "snow", "wind", "temperature", "sunny", "cloud", "flood", "heat"},
};
static const char *const labels[3] = {"sport", "politics", "weather"};
static const char *const shared[8] = {"the", "a", "today", "in", "on", "with", "after", "report"};

static uint32_t lcg(uint32_t *s)
{
    *s = *s * 1664525u + 1013904223u;
    return *s >> 8;
}

/* Document d of the toy corpus: label d % 3, 6-10 words, mostly its own. */
static const char *toy_doc(size_t d, char *buf, size_t cap)
{
    uint32_t s = (uint32_t)d * 2654435761u + 7;
    size_t n = 6 + lcg(&s) % 5, w = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        uint32_t r = lcg(&s);
        const char *word = r % 10 < 7 ? words[d % 3][(r >> 4) % 10] : shared[(r >> 4) % 8];
        w += (size_t)snprintf(buf + w, cap - w, "%s%s", i ? " " : "", word);
        if (i == 0 && buf[0] >= 'a')
            buf[0] = (char)(buf[0] - 32); /* sentence case */
    }
    return buf;
}

#define TOY_DOCS 60

static ns_corpus *toy_corpus(size_t n)
{
    ns_corpus *c = ns_corpus_new();
    ns_error err = {0};
    char buf[256];
    assert_non_null(c);
    for (size_t d = 0; d < n; d++) {
        const char *t = toy_doc(d, buf, sizeof buf);
        assert_int_equal(ns_corpus_add(c, t, strlen(t), labels[d % 3], &err), NS_OK);
    }
    return c;
}

static void small_options(ns_train_options *o)
{
    ns_train_options_default(o);
    o->features.bits = 10;
    o->epochs = 8;
    o->threads = 1;
}

static int train_to(const char *path, const ns_train_options *o)
{
    ns_corpus *c = toy_corpus(TOY_DOCS);
    ns_error err = {0};
    ns_train_summary sum;
    int rc = ns_train(c, NULL, o, path, &sum, &err);
    if (rc)
        print_error("ns_train: %s\n", err.msg);
    ns_corpus_free(c);
    return rc;
}

static unsigned char *read_all(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long sz = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *b = malloc((size_t)sz + 1);
    assert_non_null(b);
    assert_int_equal(fread(b, 1, (size_t)sz, f), (size_t)sz);
    fclose(f);
    *n = (size_t)sz;
    return b;
}

static void write_all(const char *path, const void *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}

/* The model as trained once for most tests. */
static unsigned char *model_bytes;
static size_t model_size;

static int setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "%s/ns-test-model-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(tmpdir))
        return -1;
    ns_train_options o;
    small_options(&o);
    if (train_to(path_in_tmp("toy.nsm"), &o))
        return -1;
    model_bytes = read_all(path_in_tmp("toy.nsm"), &model_size);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    DIR *d = opendir(tmpdir);
    struct dirent *e;
    while (d && (e = readdir(d)))
        if (e->d_name[0] != '.')
            unlink(path_in_tmp(e->d_name));
    if (d)
        closedir(d);
    rmdir(tmpdir);
    free(model_bytes);
    return 0;
}

/* A load from an aligned private copy (weights are read in place, as from
 * an mmap).  On success *keep receives the copy, which outlives the model. */
static int load_copy(const unsigned char *bytes, size_t n, ns_model **m, void **keep, ns_error *err)
{
    size_t cap = (n + 63) / 64 * 64;
    void *buf = aligned_alloc(64, cap ? cap : 64);
    assert_non_null(buf);
    if (n)
        memcpy(buf, bytes, n);
    int rc = ns_model_from_memory(m, buf, n, "toy.nsm", err);
    if (rc) {
        assert_null(*m);
        free(buf);
        buf = NULL;
    }
    *keep = buf;
    return rc;
}

static void fix_checksum(unsigned char *b, size_t n)
{
    uint64_t h = XXH3_64bits(b, n - 8);
    for (int i = 0; i < 8; i++)
        b[n - 8 + i] = (unsigned char)(h >> (8 * i));
}

static const char sample[] = "The senate will vote on the new bill today";

/* Checks everything a prediction promises about itself. */
static void check_prediction(const ns_model *m, const ns_prediction *p, const char *text, size_t len, int k)
{
    size_t nl = ns_model_labels(m);
    double sum = 0;
    for (size_t c = 0; c < nl; c++) {
        if (!(p->probs[c] >= 0 && p->probs[c] <= 1))
            fail_msg("probability %zu is %g", c, p->probs[c]);
        sum += p->probs[c];
        if (p->probs[c] > p->probs[p->label] + 1e-12)
            fail_msg("label %zu is not the most probable", p->label);
    }
    if (fabs(sum - 1) > 1e-9)
        fail_msg("probabilities sum to %.12f", sum);
    assert_true(p->label < nl && p->runner_up < nl && p->label != p->runner_up);
    assert_true(p->n_pro <= (size_t)k && p->n_con <= (size_t)k);
    for (int side = 0; side < 2; side++) {
        const ns_evidence *ev = side ? p->con : p->pro;
        size_t n = side ? p->n_con : p->n_pro;
        for (size_t i = 0; i < n; i++) {
            const ns_evidence *e = &ev[i];
            assert_non_null(e->feature);
            assert_true(strlen(e->feature) > 0);
            if (side ? !(e->weight < 0) : !(e->weight > 0))
                fail_msg("evidence \"%s\" has weight %g on the wrong side", e->feature, e->weight);
            if (i && fabs(e->weight) > fabs(ev[i - 1].weight))
                fail_msg("evidence is not strongest first");
            if (!strncmp(e->feature, "style:", 6)) {
                assert_int_equal(e->n_spans, 0);
                continue;
            }
            assert_true(e->n_spans > 0);
            for (size_t j = 0; j < e->n_spans; j++)
                if (!(e->spans[j].start < e->spans[j].end && e->spans[j].end <= len))
                    fail_msg("span [%u, %u) outside the text of %zu bytes", e->spans[j].start,
                             e->spans[j].end, len);
            /* The first span is the occurrence the feature was named from
             * (the texts here are ASCII, one space between words): a word
             * n-gram is its span lower-cased; a character n-gram of the
             * padded form "<word>" lies inside its word's span. */
            char got[512];
            size_t l = e->spans[0].end - e->spans[0].start;
            assert_true(l < sizeof got);
            for (size_t j = 0; j < l; j++) {
                char ch = text[e->spans[0].start + j];
                got[j] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
            }
            got[l] = '\0';
            if (strcmp(got, e->feature)) {
                const char *f = e->feature;
                size_t fl = strlen(f);
                int head = f[0] == '<', tail = fl > 1 && f[fl - 1] == '>';
                char inner[80];
                snprintf(inner, sizeof inner, "%.*s", (int)(fl - (size_t)head - (size_t)tail), f + head);
                size_t il = strlen(inner);
                int ok = !strchr(f, ' ') && il <= l && strstr(got, inner) &&
                         (!head || !strncmp(got, inner, il)) && (!tail || !strcmp(got + l - il, inner));
                if (!ok)
                    fail_msg("feature \"%s\" spans \"%s\"", e->feature, got);
            }
        }
    }
}

/* ---------------------------------------------------------------- tests */

static void test_load_good(void **state)
{
    (void)state;
    ns_model *m = NULL;
    void *keep;
    ns_error err = {0};
    assert_int_equal(load_copy(model_bytes, model_size, &m, &keep, &err), NS_OK);
    assert_int_equal(ns_model_labels(m), 3);
    for (size_t i = 0; i < 3; i++) {
        assert_string_equal(ns_model_label(m, i), labels[i]); /* first-seen order */
        assert_int_equal(ns_model_label_index(m, labels[i]), (long)i);
    }
    assert_null(ns_model_label(m, 3));
    assert_int_equal(ns_model_label_index(m, "nope"), -1);
    const ns_feature_config *fc = ns_model_features(m);
    assert_int_equal(fc->bits, 10);
    assert_int_equal(fc->word_min, 1);
    assert_int_equal(fc->word_max, 2);
    json_error_t je;
    json_t *sum = json_loads(ns_model_summary(m), 0, &je);
    assert_non_null(sum);
    assert_int_equal(json_integer_value(json_object_get(sum, "examples")), TOY_DOCS);
    assert_int_equal(json_integer_value(json_object_get(sum, "classes")), 3);
    json_decref(sum);
    assert_int_equal(ns_model_check_weights(m, "toy.nsm", &err), NS_OK);
    char *desc = NULL;
    assert_int_equal(ns_model_describe(m, &desc), NS_OK);
    assert_non_null(strstr(desc, "format version"));
    assert_non_null(strstr(desc, "sport, politics, weather"));
    assert_non_null(strstr(desc, "2^10"));
    free(desc);
    ns_model_close(m);
    free(keep);

    /* the same file through ns_model_open (mmap) */
    assert_int_equal(ns_model_open(&m, path_in_tmp("toy.nsm"), &err), NS_OK);
    assert_int_equal(ns_model_labels(m), 3);
    ns_model_close(m);
    ns_model_close(NULL);
}

static void test_truncated_every_length(void **state)
{
    (void)state;
    for (size_t n = 0; n < model_size; n++) {
        ns_model *m = (ns_model *)1;
        void *keep;
        ns_error err = {0};
        int rc = load_copy(model_bytes, n, &m, &keep, &err);
        if (rc != NS_EINPUT)
            fail_msg("truncated to %zu of %zu bytes: status %d", n, model_size, rc);
        if (err.code != NS_EINPUT || !strstr(err.msg, "toy.nsm"))
            fail_msg("truncated to %zu bytes: message \"%s\"", n, err.msg);
        if (!strstr(err.msg, "toy.nsm: byte "))
            fail_msg("truncated to %zu bytes: message \"%s\" names no byte", n, err.msg);
    }
    /* one byte too many is damage too */
    unsigned char *b = malloc(model_size + 1);
    memcpy(b, model_bytes, model_size);
    b[model_size] = 0;
    ns_model *m;
    void *keep;
    ns_error err = {0};
    assert_int_equal(load_copy(b, model_size + 1, &m, &keep, &err), NS_EINPUT);
    free(b);
}

static void test_flipped_every_byte(void **state)
{
    (void)state;
    unsigned char *b = malloc(model_size);
    static const unsigned char masks[] = {0xFF, 0x01};
    for (size_t mi = 0; mi < sizeof masks; mi++) {
        for (size_t i = 0; i < model_size; i++) {
            memcpy(b, model_bytes, model_size);
            b[i] ^= masks[mi];
            ns_model *m;
            void *keep;
            ns_error err = {0};
            int rc = load_copy(b, model_size, &m, &keep, &err);
            if (rc != NS_EINPUT)
                fail_msg("byte %zu xor 0x%02x: status %d", i, masks[mi], rc);
            if (!strstr(err.msg, "toy.nsm: byte "))
                fail_msg("byte %zu xor 0x%02x: message \"%s\"", i, masks[mi], err.msg);
        }
    }
    free(b);
}

/* With the checksum recomputed, damage reaches the checks behind it: every
 * byte before the weights, flipped, is refused or (temperature, summary
 * text) loads a model that still predicts without harm. */
static void test_flipped_with_valid_checksum(void **state)
{
    (void)state;
    unsigned char *b = malloc(model_size);
    uint64_t weights_off = 0;
    for (int i = 0; i < 8; i++)
        weights_off |= (uint64_t)model_bytes[56 + i] << (8 * i);
    assert_true(weights_off > 64 && weights_off < model_size);
    ns_scratch *s = ns_scratch_new();
    size_t refused = 0, loaded = 0;
    static const unsigned char masks[] = {0xFF, 0x01, 0x80};
    for (size_t mi = 0; mi < sizeof masks; mi++) {
        for (size_t i = 0; i < model_size - 8; i++) {
            if (i >= weights_off && (i - weights_off) % 13) /* sample the weights */
                continue;
            memcpy(b, model_bytes, model_size);
            b[i] ^= masks[mi];
            fix_checksum(b, model_size);
            ns_model *m;
            void *keep;
            ns_error err = {0};
            int rc = load_copy(b, model_size, &m, &keep, &err);
            if (rc) {
                if (rc != NS_EINPUT || !strstr(err.msg, "byte "))
                    fail_msg("byte %zu xor 0x%02x: status %d \"%s\"", i, masks[mi], rc, err.msg);
                refused++;
                continue;
            }
            loaded++;
            ns_prediction p = {0};
            assert_int_equal(ns_predict(m, s, sample, strlen(sample), 3, &p, &err), NS_OK);
            char *desc = NULL;
            assert_int_equal(ns_model_describe(m, &desc), NS_OK);
            free(desc);
            char *js = ns_prediction_json(m, &p, "x", 1);
            assert_non_null(js);
            free(js);
            ns_model_check_weights(m, "toy.nsm", &err);
            ns_prediction_clear(&p);
            ns_model_close(m);
            free(keep);
        }
    }
    assert_true(refused > 0 && loaded > 0);
    ns_scratch_free(s);
    free(b);
}

static void test_newer_version(void **state)
{
    (void)state;
    unsigned char *b = malloc(model_size);
    ns_model *m;
    void *keep;
    ns_error err = {0};
    /* the version is checked before the checksum ... */
    memcpy(b, model_bytes, model_size);
    assert_int_equal(b[8], 1); /* a model without an IDF table is written as version 1 */
    b[8] = NS_MODEL_VERSION + 1;
    assert_int_equal(load_copy(b, model_size, &m, &keep, &err), NS_EINPUT);
    assert_non_null(strstr(err.msg, "newer"));
    assert_non_null(strstr(err.msg, "byte 8"));
    /* ... and a well-formed file of a newer version says so too */
    fix_checksum(b, model_size);
    memset(&err, 0, sizeof err);
    assert_int_equal(load_copy(b, model_size, &m, &keep, &err), NS_EINPUT);
    assert_non_null(strstr(err.msg, "newer"));
    /* version 0 */
    memcpy(b, model_bytes, model_size);
    b[8] = 0;
    fix_checksum(b, model_size);
    assert_int_equal(load_copy(b, model_size, &m, &keep, &err), NS_EINPUT);
    assert_non_null(strstr(err.msg, "version"));
    /* bad magic */
    memcpy(b, model_bytes, model_size);
    b[0] = 'X';
    assert_int_equal(load_copy(b, model_size, &m, &keep, &err), NS_EINPUT);
    assert_non_null(strstr(err.msg, "magic"));
    free(b);
}

/* Weights that are not numbers, in a file whose checksum is right: a bias
 * is refused at load; a feature weight (not read at load, for speed) is
 * found by ns_model_check_weights, as `model check` does. */
static void test_non_finite_weights(void **state)
{
    (void)state;
    uint64_t weights_off = 0;
    for (int i = 0; i < 8; i++)
        weights_off |= (uint64_t)model_bytes[56 + i] << (8 * i);
    static const unsigned char nan_le[4] = {0x00, 0x00, 0xC0, 0x7F}, inf_le[4] = {0x00, 0x00, 0x80, 0x7F};
    unsigned char *b = malloc(model_size);
    ns_model *m;
    void *keep;
    ns_error err = {0};
    memcpy(b, model_bytes, model_size);
    memcpy(b + weights_off + 4, nan_le, 4); /* the second label's bias */
    fix_checksum(b, model_size);
    assert_int_equal(load_copy(b, model_size, &m, &keep, &err), NS_EINPUT);
    assert_non_null(strstr(err.msg, "finite"));

    memcpy(b, model_bytes, model_size);
    size_t at = weights_off + 4 * 3 + 4 * 3 * 17 + 4; /* row 17, label 1 */
    memcpy(b + at, inf_le, 4);
    fix_checksum(b, model_size);
    assert_int_equal(load_copy(b, model_size, &m, &keep, &err), NS_OK);
    assert_int_equal(ns_model_check_weights(m, "toy.nsm", &err), NS_EINPUT);
    assert_non_null(strstr(err.msg, "toy.nsm"));
    assert_non_null(strstr(err.msg, "finite"));
    ns_model_close(m);
    free(keep);
    free(b);
}

static void test_open_errors(void **state)
{
    (void)state;
    ns_model *m = (ns_model *)1;
    ns_error err = {0};
    assert_int_equal(ns_model_open(&m, path_in_tmp("missing.nsm"), &err), NS_EINPUT);
    assert_null(m);
    assert_non_null(strstr(err.msg, "missing.nsm"));
    assert_int_equal(ns_model_open(&m, tmpdir, &err), NS_EINPUT); /* a directory */
    write_all(path_in_tmp("empty.nsm"), "", 0);
    assert_int_equal(ns_model_open(&m, path_in_tmp("empty.nsm"), &err), NS_EINPUT);
    assert_non_null(strstr(err.msg, "empty.nsm"));
    /* a truncated file on disk, through mmap */
    write_all(path_in_tmp("cut.nsm"), model_bytes, model_size / 2);
    assert_int_equal(ns_model_open(&m, path_in_tmp("cut.nsm"), &err), NS_EINPUT);
    assert_non_null(strstr(err.msg, "cut.nsm: byte "));
    unlink(path_in_tmp("empty.nsm"));
    unlink(path_in_tmp("cut.nsm"));
}

static void test_deterministic(void **state)
{
    (void)state;
    ns_train_options o;
    small_options(&o);
    size_t n1, n2, n3;
    assert_int_equal(train_to(path_in_tmp("a.nsm"), &o), NS_OK);
    assert_int_equal(train_to(path_in_tmp("b.nsm"), &o), NS_OK);
    o.threads = 2;
    assert_int_equal(train_to(path_in_tmp("c.nsm"), &o), NS_OK);
    unsigned char *a = read_all(path_in_tmp("a.nsm"), &n1), *b = read_all(path_in_tmp("b.nsm"), &n2),
                  *c = read_all(path_in_tmp("c.nsm"), &n3);
    assert_int_equal(n1, model_size);
    assert_memory_equal(a, model_bytes, model_size);
    assert_int_equal(n2, n1);
    assert_memory_equal(a, b, n1);
    assert_int_equal(n3, n1);
    assert_memory_equal(a, c, n1); /* threads 1 and 2 give the same bytes */
    /* so does a thread count above the number of documents */
    o.threads = 8;
    ns_corpus *few = toy_corpus(5);
    ns_error err = {0};
    assert_int_equal(ns_train(few, NULL, &o, path_in_tmp("d.nsm"), NULL, &err), NS_OK);
    o.threads = 1;
    assert_int_equal(ns_train(few, NULL, &o, path_in_tmp("e.nsm"), NULL, &err), NS_OK);
    ns_corpus_free(few);
    size_t n4, n5;
    unsigned char *d = read_all(path_in_tmp("d.nsm"), &n4), *e = read_all(path_in_tmp("e.nsm"), &n5);
    assert_int_equal(n4, n5);
    assert_memory_equal(d, e, n4);
    free(a), free(b), free(c), free(d), free(e);
    /* no temporary files are left behind */
    DIR *dir = opendir(tmpdir);
    struct dirent *de;
    while ((de = readdir(dir)))
        if (strstr(de->d_name, ".tmp"))
            fail_msg("leftover %s", de->d_name);
    closedir(dir);
}

static void test_predict_and_explain(void **state)
{
    (void)state;
    ns_model *m;
    ns_error err = {0};
    assert_int_equal(ns_model_open(&m, path_in_tmp("toy.nsm"), &err), NS_OK);
    ns_scratch *s = ns_scratch_new();
    ns_prediction p = {0};
    assert_int_equal(ns_predict(m, s, sample, strlen(sample), 5, &p, &err), NS_OK);
    check_prediction(m, &p, sample, strlen(sample), 5);
    assert_string_equal(ns_model_label(m, p.label), "politics");
    assert_true(p.n_pro > 0);
    /* no explanation asked: none given, and the probabilities are the same */
    double pol = p.probs[p.label];
    assert_int_equal(ns_predict(m, s, sample, strlen(sample), 0, &p, &err), NS_OK);
    assert_int_equal(p.n_pro, 0);
    assert_int_equal(p.n_con, 0);
    assert_true(fabs(p.probs[p.label] - pol) < 1e-12);

    /* every training text: mostly right, and every prediction well formed */
    char buf[256];
    size_t right = 0;
    for (size_t d = 0; d < TOY_DOCS; d++) {
        const char *t = toy_doc(d, buf, sizeof buf);
        assert_int_equal(ns_predict(m, s, t, strlen(t), 3, &p, &err), NS_OK);
        check_prediction(m, &p, t, strlen(t), 3);
        right += !strcmp(ns_model_label(m, p.label), labels[d % 3]);
    }
    assert_true(right >= TOY_DOCS * 9 / 10);

    /* empty text and text of nothing but invalid bytes */
    assert_int_equal(ns_predict(m, s, "", 0, 3, &p, &err), NS_OK);
    check_prediction(m, &p, "", 0, 3);
    assert_int_equal(ns_predict(m, s, "\xFF\xFE\xC0", 3, 3, &p, &err), NS_OK);
    check_prediction(m, &p, "\xFF\xFE\xC0", 3, 3);
    ns_prediction_clear(&p);
    ns_scratch_free(s);
    ns_model_close(m);
}

/* With every feature listed, the explanation is the model's arithmetic:
 * the weights plus the bias difference give the margin between the
 * predicted label and the runner-up, T * log(p[label] / p[runner_up]). */
static void check_sums_to_margin(const ns_model *m, ns_scratch *s, ns_prediction *p, const char *text)
{
    ns_error err = {0};
    assert_int_equal(ns_predict(m, s, text, strlen(text), 1000, p, &err), NS_OK);
    check_prediction(m, p, text, strlen(text), 1000);
    double sum = (double)m->bias[p->label] - (double)m->bias[p->runner_up];
    for (size_t i = 0; i < p->n_pro; i++)
        sum += p->pro[i].weight;
    for (size_t i = 0; i < p->n_con; i++)
        sum += p->con[i].weight;
    double margin = m->temperature * log(p->probs[p->label] / p->probs[p->runner_up]);
    if (fabs(sum - margin) > 1e-4 * (1 + fabs(margin)))
        fail_msg("\"%s\": explanation sums to %g, margin is %g", text, sum, margin);
}

static void test_explain_sums_to_margin(void **state)
{
    (void)state;
    ns_model *m;
    ns_error err = {0};
    assert_int_equal(ns_model_open(&m, path_in_tmp("toy.nsm"), &err), NS_OK);
    ns_scratch *s = ns_scratch_new();
    ns_prediction p = {0};
    const char *texts[] = {sample, "Storm and rain after the match today", "Win"};
    for (size_t t = 0; t < 3; t++)
        check_sums_to_margin(m, s, &p, texts[t]);
    ns_prediction_clear(&p);
    ns_scratch_free(s);
    ns_model_close(m);
}

static void test_prediction_json(void **state)
{
    (void)state;
    ns_model *m;
    ns_error err = {0};
    assert_int_equal(ns_model_open(&m, path_in_tmp("toy.nsm"), &err), NS_OK);
    ns_scratch *s = ns_scratch_new();
    ns_prediction p = {0};
    assert_int_equal(ns_predict(m, s, sample, strlen(sample), 2, &p, &err), NS_OK);
    char *js = ns_prediction_json(m, &p, "id \"7\"\n", 1);
    assert_non_null(js);
    assert_null(strchr(js, '\n'));
    json_error_t je;
    json_t *o = json_loads(js, 0, &je);
    if (!o)
        fail_msg("invalid JSON %s: %s", js, je.text);
    assert_string_equal(json_string_value(json_object_get(o, "id")), "id \"7\"\n");
    assert_string_equal(json_string_value(json_object_get(o, "label")), "politics");
    json_t *probs = json_object_get(o, "probs");
    assert_int_equal(json_object_size(probs), 3);
    json_t *ex = json_object_get(o, "explain");
    assert_true(json_is_array(json_object_get(ex, "for")));
    assert_true(json_is_array(json_object_get(ex, "against")));
    json_t *first = json_array_get(json_object_get(ex, "for"), 0);
    assert_true(json_is_string(json_object_get(first, "feature")));
    assert_true(json_is_number(json_object_get(first, "weight")));
    assert_true(json_is_array(json_object_get(first, "spans")));
    json_decref(o);
    free(js);
    js = ns_prediction_json(m, &p, NULL, 0);
    o = json_loads(js, 0, &je);
    assert_non_null(o);
    assert_null(json_object_get(o, "id"));
    assert_null(json_object_get(o, "explain"));
    json_decref(o);
    free(js);
    ns_prediction_clear(&p);
    ns_scratch_free(s);
    ns_model_close(m);
}

static void test_quantized(void **state)
{
    (void)state;
    ns_train_options o;
    small_options(&o);
    o.quantize = 1;
    assert_int_equal(train_to(path_in_tmp("q.nsm"), &o), NS_OK);
    ns_model *q, *f;
    ns_error err = {0};
    assert_int_equal(ns_model_open(&q, path_in_tmp("q.nsm"), &err), NS_OK);
    assert_int_equal(ns_model_open(&f, path_in_tmp("toy.nsm"), &err), NS_OK);
    size_t qn;
    unsigned char *qb = read_all(path_in_tmp("q.nsm"), &qn);
    assert_true(qn < model_size / 2);
    char *desc = NULL;
    assert_int_equal(ns_model_describe(q, &desc), NS_OK);
    assert_non_null(strstr(desc, "int8"));
    free(desc);
    assert_int_equal(ns_model_check_weights(q, "q.nsm", &err), NS_OK);
    ns_scratch *s = ns_scratch_new();
    ns_prediction pq = {0}, pf = {0};
    char buf[256];
    size_t same = 0;
    for (size_t d = 0; d < TOY_DOCS; d++) {
        const char *t = toy_doc(d, buf, sizeof buf);
        assert_int_equal(ns_predict(q, s, t, strlen(t), 3, &pq, &err), NS_OK);
        check_prediction(q, &pq, t, strlen(t), 3);
        assert_int_equal(ns_predict(f, s, t, strlen(t), 0, &pf, &err), NS_OK);
        same += pq.label == pf.label;
    }
    assert_true(same >= TOY_DOCS * 9 / 10);
    /* the quantized file resists damage as well: sampled flips and cuts */
    for (size_t i = 0; i < qn; i += 7) {
        ns_model *m;
        void *keep;
        qb[i] ^= 0x10;
        assert_int_equal(load_copy(qb, qn, &m, &keep, &err), NS_EINPUT);
        qb[i] ^= 0x10;
        assert_int_equal(load_copy(qb, i, &m, &keep, &err), NS_EINPUT);
    }
    free(qb);
    ns_prediction_clear(&pq);
    ns_prediction_clear(&pf);
    ns_scratch_free(s);
    ns_model_close(q);
    ns_model_close(f);
}

/* 15 documents after the toy corpus's, for dev. */
static ns_corpus *toy_dev(void)
{
    ns_corpus *dev = ns_corpus_new();
    ns_error err = {0};
    char buf[256];
    for (size_t d = TOY_DOCS; d < TOY_DOCS + 15; d++) {
        const char *t = toy_doc(d, buf, sizeof buf);
        assert_int_equal(ns_corpus_add(dev, t, strlen(t), labels[d % 3], &err), NS_OK);
    }
    return dev;
}

static void test_char_ngrams_and_dev(void **state)
{
    (void)state;
    ns_train_options o;
    small_options(&o);
    o.features.char_min = 3, o.features.char_max = 5;
    ns_corpus *tr = toy_corpus(TOY_DOCS), *dev = toy_dev();
    ns_error err = {0};
    /* a dev label the model never saw is an error for the dev score, not a crash */
    assert_int_equal(ns_corpus_add(dev, "storm rain", 10, "unseen", &err), NS_OK);
    ns_train_summary sum;
    assert_int_equal(ns_train(tr, dev, &o, path_in_tmp("ch.nsm"), &sum, &err), NS_OK);
    assert_int_equal(sum.examples, TOY_DOCS);
    assert_int_equal(sum.dev_examples, 16);
    assert_int_equal(sum.classes, 3);
    assert_true(sum.dev_macro_f1 >= 0.5 && sum.dev_macro_f1 <= 1);
    assert_true(sum.temperature > 0);
    assert_true(sum.best_epoch >= 1 && sum.best_epoch <= o.epochs);
    ns_model *m;
    assert_int_equal(ns_model_open(&m, path_in_tmp("ch.nsm"), &err), NS_OK);
    assert_int_equal(ns_model_features(m)->char_min, 3);
    ns_scratch *s = ns_scratch_new();
    ns_prediction p = {0};
    const char *t = "Stormy forecasts of rainfall, sunny later";
    assert_int_equal(ns_predict(m, s, t, strlen(t), 10, &p, &err), NS_OK);
    check_prediction(m, &p, t, strlen(t), 10);
    assert_string_equal(ns_model_label(m, p.label), "weather");
    ns_prediction_clear(&p);
    ns_scratch_free(s);
    ns_model_close(m);
    ns_corpus_free(tr);
    ns_corpus_free(dev);
}

static void count_epoch(void *ctx, int epoch, int epochs, double dev_f1)
{
    (void)epochs, (void)dev_f1;
    *(int *)ctx = epoch;
}

/* Early stopping: training stops `patience` epochs after the best one (or
 * at the last epoch), and a longer patience never keeps a worse epoch. */
static void test_patience(void **state)
{
    (void)state;
    ns_corpus *tr = toy_corpus(TOY_DOCS), *dev = toy_dev();
    ns_error err = {0};
    double prev_f1 = -1;
    for (int patience = 1; patience <= 3; patience++) {
        ns_train_options o;
        small_options(&o);
        o.epochs = 30, o.patience = patience;
        int last = 0;
        o.progress = count_epoch, o.progress_ctx = &last;
        ns_train_summary sum;
        assert_int_equal(ns_train(tr, dev, &o, path_in_tmp("pat.nsm"), &sum, &err), NS_OK);
        assert_true(last == o.epochs || last == sum.best_epoch + patience);
        assert_true(sum.dev_macro_f1 >= prev_f1);
        prev_f1 = sum.dev_macro_f1;
    }
    ns_train_options o;
    small_options(&o);
    o.patience = 0;
    ns_train_summary sum;
    assert_int_equal(ns_train(tr, dev, &o, path_in_tmp("pat0.nsm"), &sum, &err), NS_EUSAGE);
    assert_non_null(strstr(err.msg, "patience"));
    ns_corpus_free(tr);
    ns_corpus_free(dev);
}

/* A sentence predicted from the whole text's tokens and n-grams
 * (ns_predict_part) gets the very probabilities a prediction of the
 * sentence alone gets, whether its keys are reused or, where a token of
 * the whole runs across its end (a URL past a no-break space), read afresh. */
/* With and without --idf: a reused sentence is weighed like a lone one. */
static void check_part_equals_alone(int idf)
{
    ns_train_options o;
    small_options(&o);
    o.features.char_min = 3, o.features.char_max = 5;
    o.features.dense = 1;
    o.idf = idf;
    assert_int_equal(train_to(path_in_tmp("part.nsm"), &o), NS_OK);
    ns_model *m;
    ns_error err = {0};
    assert_int_equal(ns_model_open(&m, path_in_tmp("part.nsm"), &err), NS_OK);
    const char *t = "Stormy forecasts of RAINFALL today. See http://x.io/a.\xc2\xa0Sunny later, caf&eacute; "
                    "\xc3\x89"
                    "COLE!! Rain? \xe2\x80\x9cQuoted words here,\xe2\x80\x9d said Mr. Smith.\n"
                    "Storm &amp; rain &#33;&#33; WIND...  Forecast 3.5 and 1,000 here.";
    size_t len = strlen(t);
    ns_scratch *s = ns_scratch_new(), *alone = ns_scratch_new();
    ns_prediction p = {0}, q = {0};
    assert_int_equal(ns_predict(m, s, t, len, -1, &p, &err), NS_OK);
    ns_span *sent;
    long n = ns_sentences(t, len, &sent);
    assert_true(n >= 6);
    for (long i = 0; i < n; i++) {
        size_t off = sent[i].start, sl = sent[i].end - sent[i].start;
        assert_int_equal(ns_predict_part(m, s, t, len, off, sl, &p, &err), NS_OK);
        assert_int_equal(ns_predict(m, alone, t + off, sl, 0, &q, &err), NS_OK);
        assert_memory_equal(p.probs, q.probs, ns_model_labels(m) * sizeof *p.probs);
    }
    free(sent);
    ns_prediction_clear(&p);
    ns_prediction_clear(&q);
    ns_scratch_free(s);
    ns_scratch_free(alone);
    ns_model_close(m);
}

static void test_predict_part_equals_alone(void **state)
{
    (void)state;
    check_part_equals_alone(0);
    check_part_equals_alone(1);
}

static void test_labels_kept_exactly(void **state)
{
    (void)state;
    static const char *const odd[2] = {"tr\xC3\xA8s \"bon\"\\", "Not OK / \xF0\x9F\x98\x82"};
    ns_corpus *c = ns_corpus_new();
    ns_error err = {0};
    char buf[256];
    for (size_t d = 0; d < 20; d++) {
        const char *t = toy_doc(d * 3 + (d % 2), buf, sizeof buf);
        assert_int_equal(ns_corpus_add(c, t, strlen(t), odd[d % 2], &err), NS_OK);
    }
    ns_train_options o;
    small_options(&o);
    o.features.dense = 0;
    assert_int_equal(ns_train(c, NULL, &o, path_in_tmp("odd.nsm"), NULL, &err), NS_OK);
    ns_corpus_free(c);
    ns_model *m;
    assert_int_equal(ns_model_open(&m, path_in_tmp("odd.nsm"), &err), NS_OK);
    assert_string_equal(ns_model_label(m, 0), odd[0]);
    assert_string_equal(ns_model_label(m, 1), odd[1]);
    ns_scratch *s = ns_scratch_new();
    ns_prediction p = {0};
    assert_int_equal(ns_predict(m, s, sample, strlen(sample), 2, &p, &err), NS_OK);
    char *js = ns_prediction_json(m, &p, NULL, 1);
    json_error_t je;
    json_t *o2 = json_loads(js, 0, &je);
    assert_non_null(o2);
    assert_non_null(json_object_get(json_object_get(o2, "probs"), odd[0]));
    assert_non_null(json_object_get(json_object_get(o2, "probs"), odd[1]));
    json_decref(o2);
    free(js);
    ns_prediction_clear(&p);
    ns_scratch_free(s);
    ns_model_close(m);
}

/* A set-labelled document trains the model toward its set, as OLID's
 * "hate|offensive" does: with sport documents labelled "sport" and all the
 * others only "politics|weather", a politics text must land in that set.
 * (Set-labelled documents were once skipped in training, and the model then
 * called everything sport.) */
static void test_partial_labels(void **state)
{
    (void)state;
    ns_corpus *c = ns_corpus_new();
    ns_error err = {0};
    char buf[256];
    static const char *const raw[3] = {"sport", "politics|weather", "politics|weather"};
    for (size_t d = 0; d < TOY_DOCS * 2; d++) {
        const char *t = toy_doc(d, buf, sizeof buf);
        assert_int_equal(ns_corpus_add(c, t, strlen(t), raw[d % 3], &err), NS_OK);
    }
    ns_train_options o;
    small_options(&o);
    o.partial_sep = '|';
    assert_int_equal(ns_train(c, c, &o, path_in_tmp("partial.nsm"), NULL, &err), NS_OK);
    ns_corpus_free(c);
    ns_model *m;
    assert_int_equal(ns_model_open(&m, path_in_tmp("partial.nsm"), &err), NS_OK);
    assert_int_equal(ns_model_labels(m), 3);
    int sport = -1, politics = -1, weather = -1;
    for (int i = 0; i < 3; i++) {
        const char *l = ns_model_label(m, (size_t)i);
        sport = strcmp(l, "sport") ? sport : i;
        politics = strcmp(l, "politics") ? politics : i;
        weather = strcmp(l, "weather") ? weather : i;
    }
    assert_true(sport >= 0 && politics >= 0 && weather >= 0);
    ns_scratch *s = ns_scratch_new();
    ns_prediction p = {0};
    assert_int_equal(ns_predict(m, s, sample, strlen(sample), 0, &p, &err), NS_OK);
    assert_true(p.probs[politics] + p.probs[weather] > 0.9);
    assert_true(p.probs[sport] < 0.1);
    ns_prediction_clear(&p);
    ns_scratch_free(s);
    ns_model_close(m);
}

static void test_train_errors(void **state)
{
    (void)state;
    ns_train_options o;
    small_options(&o);
    ns_error err = {0};
    ns_corpus *c = ns_corpus_new();
    assert_int_equal(ns_train(c, NULL, &o, path_in_tmp("x.nsm"), NULL, &err), NS_EINPUT);
    assert_int_equal(ns_corpus_add(c, "a b", 3, "only", &err), NS_OK);
    assert_int_equal(ns_train(c, NULL, &o, path_in_tmp("x.nsm"), NULL, &err), NS_EINPUT);
    assert_non_null(strstr(err.msg, "only"));
    assert_int_equal(ns_corpus_size(c), 1);
    ns_corpus_free(c);
    c = toy_corpus(9);
    o.features.bits = 9;
    assert_int_equal(ns_train(c, NULL, &o, path_in_tmp("x.nsm"), NULL, &err), NS_EUSAGE);
    small_options(&o);
    o.epochs = 0;
    assert_int_equal(ns_train(c, NULL, &o, path_in_tmp("x.nsm"), NULL, &err), NS_EUSAGE);
    small_options(&o);
    o.features.char_min = 3; /* char_max 0 */
    assert_int_equal(ns_train(c, NULL, &o, path_in_tmp("x.nsm"), NULL, &err), NS_EUSAGE);
    small_options(&o);
    o.l1 = NAN;
    assert_int_equal(ns_train(c, NULL, &o, path_in_tmp("x.nsm"), NULL, &err), NS_EUSAGE);
    small_options(&o);
    /* a folder that does not exist: an error, and nothing written */
    int rc = ns_train(c, NULL, &o, path_in_tmp("no/such/dir/x.nsm"), NULL, &err);
    assert_true(rc == NS_EINPUT || rc == NS_ESYSTEM);
    assert_true(strlen(err.msg) > 0);
    assert_int_equal(access(path_in_tmp("x.nsm"), F_OK), -1);
    ns_corpus_free(c);
}

/* --idf: the table is learned on train, stored (format version 2), used by
 * predict exactly as in training, and damage to it is refused. */
static void test_idf(void **state)
{
    (void)state;
    ns_train_options o;
    small_options(&o);
    o.idf = 1;
    assert_int_equal(train_to(path_in_tmp("idf.nsm"), &o), 0);
    assert_int_equal(train_to(path_in_tmp("idf2.nsm"), &o), 0);
    size_t n, n2;
    unsigned char *b = read_all(path_in_tmp("idf.nsm"), &n);
    unsigned char *b2 = read_all(path_in_tmp("idf2.nsm"), &n2);
    assert_int_equal(n, n2);
    assert_memory_equal(b, b2, n); /* deterministic */
    free(b2);
    assert_int_equal(b[8], 2);
    assert_int_equal(b[31], 1);
    /* the toy model plus the scale and 2^10 bytes (and a longer summary) */
    assert_true(n >= model_size + 4 + 1024 && n <= model_size + 4 + 1024 + 64);

    ns_model *m;
    void *keep;
    ns_error err = {0};
    assert_int_equal(load_copy(b, n, &m, &keep, &err), NS_OK);
    assert_non_null(m->idf);
    assert_true(m->idf_scale > 0 && m->idf_scale < 1);
    /* rows no training document holds are left out (q = 0); the others kept */
    json_t *sum = json_loads(ns_model_summary(m), 0, NULL);
    assert_non_null(sum);
    size_t used = (size_t)json_integer_value(json_object_get(sum, "features_used")), kept = 0;
    assert_int_equal(json_integer_value(json_object_get(json_object_get(sum, "options"), "idf")), 1);
    json_decref(sum);
    for (size_t r = 0; r < 1024; r++)
        kept += m->idf[r] != 0;
    assert_true(kept > 0 && kept <= used && used <= kept + NS_DENSE_FEATURES); /* + style rows */
    char *desc = NULL;
    assert_int_equal(ns_model_describe(m, &desc), NS_OK);
    assert_non_null(strstr(desc, "format version  2"));
    assert_non_null(strstr(desc, "idf weighting   yes"));
    free(desc);
    assert_int_equal(ns_model_check_weights(m, "toy.nsm", &err), NS_OK);

    /* explanations still add up to the margin, with idf-weighted values */
    ns_scratch *s = ns_scratch_new();
    ns_prediction p = {0};
    const char *texts[] = {sample, "Storm and rain after the match today", "zzz qqq unknown words only"};
    for (size_t t = 0; t < 3; t++)
        check_sums_to_margin(m, s, &p, texts[t]);
    assert_int_equal(ns_predict(m, s, sample, strlen(sample), 0, &p, &err), NS_OK);
    assert_string_equal(ns_model_label(m, p.label), "politics");
    ns_prediction_clear(&p);
    ns_scratch_free(s);
    ns_model_close(m);
    free(keep);

    /* every truncation and every flipped byte is refused, naming a byte */
    unsigned char *c = malloc(n);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(load_copy(b, i, &m, &keep, &err), NS_EINPUT);
        memcpy(c, b, n);
        c[i] ^= 0xFF;
        assert_int_equal(load_copy(c, n, &m, &keep, &err), NS_EINPUT);
        assert_non_null(strstr(err.msg, "toy.nsm: byte "));
    }
    /* with the checksum made right: a bad flag, a version-1 file claiming a
     * table, a bad scale */
    memcpy(c, b, n);
    c[31] = 2;
    fix_checksum(c, n);
    assert_int_equal(load_copy(c, n, &m, &keep, &err), NS_EINPUT);
    assert_non_null(strstr(err.msg, "byte 31"));
    memcpy(c, b, n);
    c[8] = 1;
    fix_checksum(c, n);
    assert_int_equal(load_copy(c, n, &m, &keep, &err), NS_EINPUT);
    assert_non_null(strstr(err.msg, "byte 31"));
    memcpy(c, b, n);
    memset(c + n - 8 - 1024 - 4, 0, 4);
    fix_checksum(c, n);
    assert_int_equal(load_copy(c, n, &m, &keep, &err), NS_EINPUT);
    assert_non_null(strstr(err.msg, "IDF scale"));
    /* a version-1 file (no table) with the flag set no longer fits its sections */
    memcpy(c, model_bytes, model_size);
    c[31] = 1;
    fix_checksum(c, model_size);
    assert_int_equal(load_copy(c, model_size, &m, &keep, &err), NS_EINPUT);
    free(c);
    free(b);

    /* --min-df 2 leaves out more rows; min_df out of range is a usage error */
    small_options(&o);
    o.idf = 1, o.min_df = 2;
    assert_int_equal(train_to(path_in_tmp("idf3.nsm"), &o), 0);
    assert_int_equal(ns_model_open(&m, path_in_tmp("idf3.nsm"), &err), NS_OK);
    size_t kept2 = 0;
    for (size_t r = 0; r < 1024; r++)
        kept2 += m->idf[r] != 0;
    assert_true(kept2 < kept && kept2 > 0);
    ns_model_close(m);
    o.min_df = 0;
    ns_corpus *tc = toy_corpus(TOY_DOCS);
    assert_int_equal(ns_train(tc, NULL, &o, path_in_tmp("x.nsm"), NULL, &err), NS_EUSAGE);
    ns_corpus_free(tc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load_good),
        cmocka_unit_test(test_truncated_every_length),
        cmocka_unit_test(test_flipped_every_byte),
        cmocka_unit_test(test_flipped_with_valid_checksum),
        cmocka_unit_test(test_newer_version),
        cmocka_unit_test(test_non_finite_weights),
        cmocka_unit_test(test_open_errors),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_predict_and_explain),
        cmocka_unit_test(test_explain_sums_to_margin),
        cmocka_unit_test(test_prediction_json),
        cmocka_unit_test(test_quantized),
        cmocka_unit_test(test_char_ngrams_and_dev),
        cmocka_unit_test(test_predict_part_equals_alone),
        cmocka_unit_test(test_labels_kept_exactly),
        cmocka_unit_test(test_partial_labels),
        cmocka_unit_test(test_train_errors),
        cmocka_unit_test(test_idf),
        cmocka_unit_test(test_patience),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
