/* fuzz_model.c — model loading on any bytes.  The input is copied into an
 * aligned buffer (as an mmap would be) and loaded; a model that loads is
 * described, checked and asked to predict with explanations, then closed.
 *
 * A mutated byte almost always fails the checksum, which would keep the
 * fuzzer out of everything behind it; so each input is also tried with its
 * size field and checksum repaired, which lets the section and label checks,
 * the description and prediction see arbitrary content. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "newssift.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "fuzz_model: %s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);   \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

static const char text[] = "The senate votes on the storm bill today!!! \xF0\x9F\x98\x82 #vote @someone "
                           "https://example.org caf\xC3\xA9 don\xE2\x80\x99t &amp; 1,000.5";

static void try_load(const uint8_t *data, size_t size)
{
    size_t cap = (size + 63) / 64 * 64;
    unsigned char *buf = aligned_alloc(64, cap ? cap : 64);
    if (!buf)
        return;
    if (size)
        memcpy(buf, data, size);
    ns_model *m = NULL;
    ns_error err = {0};
    int rc = ns_model_from_memory(&m, buf, size, "fuzz.nsm", &err);
    if (rc) {
        CHECK(m == NULL);
        CHECK(rc == NS_EINPUT || rc == NS_ESYSTEM);
        CHECK(err.code == rc && err.msg[0]);
        free(buf);
        return;
    }
    CHECK(m != NULL);
    size_t nl = ns_model_labels(m);
    CHECK(nl >= 2);
    for (size_t i = 0; i < nl; i++) {
        const char *l = ns_model_label(m, i);
        CHECK(l && l[0] && ns_utf8_valid(l, strlen(l), NULL));
        CHECK(ns_model_label_index(m, l) == (long)i);
    }
    CHECK(ns_model_summary(m) != NULL);
    char *desc = NULL;
    if (ns_model_describe(m, &desc) == NS_OK)
        free(desc);
    ns_model_check_weights(m, "fuzz.nsm", &err);
    ns_scratch *s = ns_scratch_new();
    ns_prediction p = {0};
    if (s && ns_predict(m, s, text, sizeof text - 1, 3, &p, &err) == NS_OK) {
        CHECK(p.label < nl && p.runner_up < nl && p.label != p.runner_up);
        CHECK(p.n_pro <= 3 && p.n_con <= 3);
        for (size_t i = 0; i < p.n_pro + p.n_con; i++) {
            const ns_evidence *e = i < p.n_pro ? &p.pro[i] : &p.con[i - p.n_pro];
            for (size_t j = 0; j < e->n_spans; j++)
                CHECK(e->spans[j].start < e->spans[j].end && e->spans[j].end <= sizeof text - 1);
        }
        char *js = ns_prediction_json(m, &p, "id", 1);
        free(js);
    }
    ns_prediction_clear(&p);
    ns_scratch_free(s);
    ns_model_close(m);
    free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    try_load(data, size);
    if (size < 72 || size > (64u << 20))
        return 0;
    /* the same bytes with a consistent size field and checksum */
    uint8_t *fixed = malloc(size);
    if (!fixed)
        return 0;
    memcpy(fixed, data, size);
    for (int i = 0; i < 8; i++)
        fixed[16 + i] = (uint8_t)((uint64_t)size >> (8 * i));
    uint64_t h = XXH3_64bits(fixed, size - 8);
    for (int i = 0; i < 8; i++)
        fixed[size - 8 + i] = (uint8_t)(h >> (8 * i));
    try_load(fixed, size);
    free(fixed);
    return 0;
}
