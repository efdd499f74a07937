/* report.h — the trust report of one page, as the analyzers fill it and the
 * writers (src/report/) print it.  docs/report.schema.json is its JSON form. */
#ifndef NS_ANALYZE_REPORT_H
#define NS_ANALYZE_REPORT_H

#include "newssift.h"
#include "page/page.h"

/* A piece of text that moved a decision, with how much. */
typedef struct ns_evidence_span {
    ns_span span;
    double weight;
} ns_evidence_span;

typedef struct ns_marker_item {
    const char *kind; /* static string: "all_caps", "exclamation", "bait_phrase", ... */
    ns_span span;
} ns_marker_item;

typedef struct ns_quote_item {
    ns_span span;
    ns_span speaker_span;
    int has_speaker;
} ns_quote_item;

typedef struct ns_cited_item {
    char *name;
    const char *kind; /* static string: "outlet", "person", "agency" */
    ns_span span;
} ns_cited_item;

typedef struct ns_propaganda_item {
    ns_span span;
    double p;
} ns_propaganda_item;

typedef struct ns_list_hit {
    char *list;        /* the list's file name */
    char *label;       /* what the list says, e.g. "fake, conspiracy" or "factual: high" */
    double factuality; /* 0..1, or -1 when the list gives none */
} ns_list_hit;

typedef struct ns_comment_result {
    size_t label; /* index into the comment model's labels */
    double *probs;
    ns_evidence_span *evidence;
    size_t n_evidence;
} ns_comment_result;

enum { SIG_CONTENT, SIG_HEADLINE, SIG_SOURCING, SIG_SOURCE, SIG_COMMENTS, SIG_TRACE, SIG_COUNT };

typedef struct ns_signal {
    int known;    /* 0: no information (null score, share 0) */
    double score; /* 0..1: how strongly this signal says "do not trust" */
    double share; /* its share of the score's movement, summing to 1 over known signals */
} ns_signal;

struct ns_report {
    ns_page *page;
    const ns_model *comment_model; /* for label names; owned by the analyzer */
    int trust;
    const char *verdict;
    ns_signal signals[SIG_COUNT];

    int has_content;
    double p_unreliable;
    ns_evidence_span *content_ev;
    size_t n_content_ev;

    int has_headline;
    double p_clickbait;
    ns_marker_item *markers;
    size_t n_markers;

    ns_quote_item *quotes;
    size_t n_quotes;
    ns_cited_item *cited;
    size_t n_cited;
    ns_span *vague;
    size_t n_vague;
    ns_propaganda_item *propaganda;
    size_t n_propaganda;
    size_t n_sentences;

    ns_list_hit *hits;
    size_t n_hits;
    double prior;      /* -1 when unknown */
    int prior_learned; /* the prior is the domain model's, not a list's */

    ns_comment_result *comments; /* page->n_comments of them */

    ns_trace *trace; /* the sources the body copied; NULL without an index */
};

static const char *const ns_signal_names[SIG_COUNT] = {"content", "headline", "sourcing",
                                                       "source",  "comments", "trace"};

#endif
