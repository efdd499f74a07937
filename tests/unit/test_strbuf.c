/* test_strbuf.c — sb_json_num's own formatting of small numbers against
 * printf's "%.6g", which it replaces for 1e-4 <= |v| < 1 and must match
 * byte for byte: uniform, log-uniform, few-bit (exact ties) and
 * near-decimal values, both signs, and the edges of the range. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "util/strbuf.h"

static void expect_g6(ns_strbuf *b, double v)
{
    char want[64];
    snprintf(want, sizeof want, "%.6g", v);
    b->n = 0;
    sb_json_num(b, v);
    if (strcmp(b->p, want))
        fail_msg("%.17g: sb_json_num wrote %s, printf %s", v, b->p, want);
}

static void test_json_num_matches_printf(void **state)
{
    (void)state;
    ns_strbuf b = {0};
    const double edges[] = {1e-4,         nextafter(1e-4, 0), nextafter(1e-4, 1), 0.99999949999,
                                   0.9999995,    0.99999950001,      nextafter(1, 0),     1,
                                   0.5,          0.0009765625,       0.000123456500000,  0.1234565,
                                   0.00999999951, 0.0999999951,       0,                  -0.0};
    for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++)
        expect_g6(&b, edges[i]), expect_g6(&b, -edges[i]);
    uint64_t x = 88172645463325252ull;
    for (long i = 0; i < 2000000; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        double u = (double)(x >> 11) / 9007199254740992.0, v;
        switch (i % 4) {
        case 0: v = u; break;
        case 1: v = ldexp(1.0, -(int)(x % 20)) * (1 + (double)((x >> 40) % 64) / 64.0); break;
        case 2: v = exp(-u * 12); break;
        default: v = (double)((x >> 20) % 2000000 + 1) / 2000000.0 * pow(10, -(double)((x >> 8) % 5)); break;
        }
        expect_g6(&b, x >> 63 ? -v : v);
    }
    sb_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_num_matches_printf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
