/* fuzz_sources.c — site reputation lists from any bytes.
 *
 * The input is loaded as it is (format sniffed), then behind the start of
 * each format (an OpenSources JSON object, an MBFC JSON array, the
 * OpenSources CSV header, the Baly TSV header), so that every parser sees
 * it.  Loads must give NS_OK or an error with a message, never a crash;
 * lookups of domains taken from the input must agree with the table. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/sources.h"

static const char *const PREFIX[] = {
    "",
    "{\"a.com\": {\"type\": \"fake\"}, ",
    "[{\"URL\": \"b.org\", \"Objective Reporting\": 3, \"Accuracy\": \"N/A\"}, ",
    ",type,2nd type,3rd type,Source Notes (things to know?),\n",
    "source_url\tsource_url_normalized\tref\tfact\tbias\n",
};

static void lookups(const ns_sources *s, const uint8_t *data, size_t size)
{
    static const char *const FIXED[] = {"a.com", "www.B.org/x", "news.example.co.uk", "co.uk", "",
                                        "http://user@host.com:80/p?q#f", "."};
    for (size_t i = 0; i < sizeof FIXED / sizeof *FIXED; i++) {
        ns_source_hit *h;
        size_t n;
        if (ns_sources_lookup(s, FIXED[i], &h, &n) == NS_OK) {
            double p = ns_sources_prior(h, n);
            if (!(p == -1 || (p >= 0 && p <= 1)))
                abort();
            free(h);
        }
    }
    /* a domain cut from the input */
    char dom[64];
    size_t n = size < sizeof dom - 1 ? size : sizeof dom - 1;
    memcpy(dom, data, n);
    dom[n] = 0;
    ns_source_hit *h;
    size_t nh;
    if (ns_sources_lookup(s, dom, &h, &nh) == NS_OK) {
        for (size_t i = 0; i < nh; i++)
            if (!h[i].list || !h[i].entry || !h[i].label || h[i].factuality > 1)
                abort();
        free(h);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 1 << 20)
        return 0;
    ns_sources all = {0};
    for (size_t k = 0; k < sizeof PREFIX / sizeof *PREFIX; k++) {
        size_t pl = strlen(PREFIX[k]);
        char *buf = malloc(pl + size + 1);
        if (!buf)
            break;
        memcpy(buf, PREFIX[k], pl);
        if (size)
            memcpy(buf + pl, data, size);
        ns_error err = {0};
        ns_sources one = {0};
        int rc = ns_sources_load_memory(&one, buf, pl + size, "fuzz/list.txt", &err);
        if (rc != NS_OK && (!err.msg[0] || err.code != rc))
            abort(); /* an error always says what is wrong */
        if (rc != NS_OK && ns_sources_count(&one))
            abort(); /* a failed load leaves nothing behind */
        lookups(&one, data, size);
        ns_sources_free(&one);
        /* the same into one table holding several lists */
        size_t before = ns_sources_count(&all);
        rc = ns_sources_load_memory(&all, buf, pl + size, "fuzz/list.txt", &err);
        if (rc != NS_OK && ns_sources_count(&all) != before)
            abort();
        free(buf);
    }
    lookups(&all, data, size);
    ns_sources_free(&all);
    return 0;
}
