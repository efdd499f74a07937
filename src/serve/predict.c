/* predict.c — the models of POST /v1/predict (every NAME.nsm of the models
 * folder, loaded at start) and the route: {"model": NAME, "texts": [...],
 * "explain": K} in, {"results": [...]} out, each result the object
 * `newssift predict` writes for the same text given as a line of a plain-text
 * file (so its id is the text's 1-based position, as a string). */
#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "learn/prediction_json.h"
#include "serve/serve.h"
#include "util/grow.h"

static int by_name(const void *a, const void *b)
{
    return strcmp(((const served_model *)a)->name, ((const served_model *)b)->name);
}

static void describe(ns_strbuf *b, const served_model *sm)
{
    const ns_model *m = sm->model;
    const ns_feature_config *f = ns_model_features(m);
    sb_puts(b, "{\"name\": ");
    sb_json_str(b, sm->name, strlen(sm->name));
    sb_puts(b, ", \"labels\": [");
    for (size_t i = 0; i < ns_model_labels(m); i++) {
        const char *l = ns_model_label(m, i);
        sb_puts(b, i ? ", " : "");
        sb_json_str(b, l, strlen(l));
    }
    sb_printf(b,
              "], \"features\": {\"word_ngrams\": [%u, %u], \"char_ngrams\": [%u, %u], \"bits\": %u, "
              "\"style\": %s}, \"training\": ",
              f->word_min, f->word_max, f->char_min, f->char_max, f->bits, f->dense ? "true" : "false");
    /* the summary is JSON the trainer wrote; checked, so a damaged one cannot break the answer */
    const char *summary = ns_model_summary(m);
    json_t *j = summary ? json_loads(summary, 0, NULL) : NULL;
    if (j && json_is_object(j))
        sb_puts(b, summary);
    else
        sb_puts(b, "null");
    json_decref(j);
    sb_puts(b, "}");
}

int models_load(ns_server *s, const char *dir, ns_error *err)
{
    DIR *d = opendir(dir);
    if (!d)
        return ns_fail(err, NS_EINPUT, "%s: cannot open the models folder", dir);
    size_t cap = 0;
    int rc = NS_OK;
    struct dirent *e;
    while (!rc && (e = readdir(d))) {
        size_t n = strlen(e->d_name);
        if (n <= 4 || strcmp(e->d_name + n - 4, ".nsm") || e->d_name[0] == '.')
            continue;
        if (ns_grow((void **)&s->models, &cap, s->n_models + 1, sizeof *s->models) < 0) {
            rc = ns_fail(err, NS_ESYSTEM, "out of memory");
            break;
        }
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        served_model *sm = &s->models[s->n_models];
        sm->name = strndup(e->d_name, n - 4);
        sm->model = NULL;
        if (!sm->name) {
            rc = ns_fail(err, NS_ESYSTEM, "out of memory");
            break;
        }
        s->n_models++;
        rc = ns_model_open(&sm->model, path, err);
    }
    closedir(d);
    if (rc)
        return rc;
    qsort(s->models, s->n_models, sizeof *s->models, by_name);
    ns_strbuf *b = &s->models_json;
    sb_puts(b, "{\"models\": [");
    for (size_t i = 0; i < s->n_models; i++) {
        sb_puts(b, i ? ", " : "");
        describe(b, &s->models[i]);
    }
    sb_puts(b, "]}\n");
    return b->oom ? ns_fail(err, NS_ESYSTEM, "out of memory") : NS_OK;
}

void models_free(ns_server *s)
{
    for (size_t i = 0; i < s->n_models; i++) {
        free(s->models[i].name);
        ns_model_close(s->models[i].model);
    }
    free(s->models);
    sb_free(&s->models_json);
}

static const served_model *find_model(const ns_server *s, const char *name)
{
    for (size_t i = 0; i < s->n_models; i++)
        if (!strcmp(s->models[i].name, name))
            return &s->models[i];
    return NULL;
}

enum MHD_Result handle_predict(struct MHD_Connection *c, request *q)
{
    ns_server *s = q->server;
    json_error_t je;
    json_t *root = json_loadb(q->body.p ? q->body.p : "", q->body.n, JSON_ALLOW_NUL, &je);
    if (!root)
        return reply_error(c, q, 400, "malformed_json", "body:%d: column %d: %s", je.line, je.column,
                           je.text);
    enum MHD_Result ret;
    json_t *jm = json_object_get(root, "model"), *jt = json_object_get(root, "texts"),
           *jx = json_object_get(root, "explain");
    long long explain = jx && json_is_integer(jx) ? json_integer_value(jx) : 0;
    if (!json_is_object(root)) {
        ret = reply_error(c, q, 400, "bad_request", "the body must be a JSON object {\"model\", \"texts\"}");
        goto out;
    }
    if (!json_is_string(jm) || !json_is_array(jt)) {
        ret = reply_error(c, q, 400, "bad_request",
                          "\"model\" (a model name) and \"texts\" (an array of strings) are required");
        goto out;
    }
    if (jx && (!json_is_integer(jx) || explain < 0 || explain > 1000)) {
        ret = reply_error(c, q, 400, "bad_request", "\"explain\" must be an integer within 0-1000");
        goto out;
    }
    for (size_t i = 0; i < json_array_size(jt); i++)
        if (!json_is_string(json_array_get(jt, i))) {
            ret = reply_error(c, q, 400, "bad_request", "\"texts\"[%zu]: expected a string", i);
            goto out;
        }
    const served_model *sm = find_model(s, json_string_value(jm));
    if (!sm) {
        ret = reply_error(c, q, 404, "unknown_model", "no model named '%s' (GET /v1/models lists them)",
                          json_string_value(jm));
        goto out;
    }
    ns_scratch *sc = worker_scratch(s);
    ns_prediction p = {0};
    ns_strbuf b = {0};
    ns_error err = {0};
    int rc = sc ? NS_OK : ns_fail(&err, NS_ESYSTEM, "out of memory");
    sb_puts(&b, "{\"results\": [");
    for (size_t i = 0; i < json_array_size(jt) && !rc; i++) {
        json_t *t = json_array_get(jt, i);
        rc = ns_predict(sm->model, sc, json_string_value(t), json_string_length(t), (int)explain, &p, &err);
        if (rc)
            break;
        char id[32];
        snprintf(id, sizeof id, "%zu", i + 1);
        sb_puts(&b, i ? ", " : "");
        ns_prediction_write_json(&b, sm->model, &p, id, explain > 0);
    }
    ns_prediction_clear(&p);
    sb_puts(&b, "]}\n");
    if (!rc && b.oom)
        rc = ns_fail(&err, NS_ESYSTEM, "out of memory");
    if (rc) {
        sb_free(&b);
        ret = reply_ns_error(c, q, &err);
        goto out;
    }
    atomic_fetch_add_explicit(&s->metrics.texts_predicted, json_array_size(jt), memory_order_relaxed);
    ret = reply_json(c, q, 200, b.p, b.n);
out:
    json_decref(root);
    return ret;
}
