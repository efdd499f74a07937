/* predict.h — prediction inside the library beyond newssift.h. */
#ifndef NS_LEARN_PREDICT_H
#define NS_LEARN_PREDICT_H

#include "newssift.h"

/* ns_predict (without evidence) of text[off, off + part_len), where text[0..
 * len) is the text of the last ns_predict on s with explain_k != 0 (a page's
 * article, then each of its sentences): when m reads n-grams as that call's
 * model did, the part's tokens and n-grams are taken from that call's
 * rather than read again (see ns_featurize_part), and the prediction is the
 * same either way (afresh when the last ns_predict on s was another's).
 * That call's evidence (ns_explain_phrases) stays available. */
int ns_predict_part(const ns_model *m, ns_scratch *s, const char *text, size_t len, size_t off,
                    size_t part_len, ns_prediction *p, ns_error *err);

#endif
