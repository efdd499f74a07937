/* model_file.c — reading and writing model files.
 *
 * The layout (docs/model-format.md) is little-endian: a 64-byte header, the
 * labels, the training summary, then the weights at a 16-byte-aligned
 * offset, and last an XXH3-64 checksum of every byte before it.  A load maps
 * the file and checks, in order: size, magic, version, header fields, the
 * checksum, then each section's bounds; the first failure is reported with
 * the byte where it was seen, so a truncated or flipped file names its damage. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include "learn/features.h"
#include "learn/ftrl.h"
#include "learn/model.h"

static uint32_t rd32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t rd64(const unsigned char *p)
{
    return (uint64_t)rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

static float rdf(const unsigned char *p)
{
    uint32_t u = rd32(p);
    float f;
    memcpy(&f, &u, 4);
    return f;
}

static void free_parsed(ns_model *m)
{
    if (m->labels)
        for (size_t i = 0; i < m->n_labels; i++)
            free(m->labels[i]);
    free(m->labels);
    free(m->summary);
    free((void *)m->scale);
}

int ns_model_from_memory(ns_model **out, const void *data, size_t size, const char *name, ns_error *err)
{
    const unsigned char *p = data;
    *out = NULL;
    if (size == 0)
        return ns_fail(err, NS_EINPUT, "%s: byte 0: the model file is empty", name);
    if (size < 8 || memcmp(p, NS_MODEL_MAGIC, 8) != 0)
        return ns_fail(err, NS_EINPUT, "%s: byte 0: not a newssift model (bad magic)", name);
    if (size < NS_MODEL_HEADER + 8)
        return ns_fail(err, NS_EINPUT, "%s: byte %zu: truncated model header", name, size);
    uint32_t version = rd32(p + 8);
    if (version > NS_MODEL_VERSION)
        return ns_fail(err, NS_EINPUT,
                       "%s: byte 8: model format version %u is newer than this program's (%d); "
                       "upgrade newssift",
                       name, version, NS_MODEL_VERSION);
    if (version == 0)
        return ns_fail(err, NS_EINPUT, "%s: byte 8: bad model format version 0", name);
    uint64_t file_size = rd64(p + 16);
    if (file_size != size)
        return ns_fail(err, NS_EINPUT,
                       "%s: byte %zu: model is %zu bytes but its header says %llu (truncated or extended)",
                       name, size < file_size ? size : (size_t)16, size, (unsigned long long)file_size);
    uint64_t sum = rd64(p + size - 8);
    if (XXH3_64bits(p, size - 8) != sum)
        return ns_fail(err, NS_EINPUT, "%s: byte %zu: checksum mismatch (the file is damaged)", name,
                       size - 8);
    if (rd32(p + 12) != NS_MODEL_HEADER)
        return ns_fail(err, NS_EINPUT, "%s: byte 12: bad header size", name);

    ns_model *m = calloc(1, sizeof *m);
    if (!m)
        return ns_fail(err, NS_ESYSTEM, "out of memory loading %s", name);
    m->data = p, m->size = size;
    m->version = (int)version;
    m->fc = (ns_feature_config){p[24], p[25], p[26], p[27], p[28], p[29]};
    m->quantized = p[30];
    m->n_labels = rd32(p + 32);
    m->rows = rd32(p + 36);
    m->temperature = rdf(p + 40);
    uint32_t labels_off = rd32(p + 44), summary_off = rd32(p + 48), summary_len = rd32(p + 52);
    uint64_t weights_off = rd64(p + 56);
    const ns_feature_config *fc = &m->fc;
    int bad_at = -1;
    if (fc->word_min < 1 || fc->word_max > 3 || fc->word_min > fc->word_max)
        bad_at = 24;
    else if (fc->char_max > 8 || fc->char_min > fc->char_max || (fc->char_min == 0) != (fc->char_max == 0))
        bad_at = 26;
    else if (fc->bits < 8 || fc->bits > 24)
        bad_at = 28;
    else if (fc->dense > 1)
        bad_at = 29;
    else if (m->quantized > 1)
        bad_at = 30;
    else if (p[31] > (version >= 2 ? 1 : 0)) /* the IDF flag; reserved (0) in version 1 */
        bad_at = 31;
    else if (m->n_labels < 2 || m->n_labels > 4096)
        bad_at = 32;
    else if (m->rows != ns_feature_rows(fc))
        bad_at = 36;
    else if (!(m->temperature > 0.001 && m->temperature < 1000))
        bad_at = 40;
    if (bad_at >= 0) {
        free(m);
        return ns_fail(err, NS_EINPUT, "%s: byte %d: bad header field", name, bad_at);
    }
    size_t body_end = size - 8;
    size_t hashed = (size_t)1 << fc->bits;
    size_t wbytes = m->n_labels * sizeof(float) * (m->quantized ? 2 : 1) +
                    m->rows * m->n_labels * (m->quantized ? 1 : sizeof(float)) + (p[31] ? 4 + hashed : 0);
    if (labels_off != NS_MODEL_HEADER || summary_off < labels_off || summary_off > body_end ||
        summary_len > body_end - summary_off || weights_off % 16 || weights_off < summary_off + summary_len ||
        weights_off > body_end || wbytes != body_end - weights_off) {
        free(m);
        return ns_fail(err, NS_EINPUT, "%s: byte 44: section offsets do not fit the file", name);
    }
    m->labels = calloc(m->n_labels, sizeof *m->labels);
    m->summary = malloc(summary_len + 1);
    if (!m->labels || !m->summary)
        goto oom;
    size_t at = labels_off;
    for (size_t i = 0; i < m->n_labels; i++) {
        if (at + 2 > summary_off)
            goto bad_labels;
        size_t len = (size_t)p[at] | (size_t)p[at + 1] << 8;
        if (len == 0 || at + 2 + len > summary_off || memchr(p + at + 2, 0, len) ||
            !ns_utf8_valid((const char *)p + at + 2, len, NULL))
            goto bad_labels;
        if (!(m->labels[i] = strndup((const char *)p + at + 2, len)))
            goto oom;
        for (size_t j = 0; j < i; j++)
            if (!strcmp(m->labels[j], m->labels[i]))
                goto bad_labels;
        at += 2 + len;
    }
    if (at != summary_off)
        goto bad_labels;
    memcpy(m->summary, p + summary_off, summary_len);
    m->summary[summary_len] = '\0';
    if (memchr(m->summary, 0, summary_len) || !ns_utf8_valid(m->summary, summary_len, NULL)) {
        ns_fail(err, NS_EINPUT, "%s: byte %u: bad training summary", name, summary_off);
        goto fail;
    }
    const unsigned char *wp = p + weights_off;
    m->bias = (const float *)wp;
    if (m->quantized) {
        float *scale = malloc(m->n_labels * sizeof *scale);
        if (!scale)
            goto oom;
        memcpy(scale, wp + m->n_labels * 4, m->n_labels * 4);
        m->scale = scale;
        m->q = (const int8_t *)(wp + m->n_labels * 8);
    } else {
        m->w = (const float *)(wp + m->n_labels * 4);
    }
    if (p[31]) {
        size_t at_idf = (size_t)weights_off + wbytes - 4 - hashed;
        m->idf_scale = rdf(p + at_idf);
        m->idf = p + at_idf + 4;
        if (!(m->idf_scale > 0 && m->idf_scale < 1)) {
            ns_fail(err, NS_EINPUT, "%s: byte %zu: bad IDF scale", name, at_idf);
            goto fail;
        }
    }
    for (size_t i = 0; i < m->n_labels * (m->quantized ? 2 : 1); i++) {
        float v = rdf(wp + 4 * i);
        if (!isfinite(v) || (m->quantized && i >= m->n_labels && !(v >= 0))) {
            ns_fail(err, NS_EINPUT, "%s: byte %zu: weight is not a finite number", name,
                    (size_t)weights_off + 4 * i);
            goto fail;
        }
    }
    *out = m;
    return NS_OK;
