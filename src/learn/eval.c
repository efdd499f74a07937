/* eval.c — accuracy, macro-F1, per-class figures and the confusion matrix.
 *
 * Gold labels the model does not know are added as extra labels: every such
 * document is an error, and the label enters the macro average with F1 0,
 * exactly as scikit-learn treats a label present in gold but never predicted. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "learn/metrics.h"
#include "learn/model.h"

double ns_macro_f1(const int *gold, const int *pred, size_t n, size_t nl)
{
    size_t k = nl + 1; /* slot nl collects unknown gold labels */
    size_t *tp = calloc(k, sizeof *tp), *fp = calloc(k, sizeof *fp), *fn = calloc(k, sizeof *fn);
    double f1 = 0;
    if (!tp || !fp || !fn)
        goto out;
    for (size_t i = 0; i < n; i++) {
        size_t g = gold[i] < 0 ? nl : (size_t)gold[i], p = (size_t)pred[i];
        if (g == p)
            tp[g]++;
        else
            fp[p]++, fn[g]++;
    }
    size_t present = 0;
    for (size_t c = 0; c < k; c++) {
        if (!(tp[c] + fp[c] + fn[c]))
            continue;
        present++;
        if (tp[c])
            f1 += 2.0 * (double)tp[c] / (double)(2 * tp[c] + fp[c] + fn[c]);
    }
    f1 = present ? f1 / (double)present : 0;
out:
    free(tp), free(fp), free(fn);
    return f1;
}

struct ns_eval {
    size_t nl, cap; /* labels: the model's, then unknown gold ones */
    char **labels;
    size_t *confusion; /* cap x cap, rows gold, columns predicted */
    size_t n;
};

ns_eval *ns_eval_new(const ns_model *m)
{
    ns_eval *e = calloc(1, sizeof *e);
    if (!e)
        return NULL;
    e->cap = m->n_labels + 4;
    e->labels = calloc(e->cap, sizeof *e->labels);
    e->confusion = calloc(e->cap * e->cap, sizeof *e->confusion);
    if (!e->labels || !e->confusion) {
        ns_eval_free(e);
        return NULL;
    }
    for (size_t i = 0; i < m->n_labels; i++)
        if (!(e->labels[e->nl++] = strdup(m->labels[i]))) {
            ns_eval_free(e);
            return NULL;
        }
    return e;
}

void ns_eval_free(ns_eval *e)
{
    if (!e)
        return;
    for (size_t i = 0; i < e->nl; i++)
        free(e->labels[i]);
    free(e->labels), free(e->confusion), free(e);
}

int ns_eval_add(ns_eval *e, const char *gold, size_t predicted)
{
    size_t g = 0;
    while (g < e->nl && strcmp(e->labels[g], gold))
        g++;
    if (g == e->nl) {
        if (e->nl == e->cap) {
            size_t cap = e->cap * 2;
            char **l = realloc(e->labels, cap * sizeof *l);
            if (!l)
                return NS_ESYSTEM;
            e->labels = l;
            size_t *c = calloc(cap * cap, sizeof *c);
            if (!c)
                return NS_ESYSTEM;
            for (size_t i = 0; i < e->nl; i++)
                memcpy(c + i * cap, e->confusion + i * e->cap, e->nl * sizeof *c);
            free(e->confusion);
            e->confusion = c, e->cap = cap;
        }
        if (!(e->labels[e->nl] = strdup(gold)))
            return NS_ESYSTEM;
        e->nl++;
    }
    e->confusion[g * e->cap + predicted]++;
    e->n++;
    return NS_OK;
}

typedef struct figures {
    double precision, recall, f1;
    size_t support, predicted;
} figures;

static figures class_figures(const ns_eval *e, size_t c)
{
    figures f = {0};
    size_t tp = e->confusion[c * e->cap + c];
    for (size_t j = 0; j < e->nl; j++) {
        f.support += e->confusion[c * e->cap + j];
        f.predicted += e->confusion[j * e->cap + c];
    }
    f.precision = f.predicted ? (double)tp / (double)f.predicted : 0;
    f.recall = f.support ? (double)tp / (double)f.support : 0;
    f.f1 = f.precision + f.recall > 0 ? 2 * f.precision * f.recall / (f.precision + f.recall) : 0;
    return f;
}

