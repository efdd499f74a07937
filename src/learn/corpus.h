/* corpus.h — a labelled corpus in memory: all texts in one buffer. */
#ifndef NS_LEARN_CORPUS_H
#define NS_LEARN_CORPUS_H

#include "newssift.h"

typedef struct ns_doc {
    size_t off, len;
    int label; /* index into labels */
} ns_doc;

struct ns_corpus {
    char *name; /* file name, for messages */
    char *text;
    size_t text_len, text_cap;
    ns_doc *docs;
    size_t n, cap;
    char **labels; /* in first-seen order */
    size_t n_labels, labels_cap;
};

/* Index of label in c, or -1. */
int ns_corpus_label_index(const ns_corpus *c, const char *label);

#endif
