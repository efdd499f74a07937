/* rules.c — TEMPORARY placeholder until the rule analyzers are integrated. */
#include "analyze/analyzer.h"
int ns_rules_open(ns_rules *r, const ns_analyzer_options *o, ns_error *err) { (void)o; (void)err; r->outlets = r->bait = r->sources = NULL; return NS_OK; }
void ns_rules_close(ns_rules *r) { (void)r; }
int ns_rules_headline(const ns_rules *rules, ns_report *r, ns_error *err) { (void)rules; (void)r; (void)err; return NS_OK; }
int ns_rules_sourcing(const ns_rules *rules, ns_report *r, ns_error *err) { (void)rules; (void)r; (void)err; return NS_OK; }
int ns_rules_source(const ns_rules *rules, ns_report *r, ns_error *err) { (void)rules; (void)r; (void)err; return NS_OK; }
