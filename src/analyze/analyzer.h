/* analyzer.h — what the analyzers share inside the library. */
#ifndef NS_ANALYZE_ANALYZER_H
#define NS_ANALYZE_ANALYZER_H

#include "analyze/markers.h"
#include "analyze/report.h"
#include "analyze/sources.h"
#include "analyze/sourcing.h"

/* The combiner: trust = 100 * (1 - sigmoid(bias + sum_i w_i (x_i - mean_i)))
 * with x_i = logit(score_i) over the signals that have information.  The
 * weights of content, headline, sourcing and source are fitted on held-out
 * article data (models/fit-combiner.py writes models/combiner.json); those of
 * comments and trace are set by rule.  See docs/trust-score.md. */
typedef struct ns_combiner {
    double bias, w[SIG_COUNT], mean[SIG_COUNT];
    double reliable_at, unreliable_below; /* verdict thresholds on trust */
    int fitted;
} ns_combiner;

int ns_combiner_load(ns_combiner *c, const char *models_dir, ns_error *err);
struct ns_analyzer;
void ns_combine(const ns_combiner *c, const struct ns_analyzer *a, ns_report *r);

/* The rule-based analyzers' data: the outlet gazetteer and the bait
 * phrases (both in the models folder) and the site lists the user loads. */
typedef struct ns_rules {
    ns_outlets *outlets;
    ns_bait *bait;
    ns_sources sources;
} ns_rules;

int ns_rules_open(ns_rules *r, const ns_analyzer_options *o, ns_error *err);
void ns_rules_close(ns_rules *r);
int ns_rules_headline(const ns_rules *rules, ns_report *r, ns_error *err);
int ns_rules_sourcing(const ns_rules *rules, ns_report *r, ns_error *err);
int ns_rules_source(const ns_rules *rules, ns_report *r, ns_error *err);

struct ns_analyzer {
    ns_model *article, *headline, *propaganda, *comment, *domain;
    struct ns_index *index; /* NULL: no trace */
    int own_index;          /* opened from a path: closed with the analyzer */
    size_t unreliable, reliable, clickbait, propaganda_label, hate, offensive, domain_reliable;
    ns_combiner combiner;
    ns_rules rules;
};

#endif
