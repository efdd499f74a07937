/* corpus.c — collecting labelled documents for training. */
#include <stdlib.h>
#include <string.h>

#include "learn/corpus.h"

ns_corpus *ns_corpus_new(void)
{
    return calloc(1, sizeof(ns_corpus));
}

void ns_corpus_free(ns_corpus *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n_labels; i++)
        free(c->labels[i]);
    free(c->labels), free(c->docs), free(c->text), free(c->name);
    free(c);
}

size_t ns_corpus_size(const ns_corpus *c)
{
    return c->n;
}

int ns_corpus_label_index(const ns_corpus *c, const char *label)
{
    for (size_t i = 0; i < c->n_labels; i++)
        if (!strcmp(c->labels[i], label))
            return (int)i;
    return -1;
}

int ns_corpus_add(ns_corpus *c, const char *text, size_t len, const char *label, ns_error *err)
{
    int li = ns_corpus_label_index(c, label);
    if (li < 0) {
        if (c->n_labels >= 4096)
            return ns_fail(err, NS_EINPUT, "more than 4096 distinct labels");
        if (c->n_labels == c->labels_cap) {
            size_t cap = c->labels_cap ? c->labels_cap * 2 : 8;
            char **p = realloc(c->labels, cap * sizeof *p);
            if (!p)
                return ns_fail(err, NS_ESYSTEM, "out of memory");
            c->labels = p, c->labels_cap = cap;
        }
        if (!(c->labels[c->n_labels] = strdup(label)))
            return ns_fail(err, NS_ESYSTEM, "out of memory");
        li = (int)c->n_labels++;
    }
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 1024;
        ns_doc *p = realloc(c->docs, cap * sizeof *p);
        if (!p)
            return ns_fail(err, NS_ESYSTEM, "out of memory");
        c->docs = p, c->cap = cap;
    }
    if (c->text_len + len + 1 > c->text_cap) {
        size_t cap = c->text_cap ? c->text_cap : 1 << 16;
        while (cap < c->text_len + len + 1)
            cap *= 2;
        char *p = realloc(c->text, cap);
        if (!p)
            return ns_fail(err, NS_ESYSTEM, "out of memory");
        c->text = p, c->text_cap = cap;
    }
    memcpy(c->text + c->text_len, text, len);
    c->text[c->text_len + len] = '\0';
    c->docs[c->n++] = (ns_doc){c->text_len, len, li};
    c->text_len += len + 1;
    return NS_OK;
}

int ns_corpus_read(ns_corpus *c, ns_reader *r, ns_error *err)
{
    ns_record rec;
    int rc;
    while ((rc = ns_reader_next(r, &rec, err)) == 1) {
        if (!rec.label)
            return ns_fail(err, NS_EINPUT, "%s:%lu: missing label", c->name ? c->name : "input", rec.line);
        if ((rc = ns_corpus_add(c, rec.text, rec.text_len, rec.label, err)))
            return rc;
    }
    return rc;
}
