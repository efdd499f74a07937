/* markers.h — clickbait markers of a headline, by rule.
 *
 * Kinds (static strings):
 *   "all_caps"     a shouted word: all capitals with >= 5 letters ("SHOCKING",
 *                  "BREAKING"), or a short one in a tiny list of shouting words
 *                  (WOW, OMG, LOL, WTF, ...).  Words of <= 4 capitals are
 *                  acronyms (US, UK, NATO, FBI, ISIS), and so are a few longer
 *                  ones (COVID, UNESCO, NASDAQ, ...).
 *   "exclamation"  a run of ! (with any ? in it): "!!!", "?!"
 *   "question"     a run of ? (with any ! in it)
 *   "bait_phrase"  a phrase of the bait list ("you won't believe", "{n} reasons")
 *   "number_list"  a listicle number: "10 Things You...", "Top 7", "5 Reasons Why"
 *   "superlative"  "biggest", "worst", "best", "the most dangerous", "of all time"
 * Spans are [start, end) bytes of the text passed in. */
#ifndef NS_ANALYZE_MARKERS_H
#define NS_ANALYZE_MARKERS_H

#include "newssift.h"

typedef struct ns_marker {
    const char *kind; /* static: "all_caps", "exclamation", ... */
    ns_span span;
} ns_marker;

/* The bait phrase list (models/bait-phrases.txt): one phrase a line, '#'
 * comments ("# ..." lines) and blank lines skipped; matched case-insensitively on word
 * boundaries; a space matches any white space, ' matches ' or ’, and {n} a
 * number (digits or a number word). */
typedef struct ns_bait ns_bait;

int ns_bait_load(ns_bait **out, const char *path, ns_error *err);
/* The same from memory (name for messages: "NAME:LINE: ..."). */
int ns_bait_load_memory(ns_bait **out, const char *data, size_t len, const char *name, ns_error *err);
void ns_bait_free(ns_bait *b);
size_t ns_bait_size(const ns_bait *b);

/* The markers of the headline text[title) (clipped to len), in text order
 * (at one position: all_caps, bait_phrase, superlative, number_list,
 * exclamation, question).  bait may be NULL (no bait_phrase markers).  *out
 * is malloc'd (free() it; NULL when *n == 0).  NS_OK or NS_ESYSTEM. */
int ns_headline_markers(const char *text, size_t len, ns_span title, const ns_bait *bait, ns_marker **out,
                        size_t *n, ns_error *err);

#endif
