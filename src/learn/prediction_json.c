/* prediction_json.c — one prediction as the JSON object of DESIGN.md:
 * {"id", "label", "probs", "explain": {"for": [...], "against": [...]}}. */
#include <stdlib.h>
#include <string.h>

#include "learn/model.h"
#include "learn/prediction_json.h"

static void evidence_list(ns_strbuf *b, const ns_evidence *e, size_t n)
{
    sb_put(b, "[", 1);
    for (size_t i = 0; i < n; i++) {
        sb_puts(b, i ? ", {\"feature\": " : "{\"feature\": ");
        sb_json_str(b, e[i].feature, strlen(e[i].feature));
        sb_puts(b, ", \"weight\": ");
        sb_json_num(b, e[i].weight);
        sb_puts(b, ", \"spans\": [");
        for (size_t j = 0; j < e[i].n_spans; j++)
            sb_printf(b, "%s[%u, %u]", j ? ", " : "", e[i].spans[j].start, e[i].spans[j].end);
        sb_puts(b, "]}");
    }
    sb_put(b, "]", 1);
}

void ns_prediction_write_json(ns_strbuf *b, const ns_model *m, const ns_prediction *p, const char *id,
                              int explained)
{
    sb_puts(b, "{");
    if (id) {
        sb_puts(b, "\"id\": ");
        sb_json_str(b, id, strlen(id));
        sb_puts(b, ", ");
    }
    sb_puts(b, "\"label\": ");
    sb_json_str(b, m->labels[p->label], strlen(m->labels[p->label]));
    sb_puts(b, ", \"probs\": {");
    for (size_t c = 0; c < m->n_labels; c++) {
        if (c)
            sb_puts(b, ", ");
        sb_json_str(b, m->labels[c], strlen(m->labels[c]));
        sb_puts(b, ": ");
        sb_json_num(b, p->probs[c]);
    }
    sb_puts(b, "}");
    if (explained) {
        sb_puts(b, ", \"explain\": {\"for\": ");
        evidence_list(b, p->pro, p->n_pro);
        sb_puts(b, ", \"against\": ");
        evidence_list(b, p->con, p->n_con);
        sb_puts(b, "}");
    }
    sb_puts(b, "}");
}

char *ns_prediction_json(const ns_model *m, const ns_prediction *p, const char *id, int explained)
{
    ns_strbuf b = {0};
    ns_prediction_write_json(&b, m, p, id, explained);
    if (b.oom) {
        sb_free(&b);
        return NULL;
    }
    return b.p;
}

int ns_predict_json(const ns_model *m, ns_scratch *s, const char *text, size_t len, const char *id,
                    int explain_k, char **out, ns_error *err)
{
    *out = NULL;
    ns_scratch *own = s ? NULL : ns_scratch_new();
    if (!s && !own)
        return ns_fail(err, NS_ESYSTEM, "out of memory");
    ns_prediction p = {0};
    int rc = ns_predict(m, s ? s : own, text, len, explain_k > 0 ? explain_k : 0, &p, err);
    if (!rc && !(*out = ns_prediction_json(m, &p, id, explain_k > 0)))
        rc = ns_fail(err, NS_ESYSTEM, "out of memory");
    ns_prediction_clear(&p);
    ns_scratch_free(own);
    return rc;
}
