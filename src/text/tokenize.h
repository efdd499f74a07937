/* tokenize.h — what the tokenizer offers inside the library beyond
 * newssift.h's ns_tokenize. */
#ifndef NS_TEXT_TOKENIZE_H
#define NS_TEXT_TOKENIZE_H

#include "newssift.h"

/* The style counts (letters, upper_letters, exclaim_runs, question_runs,
 * caps_words, words) that ns_tokenize gathers, for the tokens t->tok[a..b)
 * of text[0..n), the text t was read from; they go into out's counters,
 * and nothing else of out is touched.  They equal what tokenizing the
 * stretch of text those tokens cover would count, so a part of a text
 * tokenized once needs no second tokenization for its style features. */
void ns_tokens_style(const ns_tokens *t, const char *text, size_t n, size_t a, size_t b, ns_tokens *out);

/* ns_tokenize without its fast path for plain ASCII words: the general
 * path alone, which must give the same tokens, forms and counts.  For the
 * tests and the fuzz target that compare the two. */
int ns_tokenize_general(ns_tokens *t, const char *text, size_t n, ns_error *err);

#endif
