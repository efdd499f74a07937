/* metrics.h — the figures every evaluation reports. */
#ifndef NS_LEARN_METRICS_H
#define NS_LEARN_METRICS_H
#include <stddef.h>

/* Macro-F1 as scikit-learn computes it with zero_division=0: the mean F1
 * over the labels present in gold or predictions.  gold[i] < 0 marks a gold
 * label the model does not know: always an error, and it counts as one more
 * label present in gold. */
double ns_macro_f1(const int *gold, const int *pred, size_t n, size_t n_labels);

#endif