bad_labels:
    ns_fail(err, NS_EINPUT, "%s: byte %zu: bad label list", name, at);
    goto fail;
oom:
    ns_fail(err, NS_ESYSTEM, "out of memory loading %s", name);
fail:
    free_parsed(m);
    free(m);
    return err ? err->code : NS_EINPUT;
}

int ns_model_open(ns_model **out, const char *path, ns_error *err)
{
    *out = NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return ns_fail(err, NS_EINPUT, "%s: cannot open model: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return ns_fail(err, NS_EINPUT, "%s: not a regular file", path);
    }
    size_t size = (size_t)st.st_size;
    void *map = NULL;
    if (size) {
        map = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (map == MAP_FAILED) {
            int e = errno;
            close(fd);
            return ns_fail(err, NS_ESYSTEM, "%s: cannot map model: %s", path, strerror(e));
        }
    }
    close(fd);
    int rc = ns_model_from_memory(out, map, size, path, err);
    if (rc) {
        if (map)
            munmap(map, size);
        return rc;
    }
    (*out)->mapped = 1;
    return NS_OK;
}

void ns_model_close(ns_model *m)
{
    if (!m)
        return;
    if (m->mapped && m->size)
        munmap((void *)m->data, m->size);
    free_parsed(m);
    free(m);
}

size_t ns_model_labels(const ns_model *m)
{
    return m->n_labels;
}
const char *ns_model_label(const ns_model *m, size_t i)
{
    return i < m->n_labels ? m->labels[i] : NULL;
}
const ns_feature_config *ns_model_features(const ns_model *m)
{
    return &m->fc;
}
const char *ns_model_summary(const ns_model *m)
{
    return m->summary;
}

long ns_model_label_index(const ns_model *m, const char *label)
{
    for (size_t i = 0; i < m->n_labels; i++)
        if (!strcmp(m->labels[i], label))
            return (long)i;
    return -1;
}

/* ------------------------------------------------------------- writing */

