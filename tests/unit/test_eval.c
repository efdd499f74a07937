/* test_eval.c — accuracy, macro-F1 as the peers compute it, per-class
 * figures, the confusion matrix and the JSON report. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "learn/metrics.h"
#include "newssift.h"

static char tmpdir[256], model_path[300];
static ns_model *model; /* labels A, B, D in that order */

static int setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "%s/ns-test-eval-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(tmpdir))
        return -1;
    snprintf(model_path, sizeof model_path, "%s/abd.nsm", tmpdir);
    ns_corpus *c = ns_corpus_new();
    ns_error err = {0};
    static const char *const docs[][2] = {
        {"alpha apple", "A"}, {"beta banana", "B"}, {"delta date", "D"},
        {"apple alpha", "A"}, {"banana beta", "B"}, {"date delta", "D"},
    };
    for (size_t i = 0; i < 6; i++)
        if (ns_corpus_add(c, docs[i][0], strlen(docs[i][0]), docs[i][1], &err))
            return -1;
    ns_train_options o;
    ns_train_options_default(&o);
    o.features.bits = 10;
    o.epochs = 3;
    int rc = ns_train(c, NULL, &o, model_path, NULL, &err);
    ns_corpus_free(c);
    if (rc || ns_model_open(&model, model_path, &err))
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    ns_model_close(model);
    unlink(model_path);
    rmdir(tmpdir);
    return 0;
}

static json_t *report(const ns_eval *e)
{
    char *s = NULL;
    assert_int_equal(ns_eval_report(e, 1, &s), NS_OK);
    json_error_t je;
    json_t *o = json_loads(s, 0, &je);
    if (!o)
        fail_msg("invalid JSON report: %s", je.text);
    free(s);
    return o;
}

static double num(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    if (!json_is_number(v))
        fail_msg("\"%s\" is not a number", key);
    return json_number_value(v);
}

#define NEAR(a, b) assert_true(fabs((a) - (b)) < 1e-6)

/* Gold A A A B B C, predicted A A B B A A: C is unknown to the model and
 * D is in the model but neither in gold nor in the predictions.
 *   A: tp 2, predicted 4, support 3 -> P 1/2, R 2/3, F1 4/7
 *   B: tp 1, predicted 2, support 2 -> P 1/2, R 1/2, F1 1/2
 *   C: tp 0, support 1              -> F1 0 (an error, and a label present in gold)
 *   D: absent                       -> left out of the mean
 *   macro-F1 = (4/7 + 1/2 + 0) / 3, accuracy 3/6. */
static void test_hand_computed(void **state)
{
    (void)state;
    static const char *const gold[] = {"A", "A", "A", "B", "B", "C"};
    static const char *const pred[] = {"A", "A", "B", "B", "A", "A"};
    const double macro = (4.0 / 7 + 0.5 + 0) / 3;
    ns_eval *e = ns_eval_new(model);
    assert_non_null(e);
    for (size_t i = 0; i < 6; i++)
        assert_int_equal(ns_eval_add(e, gold[i], (size_t)ns_model_label_index(model, pred[i])), NS_OK);
    NEAR(ns_eval_macro_f1(e), macro);

    json_t *o = report(e);
    assert_int_equal(json_integer_value(json_object_get(o, "n")), 6);
    NEAR(num(o, "accuracy"), 0.5);
    NEAR(num(o, "macro_f1"), macro);
    json_t *labels = json_object_get(o, "labels");
    assert_int_equal(json_array_size(labels), 4);
    static const char *const order[] = {"A", "B", "D", "C"}; /* the model's, then unknown gold */
    for (size_t i = 0; i < 4; i++)
        assert_string_equal(json_string_value(json_array_get(labels, i)), order[i]);
    json_t *per = json_object_get(o, "per_class");
    assert_int_equal(json_object_size(per), 4);
    json_t *a = json_object_get(per, "A"), *b = json_object_get(per, "B"), *c = json_object_get(per, "C"),
           *d = json_object_get(per, "D");
    NEAR(num(a, "precision"), 0.5);
    NEAR(num(a, "recall"), 2.0 / 3);
    NEAR(num(a, "f1"), 4.0 / 7);
    assert_int_equal(json_integer_value(json_object_get(a, "support")), 3);
    NEAR(num(b, "f1"), 0.5);
    assert_int_equal(json_integer_value(json_object_get(b, "support")), 2);
    NEAR(num(c, "precision"), 0);
    NEAR(num(c, "recall"), 0);
    NEAR(num(c, "f1"), 0);
    assert_int_equal(json_integer_value(json_object_get(c, "support")), 1);
    NEAR(num(d, "f1"), 0);
    assert_int_equal(json_integer_value(json_object_get(d, "support")), 0);
    /* rows gold, columns predicted, both in label order */
    static const int conf[4][4] = {{2, 1, 0, 0}, {1, 1, 0, 0}, {0, 0, 0, 0}, {1, 0, 0, 0}};
    json_t *cm = json_object_get(o, "confusion");
    assert_int_equal(json_array_size(cm), 4);
    for (size_t i = 0; i < 4; i++) {
        json_t *row = json_array_get(cm, i);
        assert_int_equal(json_array_size(row), 4);
        for (size_t j = 0; j < 4; j++)
            if (json_integer_value(json_array_get(row, j)) != conf[i][j])
                fail_msg("confusion[%zu][%zu] is %lld, expected %d", i, j,
                         (long long)json_integer_value(json_array_get(row, j)), conf[i][j]);
    }
    json_decref(o);

    char *text = NULL;
    assert_int_equal(ns_eval_report(e, 0, &text), NS_OK);
    assert_non_null(strstr(text, "accuracy   0.5000"));
    assert_non_null(strstr(text, "macro-F1   0.3571"));
    assert_non_null(strstr(text, "confusion"));
    free(text);
    ns_eval_free(e);

    /* the training-time metric (dev early stopping) agrees: -1 marks the
     * unknown gold label */
    const int g[] = {0, 0, 0, 1, 1, -1}, p[] = {0, 0, 1, 1, 0, 0};
    NEAR(ns_macro_f1(g, p, 6, 3), macro);
}

