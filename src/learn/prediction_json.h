/* prediction_json.h — writing predictions into a string buffer. */
#ifndef NS_LEARN_PREDICTION_JSON_H
#define NS_LEARN_PREDICTION_JSON_H
#include "newssift.h"
#include "util/strbuf.h"

void ns_prediction_write_json(ns_strbuf *b, const ns_model *m, const ns_prediction *p, const char *id,
                              int explained);
#endif