static void wr32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static void wr64(unsigned char *p, uint64_t v)
{
    wr32(p, (uint32_t)v);
    wr32(p + 4, (uint32_t)(v >> 32));
}

static void wrf(unsigned char *p, float f)
{
    uint32_t u;
    memcpy(&u, &f, 4);
    wr32(p, u);
}

int ns_model_write(const ns_model_spec *s, const char *path, ns_error *err)
{
    size_t rows = ns_feature_rows(&s->fc), nl = s->n_labels;
    size_t labels_len = 0;
    for (size_t i = 0; i < nl; i++) {
        size_t l = strlen(s->labels[i]);
        if (l == 0 || l > 65535)
            return ns_fail(err, NS_EINPUT, "label %zu is empty or longer than 65535 bytes", i + 1);
        labels_len += 2 + l;
    }
    size_t summary_off = NS_MODEL_HEADER + labels_len, summary_len = strlen(s->summary);
    size_t weights_off = (summary_off + summary_len + 15) & ~(size_t)15;
    size_t hashed = (size_t)1 << s->fc.bits;
    size_t wbytes =
        nl * 4 * (s->quantize ? 2 : 1) + rows * nl * (s->quantize ? 1 : 4) + (s->idf ? 4 + hashed : 0);
    size_t size = weights_off + wbytes + 8;
    size_t b_mapped;
    unsigned char *b = ns_rows_alloc(size, &b_mapped, 1);
    if (!b)
        return ns_fail(err, NS_ESYSTEM, "out of memory writing %s", path);
    memcpy(b, NS_MODEL_MAGIC, 8);
    wr32(b + 8, s->idf ? 2 : 1); /* version 1 readers can read a file without IDF */
    wr32(b + 12, NS_MODEL_HEADER);
    wr64(b + 16, size);
    b[24] = s->fc.word_min, b[25] = s->fc.word_max, b[26] = s->fc.char_min;
    b[27] = s->fc.char_max, b[28] = s->fc.bits, b[29] = s->fc.dense ? 1 : 0;
    b[30] = s->quantize ? 1 : 0;
    b[31] = s->idf ? 1 : 0;
    wr32(b + 32, (uint32_t)nl);
    wr32(b + 36, (uint32_t)rows);
    wrf(b + 40, (float)s->temperature);
    wr32(b + 44, NS_MODEL_HEADER);
    wr32(b + 48, (uint32_t)summary_off);
    wr32(b + 52, (uint32_t)summary_len);
    wr64(b + 56, weights_off);
    size_t at = NS_MODEL_HEADER;
    for (size_t i = 0; i < nl; i++) {
        size_t l = strlen(s->labels[i]);
        b[at] = (unsigned char)l, b[at + 1] = (unsigned char)(l >> 8);
        memcpy(b + at + 2, s->labels[i], l);
        at += 2 + l;
    }
    memcpy(b + summary_off, s->summary, summary_len);
    unsigned char *wp = b + weights_off;
    for (size_t c = 0; c < nl; c++)
        wrf(wp + 4 * c, s->bias[c]);
    if (s->quantize) {
        /* Symmetric int8 per label: scale = max |w| / 127.  The rows are
         * walked once for all labels, in memory order (a label at a time
         * strode through them nl times), and the maximum is a comparison:
         * fmaxf, for its NaN rule, was a call per weight. */
        float *mx = calloc(2 * nl, sizeof *mx), *scale = mx + nl;
        if (!mx) {
            ns_rows_free(b, b_mapped);
            return ns_fail(err, NS_ESYSTEM, "out of memory writing %s", path);
        }
        for (size_t r = 0; r < rows; r++)
            for (size_t c = 0; c < nl; c++) {
                float a = fabsf(s->w[r * nl + c]);
                mx[c] = a > mx[c] ? a : mx[c];
            }
        for (size_t c = 0; c < nl; c++) {
            scale[c] = mx[c] > 0 ? mx[c] / 127.0f : 1.0f;
            wrf(wp + 4 * (nl + c), scale[c]);
        }
        int8_t *q = (int8_t *)(wp + 8 * nl);
        for (size_t r = 0; r < rows; r++)
            for (size_t c = 0; c < nl; c++)
                q[r * nl + c] = (int8_t)lrintf(s->w[r * nl + c] / scale[c]);
        free(mx);
    } else {
        for (size_t i = 0; i < rows * nl; i++)
            wrf(wp + 4 * nl + 4 * i, s->w[i]);
    }
    if (s->idf) {
        unsigned char *ip = b + size - 8 - hashed - 4;
        wrf(ip, s->idf_scale);
        memcpy(ip + 4, s->idf, hashed);
    }
    wr64(b + size - 8, XXH3_64bits(b, size - 8));
    ns_outfile *o;
    int rc = ns_outfile_open(&o, path, err);
    if (!rc) {
        rc = ns_outfile_write(o, b, size, err);
        int rc2 = ns_outfile_close(o, rc == NS_OK, rc ? NULL : err);
        if (!rc)
            rc = rc2;
    }
    ns_rows_free(b, b_mapped);
    return rc;
}
