/* model.h — the model file (docs/model-format.md) and the loaded model. */
#ifndef NS_LEARN_MODEL_H
#define NS_LEARN_MODEL_H

#include "newssift.h"

#define NS_MODEL_MAGIC "NSMODEL"
/* The newest version this program reads.  Files without an IDF table are
 * still written as version 1, so that older programs read them. */
#define NS_MODEL_VERSION 2
#define NS_MODEL_HEADER 64

struct ns_model {
    const unsigned char *data;
    size_t size;
    int mapped; /* data is an mmap of a file, else borrowed memory */
    ns_feature_config fc;
    int quantized;
    size_t n_labels, rows;
    double temperature;
    char **labels; /* NUL-terminated copies */
    char *summary; /* NUL-terminated copy of the JSON summary */
    const float *bias;
    const float *w;     /* rows x n_labels, when not quantized */
    const float *scale; /* n_labels, when quantized */
    const int8_t *q;    /* rows x n_labels, when quantized */
    int version;        /* the file's format version */
    const uint8_t *idf; /* 2^bits bytes, or NULL (format version 2) */
    float idf_scale;    /* idf of row r = idf[r] * idf_scale */
};

/* Everything needed to write a model file. */
typedef struct ns_model_spec {
    ns_feature_config fc;
    size_t n_labels;
    char *const *labels;
    double temperature;
    const char *summary; /* JSON object text */
    const float *bias;   /* n_labels */
    const float *w;      /* rows x n_labels */
    int quantize;
    const uint8_t *idf; /* 2^bits bytes, or NULL: no IDF table */
    float idf_scale;
} ns_model_spec;

int ns_model_write(const ns_model_spec *spec, const char *path, ns_error *err);

/* probs = softmax(logit / temperature). */
void ns_softmax(const double *logit, size_t n, double temperature, double *probs);

/* Weight of (row, label), whatever the storage. */
static inline float ns_model_weight(const ns_model *m, size_t row, size_t label)
{
    return m->q ? m->q[row * m->n_labels + label] * m->scale[label] : m->w[row * m->n_labels + label];
}

#endif