double ns_eval_macro_f1(const ns_eval *e)
{
    double s = 0;
    size_t present = 0;
    for (size_t c = 0; c < e->nl; c++) {
        figures f = class_figures(e, c);
        if (f.support || f.predicted)
            s += f.f1, present++;
    }
    return present ? s / (double)present : 0;
}

static double accuracy(const ns_eval *e)
{
    size_t ok = 0;
    for (size_t c = 0; c < e->nl; c++)
        ok += e->confusion[c * e->cap + c];
    return e->n ? (double)ok / (double)e->n : 0;
}

static int report_json(const ns_eval *e, char **out)
{
    json_t *o = json_object(), *labels = json_array(), *per = json_object(), *conf = json_array();
    json_object_set_new(o, "n", json_integer((json_int_t)e->n));
    json_object_set_new(o, "accuracy", json_real(accuracy(e)));
    json_object_set_new(o, "macro_f1", json_real(ns_eval_macro_f1(e)));
    for (size_t c = 0; c < e->nl; c++) {
        figures f = class_figures(e, c);
        json_array_append_new(labels, json_string(e->labels[c]));
        json_object_set_new(per, e->labels[c],
                            json_pack("{s:f,s:f,s:f,s:I}", "precision", f.precision, "recall", f.recall, "f1",
                                      f.f1, "support", (json_int_t)f.support));
        json_t *row = json_array();
        for (size_t j = 0; j < e->nl; j++)
            json_array_append_new(row, json_integer((json_int_t)e->confusion[c * e->cap + j]));
        json_array_append_new(conf, row);
    }
    json_object_set_new(o, "labels", labels);
    json_object_set_new(o, "per_class", per);
    json_object_set_new(o, "confusion", conf);
    *out = json_dumps(o, JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
    json_decref(o);
    return *out ? NS_OK : NS_ESYSTEM;
}

static int report_text(const ns_eval *e, char **out)
{
    size_t cap = 4096 + e->nl * (e->nl * 12 + 160);
    char *s = malloc(cap);
    if (!s)
        return NS_ESYSTEM;
    size_t w = 0, width = 9;
    for (size_t c = 0; c < e->nl; c++)
        if (strlen(e->labels[c]) > width)
            width = strlen(e->labels[c]) > 40 ? 40 : strlen(e->labels[c]);
#define OUT(...) (w += (size_t)snprintf(s + w, cap - w, __VA_ARGS__))
    OUT("documents  %zu\naccuracy   %.4f\nmacro-F1   %.4f\n\n", e->n, accuracy(e), ns_eval_macro_f1(e));
    OUT("%-*s %9s %9s %9s %9s\n", (int)width, "label", "precision", "recall", "F1", "support");
    for (size_t c = 0; c < e->nl; c++) {
        figures f = class_figures(e, c);
        OUT("%-*.*s %9.4f %9.4f %9.4f %9zu\n", (int)width, (int)width, e->labels[c], f.precision, f.recall,
            f.f1, f.support);
    }
    OUT("\nconfusion (rows: gold, columns: predicted)\n%-*s", (int)width, "");
    for (size_t j = 0; j < e->nl; j++)
        OUT(" %9.9s", e->labels[j]);
    OUT("\n");
    for (size_t c = 0; c < e->nl; c++) {
        OUT("%-*.*s", (int)width, (int)width, e->labels[c]);
        for (size_t j = 0; j < e->nl; j++)
            OUT(" %9zu", e->confusion[c * e->cap + j]);
        OUT("\n");
    }
#undef OUT
    *out = s;
    return NS_OK;
}

int ns_eval_report(const ns_eval *e, int json, char **out)
{
    return json ? report_json(e, out) : report_text(e, out);
}
