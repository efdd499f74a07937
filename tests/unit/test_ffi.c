/* test_ffi.c — the calls made for foreign-function callers (the Python
 * package): analyzer options as "NAME=VALUE" strings, predict straight to
 * JSON, ns_free, ns_version.
 *
 * Models are read from the repository's models/; NS_TEST_ROOT names the
 * repository root (tests/run-all sets it; "." when unset). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "newssift.h"

static const char *models_arg(char *buf, size_t n)
{
    const char *r = getenv("NS_TEST_ROOT");
    snprintf(buf, n, "models=%s/models", r && *r ? r : ".");
    return buf;
}

static void open_args_with_models(void **state)
{
    (void)state;
    char m[4200];
    const char *args[] = {models_arg(m, sizeof m), NULL};
    ns_analyzer *a = NULL;
    ns_error err = {0};
    assert_int_equal(ns_analyzer_open_args(&a, args, &err), NS_OK);
    assert_non_null(a);
    static const char page[] = "Senate passes budget bill\n\nThe Senate passed the bill on Tuesday.";
    ns_report *r = NULL;
    assert_int_equal(ns_analyze(a, NULL, page, sizeof page - 1, NS_PAGE_TEXT, "page", &r, &err), NS_OK);
    char *json = ns_report_json(r);
    assert_non_null(json);
    assert_non_null(strstr(json, "\"verdict\""));
    ns_free(json);
    ns_report_free(r);
    ns_analyzer_close(a);
}

static void open_args_errors(void **state)
{
    (void)state;
    ns_analyzer *a = (ns_analyzer *)&a;
    ns_error err = {0};
    const char *unknown[] = {"colour=blue", NULL};
    assert_int_equal(ns_analyzer_open_args(&a, unknown, &err), NS_EUSAGE);
    assert_null(a);
    assert_non_null(strstr(err.msg, "unknown analyzer option 'colour'"));
    const char *no_eq[] = {"models", NULL};
    assert_int_equal(ns_analyzer_open_args(&a, no_eq, &err), NS_EUSAGE);
    assert_non_null(strstr(err.msg, "'models' is not NAME=VALUE"));
    const char *missing[] = {"models=/nonexistent/newssift-models", NULL};
    assert_int_equal(ns_analyzer_open_args(&a, missing, &err), NS_EINPUT);
    assert_null(a);
    assert_non_null(strstr(err.msg, "/nonexistent/newssift-models/article.nsm"));
    char m[4200];
    const char *bad_source[] = {models_arg(m, sizeof m), "sources=/nonexistent/list.csv", NULL};
    assert_int_equal(ns_analyzer_open_args(&a, bad_source, &err), NS_EINPUT);
    assert_non_null(strstr(err.msg, "/nonexistent/list.csv"));
}

/* ns_predict_json gives exactly what ns_predict + ns_prediction_json give. */
static void predict_json_matches(void **state)
{
    (void)state;
    char path[4200];
    const char *r = getenv("NS_TEST_ROOT");
    snprintf(path, sizeof path, "%s/models/headline.nsm", r && *r ? r : ".");
    ns_model *m = NULL;
    ns_error err = {0};
    assert_int_equal(ns_model_open(&m, path, &err), NS_OK);
    static const char text[] = "You Won't Believe What This Dog Did Next";
    for (int k = 0; k <= 3; k += 3) {
        char *got = NULL;
        assert_int_equal(ns_predict_json(m, NULL, text, sizeof text - 1, "7", k, &got, &err), NS_OK);
        ns_scratch *s = ns_scratch_new();
        ns_prediction p = {0};
        assert_int_equal(ns_predict(m, s, text, sizeof text - 1, k, &p, &err), NS_OK);
        char *want = ns_prediction_json(m, &p, "7", k > 0);
        assert_string_equal(got, want);
        assert_true((strstr(got, "\"explain\"") != NULL) == (k > 0));
        ns_free(want);
        ns_free(got);
        ns_prediction_clear(&p);
        ns_scratch_free(s);
    }
    char *none = NULL;
    assert_int_equal(ns_predict_json(m, NULL, "", 0, NULL, 0, &none, &err), NS_OK);
    assert_non_null(strstr(none, "\"label\""));
    assert_null(strstr(none, "\"id\""));
    ns_free(none);
    ns_model_close(m);
}

static void version_is_the_header_one(void **state)
{
    (void)state;
    assert_string_equal(ns_version(), NS_VERSION);
    assert_non_null(ns_models_default());
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(open_args_with_models),
        cmocka_unit_test(open_args_errors),
        cmocka_unit_test(predict_json_matches),
        cmocka_unit_test(version_is_the_header_one),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
