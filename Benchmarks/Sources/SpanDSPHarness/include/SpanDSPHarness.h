#ifndef SPANDSP_HARNESS_H
#define SPANDSP_HARNESS_H
#include <stdint.h>

/// One digit reported by spandsp: its ASCII code and the sample positions (end of the 102-sample chunk in which
/// spandsp reported the onset and the end).
typedef struct {
    char digit;
    long start;
    long end;
} span_harness_digit_t;

/// Runs spandsp's dtmf_rx (default parameters) over `samples` in chunks of `chunk` samples, recording up to `max`
/// digits with their start/end (realtime callback). Returns the number of digits recorded.
int span_harness_detect(const int16_t *samples, long count, int chunk, span_harness_digit_t *out, int max);

/// Runs dtmf_rx over `samples` in chunks of `chunk` samples, collecting digits only (the fast path spandsp users
/// take). Returns the number of digits; writes up to `max` of them to `digits`.
int span_harness_digits(const int16_t *samples, long count, int chunk, char *digits, int max);

#endif
