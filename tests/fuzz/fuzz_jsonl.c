/* fuzz_jsonl.c — the JSONL fast path (src/learn/jsonl_fast.c) against
 * jansson on the same line.  Whenever the scanner reads a line, jansson,
 * with the flags the reader uses, must accept it as an object and give each
 * field asked for the same kind and, for a string, the same bytes.  Aborts
 * otherwise.  Lines the scanner gives up on are jansson's alone. */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "learn/jsonl_fast.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "fuzz_jsonl: %s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);    \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const keys[] = {"text", "title", "label", "id", "x"};
    const size_t nk = sizeof keys / sizeof keys[0];
    ns_jsonl_field f[sizeof keys / sizeof keys[0]];
    const char *line = (const char *)data;
    int fast = ns_jsonl_scan(line, size, keys, nk, f);
    json_error_t je;
    json_t *root = json_loadb(line, size, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &je);
    if (fast) {
        CHECK(root != NULL);
        CHECK(json_is_object(root));
        for (size_t k = 0; k < nk; k++) {
            json_t *v = json_object_get(root, keys[k]);
            switch (f[k].kind) {
            case NS_JF_ABSENT: CHECK(v == NULL); break;
            case NS_JF_NULL: CHECK(json_is_null(v)); break;
            case NS_JF_OTHER: CHECK(v && !json_is_null(v) && !json_is_string(v)); break;
            case NS_JF_STRING: {
                CHECK(json_is_string(v));
                char *buf = malloc(f[k].n + 1);
                CHECK(buf != NULL);
                size_t n = ns_jsonl_unescape(&f[k], buf);
                CHECK(n <= f[k].n);
                CHECK(n == json_string_length(v));
                CHECK(n == 0 || memcmp(buf, json_string_value(v), n) == 0);
                free(buf);
                break;
            }
            default: CHECK(0);
            }
        }
    }
    json_decref(root);
    return 0;
}
