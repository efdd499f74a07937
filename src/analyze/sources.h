/* sources.h — site reputation lists: what is known of a page's domain.
 *
 * Several lists load into one ns_sources; each keeps its formats' meaning,
 * normalised to tags and a factuality in [0, 1].  Formats (auto-detected,
 * see ../shared/data/news/sources/README.md):
 *
 *   OpenSources JSON  {"domain": {"type", "2nd type", "3rd type", ...}, ...}
 *   OpenSources CSV   header ",type,2nd type,3rd type,Source Notes...,";
 *                     the first column is the domain (RFC 4180 quoting)
 *   MBFC JSON         [{"URL", "Objective Reporting" 1..6 | "N/A",
 *                       "Accuracy" 1..3 | "N/A", ...}, ...] (hirschan)
 *   Baly TSV          header "source_url  source_url_normalized  ref  fact  bias"
 *
 * Tags: OpenSources types, trimmed and lower-cased ("fake news" -> "fake");
 * Baly: the bias label ("left-center").  MBFC entries have no tags.
 *
 * Factuality, 0 (none) .. 1 (high), -1 when the list says nothing:
 *   MBFC         Objective Reporting v in 1..6 -> (v - 1) / 5; when that is
 *                N/A, Accuracy a in 1..3 -> (a - 1) / 2
 *   Baly         fact low / mixed / high -> 0 / 0.5 / 1
 *   OpenSources  the lowest of its tags' values: fake, conspiracy, junksci 0.1;
 *                hate, rumor, satire 0.2; bias, unreliable, clickbait, state 0.3;
 *                political 0.4; reliable 0.9; other tags none.  (OpenSources
 *                lists mostly low-credibility sites: being absent from it
 *                means "not rated", never "reliable".)
 *
 * Domains are normalised alike in lists and lookups: scheme, user, port,
 * "www." and white space removed, lower case, trailing "/" dropped.  An entry
 * with a path ("theadvocate.com/acadiana") matches only URLs under that path.
 * Lookups also try parent domains ("news.example.co.uk" -> "example.co.uk",
 * never "co.uk"); for each list the most specific entry wins (the deepest
 * host, then the longest path). */
#ifndef NS_ANALYZE_SOURCES_H
#define NS_ANALYZE_SOURCES_H

#include "newssift.h"

struct ns_source_entry; /* private */

/* Zero-initialise (ns_sources s = {0};) before the first load; free with
 * ns_sources_free.  The fields are private. */
typedef struct ns_sources {
    char **lists; /* list names, in load order */
    size_t n_lists;
    struct ns_source_entry *e;
    size_t n, cap;
    uint32_t *order; /* entries sorted by host */
    size_t skipped;  /* entries skipped: wrong types, no usable domain */
} ns_sources;

/* Loads the list in path into s (call again to add more lists).  The list is
 * named by the file's basename ("sources.json"), or by its last two path
 * components when that name is taken ("acl2020/corpus.tsv").  Errors:
 * NS_EINPUT "PATH:LINE: ..." or "PATH: ..." for a missing, unreadable,
 * malformed or unrecognised file (s is then unchanged), NS_ESYSTEM. */
int ns_sources_load(ns_sources *s, const char *path, ns_error *err);
/* The same from memory; name is used in messages and, as its basename, as
 * the list name.  Any bytes give NS_OK or an error, never a crash. */
int ns_sources_load_memory(ns_sources *s, const char *data, size_t len, const char *name, ns_error *err);
void ns_sources_free(ns_sources *s);
/* Number of entries loaded (over all lists). */
size_t ns_sources_count(const ns_sources *s);

/* One list's word on a domain.  Strings belong to s (valid until
 * ns_sources_free). */
typedef struct ns_source_hit {
    const char *list;  /* "sources.json" */
    const char *entry; /* the matching entry, normalised: "theadvocate.com/acadiana" */
    const char *const *tags;
    size_t n_tags;
    double factuality; /* 0..1, -1 when unknown */
    const char *label; /* "OpenSources: bias, conspiracy" */
} ns_source_hit;

/* Looks up a domain or URL ("www.News.Example.co.uk", "https://x.com/a/b").
 * *hits is malloc'd (free() it; NULL when *n == 0), in list load order.
 * NS_OK, or NS_ESYSTEM when out of memory. */
int ns_sources_lookup(const ns_sources *s, const char *domain, ns_source_hit **hits, size_t *n);

/* One reliability prior from hits: the mean of the known factualities, or
 * -1 when none is known. */
double ns_sources_prior(const ns_source_hit *hits, size_t n);

#endif
