/* batch.h — records read in batches, labelled by worker threads in
 * parallel, written in input order.  predict and eval share it. */
#ifndef NS_CLI_BATCH_H
#define NS_CLI_BATCH_H

#include "newssift.h"

typedef struct batch_item {
    size_t text_off, text_len;
    char *id;    /* NULL when absent */
    char *label; /* gold label, NULL when absent */
    unsigned long line;
    size_t pred; /* filled by the workers */
} batch_item;

/* Called once per record, in input order, after the batch was labelled;
 * out is the record's JSON line (without newline) when json was asked. */
typedef int (*batch_sink)(void *ctx, const batch_item *it, const char *json, size_t len, ns_error *err);

typedef struct batch_options {
    const ns_model *model;
    int threads;
    int explain; /* K features each way, 0 = none */
    int json;    /* build each record's JSON line */
} batch_options;

int run_batches(ns_reader *r, const batch_options *o, batch_sink sink, void *ctx, ns_error *err);

#endif