/* The JSON report has exactly the keys DESIGN.md names. */
static void test_report_keys(void **state)
{
    (void)state;
    ns_eval *e = ns_eval_new(model);
    assert_int_equal(ns_eval_add(e, "B", 1), NS_OK);
    json_t *o = report(e);
    static const char *const keys[] = {"n", "accuracy", "macro_f1", "labels", "per_class", "confusion"};
    assert_int_equal(json_object_size(o), 6);
    for (size_t i = 0; i < 6; i++)
        if (!json_object_get(o, keys[i]))
            fail_msg("no \"%s\" in the report", keys[i]);
    json_t *b = json_object_get(json_object_get(o, "per_class"), "B");
    assert_int_equal(json_object_size(b), 4);
    assert_non_null(json_object_get(b, "precision"));
    assert_non_null(json_object_get(b, "recall"));
    assert_non_null(json_object_get(b, "f1"));
    assert_non_null(json_object_get(b, "support"));
    /* one document, right: every present label has F1 1 */
    NEAR(num(o, "macro_f1"), 1);
    NEAR(num(o, "accuracy"), 1);
    json_decref(o);
    ns_eval_free(e);
}

static void test_empty(void **state)
{
    (void)state;
    ns_eval *e = ns_eval_new(model);
    NEAR(ns_eval_macro_f1(e), 0);
    json_t *o = report(e);
    assert_int_equal(json_integer_value(json_object_get(o, "n")), 0);
    NEAR(num(o, "accuracy"), 0);
    NEAR(num(o, "macro_f1"), 0);
    json_decref(o);
    char *text = NULL;
    assert_int_equal(ns_eval_report(e, 0, &text), NS_OK);
    free(text);
    ns_eval_free(e);
    ns_eval_free(NULL);
}

/* Many unknown gold labels: the matrix grows and keeps its counts. */
static void test_many_unknown_labels(void **state)
{
    (void)state;
    ns_eval *e = ns_eval_new(model);
    char name[32];
    for (int round = 0; round < 2; round++)
        for (int i = 0; i < 40; i++) {
            snprintf(name, sizeof name, "unknown-%d", i);
            assert_int_equal(ns_eval_add(e, name, (size_t)(i % 3)), NS_OK);
            assert_int_equal(ns_eval_add(e, "A", 0), NS_OK);
        }
    json_t *o = report(e);
    assert_int_equal(json_integer_value(json_object_get(o, "n")), 160);
    NEAR(num(o, "accuracy"), 0.5);
    json_t *labels = json_object_get(o, "labels");
    assert_int_equal(json_array_size(labels), 43);
    json_t *cm = json_object_get(o, "confusion");
    for (int i = 0; i < 40; i++) {
        json_t *row = json_array_get(cm, (size_t)(3 + i));
        assert_int_equal(json_array_size(row), 43);
        for (int j = 0; j < 43; j++)
            assert_int_equal(json_integer_value(json_array_get(row, (size_t)j)), j == i % 3 ? 2 : 0);
    }
    assert_int_equal(json_integer_value(json_array_get(json_array_get(cm, 0), 0)), 80);
    /* A: tp 80, predicted 80 + 28 (unknown-i with i % 3 == 0, twice), support 80;
     * B and D: predicted only by unknown labels, F1 0; 40 unknown labels F1 0 */
    double fa = 2.0 * 80 / (2 * 80 + 28);
    NEAR(num(o, "macro_f1"), fa / 43);
    json_decref(o);
    char *text = NULL;
    assert_int_equal(ns_eval_report(e, 0, &text), NS_OK);
    assert_non_null(strstr(text, "unknown-39"));
    free(text);
    ns_eval_free(e);
}

/* Labels present only in predictions count; labels absent everywhere do not. */
static void test_presence_rule(void **state)
{
    (void)state;
    ns_eval *e = ns_eval_new(model);
    /* gold A A, predicted A D: A F1 2/3, D F1 0 (predicted only); B absent */
    assert_int_equal(ns_eval_add(e, "A", 0), NS_OK);
    assert_int_equal(ns_eval_add(e, "A", 2), NS_OK);
    NEAR(ns_eval_macro_f1(e), (2.0 / 3 + 0) / 2);
    ns_eval_free(e);
    const int g[] = {0, 0}, p[] = {0, 2};
    NEAR(ns_macro_f1(g, p, 2, 3), (2.0 / 3) / 2);
    NEAR(ns_macro_f1(g, p, 0, 3), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_computed),
        cmocka_unit_test(test_report_keys),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_many_unknown_labels),
        cmocka_unit_test(test_presence_rule),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
