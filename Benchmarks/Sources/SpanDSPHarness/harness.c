#include "SpanDSPHarness.h"
#include <string.h>
#include <spandsp.h>

typedef struct {
    span_harness_digit_t *out;
    int max;
    int count;
    long position;   /* samples consumed including the current chunk */
    int open;        /* index of a digit awaiting its end, or -1 */
} realtime_t;

static void on_tone(void *user_data, int code, int level, int delay) {
    (void) level; (void) delay;
    realtime_t *r = (realtime_t *) user_data;
    if (code) {
        if (r->open >= 0) { r->out[r->open].end = r->position; r->open = -1; }
        if (r->count < r->max) {
            r->out[r->count].digit = (char) code;
            r->out[r->count].start = r->position;
            r->out[r->count].end = -1;
            r->open = r->count;
            r->count++;
        }
    } else if (r->open >= 0) {
        r->out[r->open].end = r->position;
        r->open = -1;
    }
}

int span_harness_detect(const int16_t *samples, long count, int chunk, span_harness_digit_t *out, int max) {
    realtime_t r = { out, max, 0, 0, -1 };
    dtmf_rx_state_t *s = dtmf_rx_init(NULL, NULL, NULL);
    dtmf_rx_set_realtime_callback(s, on_tone, &r);
    for (long i = 0; i < count; i += chunk) {
        int n = (int) ((count - i) < chunk ? (count - i) : chunk);
        r.position = i + n;
        dtmf_rx(s, samples + i, n);
    }
    if (r.open >= 0) out[r.open].end = count;
    dtmf_rx_free(s);
    return r.count;
}

typedef struct { char *digits; int max; int count; } collect_t;

static void on_digits(void *user_data, const char *digits, int len) {
    collect_t *c = (collect_t *) user_data;
    for (int i = 0; i < len; i++) {
        if (c->count < c->max) c->digits[c->count] = digits[i];
        c->count++;
    }
}

int span_harness_digits(const int16_t *samples, long count, int chunk, char *digits, int max) {
    collect_t c = { digits, max, 0 };
    dtmf_rx_state_t *s = dtmf_rx_init(NULL, on_digits, &c);
    for (long i = 0; i < count; i += chunk) {
        int n = (int) ((count - i) < chunk ? (count - i) : chunk);
        dtmf_rx(s, samples + i, n);
    }
    dtmf_rx_free(s);
    return c.count;
}
