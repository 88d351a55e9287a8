/* spandsp-detect FILE: the reference whole-process runner for `dtmf-bench process`. Reads FILE with libsndfile
 * (16-bit samples, 1 s chunks) and feeds spandsp 0.0.6's dtmf_rx, printing one JSON line per digit like
 * `ivr detect --jsonl` (start only; spandsp reports digits, not their ends). */
#include <stdio.h>
#include <stdlib.h>
#include <sndfile.h>
#include <spandsp.h>

static long position;   /* samples fed so far, including the current chunk */

static void on_digits(void *user_data, const char *digits, int len) {
    (void) user_data;
    for (int i = 0; i < len; i++) printf("{\"digit\":\"%c\",\"at\":%.3f}\n", digits[i], position / 8000.0);
}

int main(int argc, char **argv) {
    if (argc != 2) { fprintf(stderr, "usage: spandsp-detect FILE\n"); return 2; }
    SF_INFO info = {0};
    SNDFILE *f = sf_open(argv[1], SFM_READ, &info);
    if (!f) { fprintf(stderr, "%s: %s\n", argv[1], sf_strerror(NULL)); return 3; }
    if (info.channels != 1 || info.samplerate != 8000) { fprintf(stderr, "%s: need 8 kHz mono\n", argv[1]); return 3; }
    dtmf_rx_state_t *s = dtmf_rx_init(NULL, on_digits, NULL);
    int16_t *chunk = malloc(8000 * sizeof(int16_t));
    sf_count_t n;
    while ((n = sf_read_short(f, chunk, 8000)) > 0) {
        position += n;
        dtmf_rx(s, chunk, (int) n);
    }
    dtmf_rx_free(s);
    free(chunk);
    sf_close(f);
    return 0;
}
