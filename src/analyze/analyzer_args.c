/* analyzer_args.c — the analyzer's options as "name=value" strings.
 *
 * ns_analyzer_options is a struct, and a caller through a foreign-function
 * interface (Python's ctypes, cffi, another language's FFI) would have to
 * mirror its layout, which breaks silently when a field is added.  Strings
 * named as the CLI names its options do not: a new option is a new name,
 * never a new layout or signature, and an old caller keeps working. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "newssift.h"

enum { MAX_SOURCES = 64 };

const char *ns_models_default(void)
{
    return access(NS_DEFAULT_MODELS "/article.nsm", R_OK) == 0 ? NS_DEFAULT_MODELS : NS_INSTALLED_MODELS;
}

int ns_analyzer_open_args(ns_analyzer **out, const char *const *args, ns_error *err)
{
    *out = NULL;
    const char *sources[MAX_SOURCES];
    ns_analyzer_options o = {.models_dir = ns_models_default(), .sources = sources};
    for (size_t i = 0; args && args[i]; i++) {
        const char *arg = args[i], *eq = strchr(arg, '=');
        if (!eq)
            return ns_fail(err, NS_EUSAGE, "option '%s' is not NAME=VALUE", arg);
        size_t n = (size_t)(eq - arg);
        const char *value = eq + 1;
        if (n == 6 && !memcmp(arg, "models", 6)) {
            o.models_dir = value;
        } else if (n == 7 && !memcmp(arg, "sources", 7)) {
            if (o.n_sources == MAX_SOURCES)
                return ns_fail(err, NS_EUSAGE, "at most %d sources files", MAX_SOURCES);
            sources[o.n_sources++] = value;
        } else if (n == 5 && !memcmp(arg, "index", 5)) {
            o.index = value;
        } else {
            return ns_fail(err, NS_EUSAGE, "unknown analyzer option '%.*s' (known: models, sources, index)",
                           (int)n, arg);
        }
    }
    return ns_analyzer_open(out, &o, err);
}
