/* The DTMF detector's per-sample kernel: see include/dtmf_kernel.h. */
#include "dtmf_kernel.h"

#include <string.h>

/* Every expression is evaluated as written: no fused multiply-add, so both paths (and the Swift code that reads
 * the results) see the same IEEE single-precision values. */
#pragma clang fp contract(off)

typedef float v8f __attribute__((ext_vector_type(8)));

#define INLINE static inline __attribute__((always_inline))

/* Unaligned loads and stores of eight floats (macros: a function taking or returning a 256-bit vector would have
 * a different ABI on the two paths). */
#define load8(p) ({ v8f v_; memcpy(&v_, (p), sizeof v_); v_; })
#define store8(p, v) do { v8f v_ = (v); memcpy((p), &v_, sizeof v_); } while (0)

/* One sub-block's samples as floats (exact: every 16-bit value is a float). */
INLINE void widen(const int16_t *p, float *out) {
    for (int n = 0; n < IVR_DTMF_SUB_BLOCK; n++) out[n] = (float) p[n];
}

/* y = s₁ − e^{−jω}·s₂ = Σ x[n]·e^{jω(L−1−n)}, stored in the slot. */
#define output(core, slot, s1, s2) do { \
        store8((core)->re[slot], (s1) - load8((core)->cosine) * (s2)); \
        store8((core)->im[slot], load8((core)->sine) * (s2)); \
    } while (0)

#define MASK (IVR_DTMF_SLOTS - 1)

/* s₀ = c·s₁ − s₂ + x, written c·s₁ + (x − s₂) and unrolled by two so that s₂ and s₁ take turns. CHAINS
 * consecutive sub-blocks are filtered interleaved: independent recurrences hide each one's latency. */
#define GOERTZEL(CHAINS)                                                                                    \
    INLINE void goertzel##CHAINS(ivr_dtmf_core *core, int first) {                                          \
        float x[CHAINS][IVR_DTMF_SUB_BLOCK];                                                                \
        for (int j = 0; j < CHAINS; j++) widen(core->ring + ((first + j) & MASK) * IVR_DTMF_SUB_BLOCK, x[j]); \
        const v8f k = load8(core->coefficient);                                                             \
        v8f s1[CHAINS], s2[CHAINS];                                                                         \
        for (int j = 0; j < CHAINS; j++) { s1[j] = 0; s2[j] = 0; }                                          \
        for (int n = 0; n < IVR_DTMF_SUB_BLOCK; n += 2) {                                                   \
            for (int j = 0; j < CHAINS; j++) s2[j] = k * s1[j] + ((v8f) x[j][n] - s2[j]);                   \
            for (int j = 0; j < CHAINS; j++) s1[j] = k * s2[j] + ((v8f) x[j][n + 1] - s1[j]);               \
        }                                                                                                   \
        for (int j = 0; j < CHAINS; j++) output(core, (first + j) & MASK, s1[j], s2[j]);                    \
    }

GOERTZEL(4)
GOERTZEL(1)

/* The same filters over CHAINS consecutive sub-blocks read straight from `p` (not from the ring), the results
 * into re[j] and im[j]: the idle scan filters six at a time (more independent recurrences than four: measured
 * about 15 % faster), ahead of committing them to the ring. */
#define GOERTZEL_FROM(CHAINS)                                                                               \
    INLINE void goertzel_from##CHAINS(const ivr_dtmf_core *core, const int16_t *p, float (*re)[8], float (*im)[8]) { \
        float x[CHAINS][IVR_DTMF_SUB_BLOCK];                                                                \
        for (int j = 0; j < CHAINS; j++) widen(p + j * IVR_DTMF_SUB_BLOCK, x[j]);                           \
        const v8f k = load8(core->coefficient);                                                             \
        v8f s1[CHAINS], s2[CHAINS];                                                                         \
        for (int j = 0; j < CHAINS; j++) { s1[j] = 0; s2[j] = 0; }                                          \
        for (int n = 0; n < IVR_DTMF_SUB_BLOCK; n += 2) {                                                   \
            for (int j = 0; j < CHAINS; j++) s2[j] = k * s1[j] + ((v8f) x[j][n] - s2[j]);                   \
            for (int j = 0; j < CHAINS; j++) s1[j] = k * s2[j] + ((v8f) x[j][n + 1] - s1[j]);               \
        }                                                                                                   \
        for (int j = 0; j < CHAINS; j++) {                                                                  \
            store8(re[j], s1[j] - load8(core->cosine) * s2[j]);                                             \
            store8(im[j], load8(core->sine) * s2[j]);                                                       \
        }                                                                                                   \
    }

GOERTZEL_FROM(6)
GOERTZEL_FROM(4)

INLINE void goertzel(ivr_dtmf_core *core, int first, int count) {
    if (count >= 4) { goertzel4(core, first); first += 4; count -= 4; }
    while (count > 0) { goertzel1(core, first); first += 1; count -= 1; }
}

/* The block value of the decision whose newest sub-block is in `slot`: X = Σ_{i<4} W_i·r^i, W_0 that newest
 * sub-block, referenced to the block's last sample. */
INLINE void combine(ivr_dtmf_core *core, int slot, float *re, float *im) {
    int s1 = (slot - 1) & MASK, s2 = (slot - 2) & MASK, s3 = (slot - 3) & MASK;
    v8f w0re = load8(core->re[slot]), w0im = load8(core->im[slot]);
    v8f w1re = load8(core->re[s1]), w1im = load8(core->im[s1]);
    v8f w2re = load8(core->re[s2]), w2im = load8(core->im[s2]);
    v8f w3re = load8(core->re[s3]), w3im = load8(core->im[s3]);
    v8f r1re = load8(core->rotre[0]), r2re = load8(core->rotre[1]), r3re = load8(core->rotre[2]);
    v8f r1im = load8(core->rotim[0]), r2im = load8(core->rotim[1]), r3im = load8(core->rotim[2]);
    v8f xre = w0re + (w1re * r1re - w1im * r1im) + (w2re * r2re - w2im * r2im) + (w3re * r3re - w3im * r3im);
    v8f xim = w0im + (w1re * r1im + w1im * r1re) + (w2re * r2im + w2im * r2re) + (w3re * r3im + w3im * r3re);
    store8(re, xre);
    store8(im, xim);
}

INLINE int advance(ivr_dtmf_core *core, int slot) {
    core->analysed += 1;
    if (core->analysed & 1) return 0;
    memcpy(core->x2re, core->x1re, sizeof core->x2re);
    memcpy(core->x2im, core->x1im, sizeof core->x2im);
    combine(core, slot, core->x1re, core->x1im);
    return 1;
}

INLINE float maximum(float x, float y) { return y >= x ? y : x; }

INLINE int peaks(const ivr_dtmf_core *core) {
    float c[8];
    for (int i = 0; i < 8; i++) c[i] = core->x1re[i] * core->x1re[i] + core->x1im[i] * core->x1im[i];
    float low = maximum(maximum(c[0], c[1]), maximum(c[2], c[3]));
    float high = maximum(maximum(c[4], c[5]), maximum(c[6], c[7]));
    if (low < core->coherent_floor || high < core->coherent_floor) return 0;
    float lowLimit = low / core->peak_ratio, highLimit = high / core->peak_ratio;
    int lowClose = (c[0] > lowLimit) + (c[1] > lowLimit) + (c[2] > lowLimit) + (c[3] > lowLimit);
    int highClose = (c[4] > highLimit) + (c[5] > highLimit) + (c[6] > highLimit) + (c[7] > highLimit);
    return lowClose == 1 && highClose == 1;
}

/* The idle decisions on `count` filtered sub-blocks from slot `first`: see ivr_dtmf_analyse. */
INLINE int advance_idle(ivr_dtmf_core *core, int first, int count) {
    for (int i = 0; i < count; i++) {
        if (advance(core, (first + i) & MASK) && core->analysed >= 6 && peaks(core)) return (i + 1) | 16;
    }
    return count;
}

INLINE int analyse(ivr_dtmf_core *core, int first, int count, int idle) {
    goertzel(core, first, count);
    if (!idle) return 0;
    return advance_idle(core, first, count);
}

/* Σ|x| over one sub-block's samples (at most 32·32768, exact in an int and in a float). */
INLINE float magnitude_sum(const int16_t *p) {
    int sum = 0;
    for (int n = 0; n < IVR_DTMF_SUB_BLOCK; n++) {
        int v = p[n];
        sum += v < 0 ? -v : v;
    }
    return (float) sum;
}

/* The quiet gate: whether a block of 128 samples whose magnitudes sum to `sum` certainly fails the peak test,
 * whatever its samples. Exact, not a heuristic: the block value of any bin is X = Σ x[n]·e^{jθ_n} with |e^{jθ_n}| = 1,
 * so |X| ≤ Σ|x[n]| (triangle inequality), and the peak test needs |X|² ≥ coherent_floor in a bin of each group.
 * The kernel computes X in single precision (a 32-step Goertzel recurrence per sub-block, whose impulse response
 * is bounded by 1/sin ω < 2 for every DTMF frequency, then a four-term rotation sum): its result differs from the
 * exact X by a few hundred roundings of magnitude Σ|x[n]|, under 10⁻⁴ of Σ|x[n]|. The gate keeps a factor of 2
 * in power (41 % in amplitude) over the exact bound, so a gated block's computed |X|² is below the floor in every
 * bin and the peak test would fail: skipping its filters changes no decision. (A sum is exact: integers < 2²⁴.) */
INLINE int quiet(const ivr_dtmf_core *core, float sum) {
    return 2.0f * (sum * sum) < core->coherent_floor;
}

/* Whether every decision among the next 12 sub-blocks (`samples`, going to slots first, first+1, …) is gated
 * quiet; `level` holds Σ|x| of the ring's slots, computed here where still unknown (INFINITY). Fills sum[0…11] on
 * success. A loud batch costs one sub-block's sum: every block it is part of sums at least as much. */
INLINE int quiet_batch(const ivr_dtmf_core *core, const int16_t *samples, int first, float *level, float *sum) {
    int64_t analysed = core->analysed;
    for (int j = 0; j < 12; j++) {
        sum[j] = magnitude_sum(samples + j * IVR_DTMF_SUB_BLOCK);
        if (!quiet(core, sum[j])) return 0;
        if ((analysed + 1 + j) & 1) continue;
        float block = 0;
        for (int k = j - 3; k <= j; k++) {
            int slot = (first + k) & MASK;
            if (k < 0 && level[slot] == __builtin_inff())
                level[slot] = magnitude_sum(core->ring + slot * IVR_DTMF_SUB_BLOCK);
            block += k >= 0 ? sum[k] : level[slot];
        }
        if (!quiet(core, block)) return 0;
    }
    return 1;
}

/* Copies groups of four sub-blocks into the ring and analyses them idle, until one stops at a block that passes
 * the peak test (see ivr_dtmf_scan). A batch of three groups whose every block is gated quiet (see quiet) is
 * committed unfiltered: its samples go to the ring and the decisions are counted, but the slots' values and the
 * block values are computed only when a later decision needs them, or before returning (the caller sees every
 * slot and x1, x2 as ivr_dtmf_analyse would have left them: the same values, computed later). */
INLINE int scan(ivr_dtmf_core *core, const int16_t *samples, int groups, int first, int *last) {
    int done = 0;
    unsigned stale = 0;            /* slots whose samples are in the ring but not filtered yet */
    int values_stale = 0;          /* x1 and x2 not computed for the last two decisions */
    float level[IVR_DTMF_SLOTS];   /* Σ|x| of each slot's samples, unknown for slots from before this call */
    for (int i = 0; i < IVR_DTMF_SLOTS; i++) level[i] = __builtin_inff();
    int result = 4;
    while (done < groups) {
        /* Filter up to three groups ahead, straight from the samples; then commit them one group at a time (its
         * samples and bin values into the ring, then its decisions) as ivr_dtmf_analyse would, and drop the
         * groups after one that stops (the next call filters them again, to the same values). */
        float re[12][8], im[12][8], sum[12];
        int batch = groups - done >= 3 ? 3 : 1;
        /* Not tried on a call's first batch: a call starts after a block that passed the peak test, rarely in
         * quiet (the gate is optional: a batch not tried is filtered, to the same values). */
        if (batch == 3 && done > 0 && quiet_batch(core, samples, first, level, sum)) {
            for (int j = 0; j < 12; j++) {
                int slot = (first + j) & MASK;
                memcpy(core->ring + slot * IVR_DTMF_SUB_BLOCK, samples + j * IVR_DTMF_SUB_BLOCK,
                       IVR_DTMF_SUB_BLOCK * sizeof *samples);
                level[slot] = sum[j];
                stale |= 1u << slot;
            }
            core->analysed += 12;
            values_stale = 1;
            done += 3;
            samples += 12 * IVR_DTMF_SUB_BLOCK;
            first = (first + 12) & MASK;
            continue;
        }
        if (batch == 3) {
            goertzel_from6(core, samples, re, im);
            goertzel_from6(core, samples + 6 * IVR_DTMF_SUB_BLOCK, re + 6, im + 6);
        } else {
            goertzel_from4(core, samples, re, im);
        }
        for (int g = 0; g < batch && result == 4; g++) {
            for (int j = 0; j < 4; j++) {
                int slot = (first + j) & MASK;
                memcpy(core->ring + slot * IVR_DTMF_SUB_BLOCK, samples + j * IVR_DTMF_SUB_BLOCK,
                       IVR_DTMF_SUB_BLOCK * sizeof *samples);
                memcpy(core->re[slot], re[4 * g + j], sizeof re[0]);
                memcpy(core->im[slot], im[4 * g + j], sizeof im[0]);
                level[slot] = __builtin_inff();
            }
            /* Only after a skipped batch do the stale flags need clearing and the decisions
             * need older slots or the previous block value computed first; otherwise they are advance_idle's. */
            if (__builtin_expect((stale | (unsigned) values_stale) == 0, 1)) {
                result = advance_idle(core, first, 4);
                done += 1;
                samples += 4 * IVR_DTMF_SUB_BLOCK;
                first = (first + 4) & MASK;
                if (result & 16) break;
                result = 4;
                continue;
            }
            for (int j = 0; j < 4; j++) stale &= ~(1u << ((first + j) & MASK));
            for (int i = 0; i < 4; i++) {
                int slot = (first + i) & MASK;
                core->analysed += 1;
                if (core->analysed & 1) continue;
                if (__builtin_expect(stale != 0, 0)) {
                    for (int k = values_stale ? 5 : 3; k >= 0; k--) {
                        int s = (slot - k) & MASK;
                        if (stale & (1u << s)) { goertzel1(core, s); stale &= ~(1u << s); }
                    }
                }
                if (__builtin_expect(values_stale, 0)) {
                    combine(core, (slot - 2) & MASK, core->x2re, core->x2im);
                    values_stale = 0;
                } else {
                    memcpy(core->x2re, core->x1re, sizeof core->x2re);
                    memcpy(core->x2im, core->x1im, sizeof core->x2im);
                }
                combine(core, slot, core->x1re, core->x1im);
                if (core->analysed >= 6 && peaks(core)) { result = (i + 1) | 16; break; }
            }
            done += 1;
            samples += 4 * IVR_DTMF_SUB_BLOCK;
            first = (first + 4) & MASK;
        }
        if (result != 4) break;
    }
    /* Leave the ring and the block values as the unskipped analysis would have. */
    for (int s = 0; stale != 0 && s < IVR_DTMF_SLOTS; s++) {
        if (stale & (1u << s)) { goertzel1(core, s); stale &= ~(1u << s); }
    }
    if (values_stale) {
        int newest = (first - 1) & MASK;
        int decision = (core->analysed & 1) ? (newest - 1) & MASK : newest;
        combine(core, (decision - 2) & MASK, core->x2re, core->x2im);
        combine(core, decision, core->x1re, core->x1im);
    }
    *last = result;
    return done;
}

#if defined(__x86_64__)
__attribute__((target("avx"))) static int analyse_avx(ivr_dtmf_core *core, int first, int count, int idle) {
    return analyse(core, first, count, idle);
}

__attribute__((target("avx"))) static int scan_avx(ivr_dtmf_core *core, const int16_t *samples, int groups, int first,
                                                   int *last) {
    return scan(core, samples, groups, first, last);
}

/* AVX needs the CPU flag and the OS saving the ymm registers (XCR0 bits 1 and 2). */
static int detect_avx(void) {
    unsigned int eax, ebx, ecx, edx;
    __asm__ volatile("cpuid" : "=a"(eax), "=b"(ebx), "=c"(ecx), "=d"(edx) : "a"(1), "c"(0));
    if (!(ecx & (1u << 27)) || !(ecx & (1u << 28))) return 0;
    unsigned int lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return (lo & 6) == 6;
}

static int avx_state = -1;   /* -1 unknown; a benign race: every thread computes the same answer */

static int has_avx(void) {
    int s = __atomic_load_n(&avx_state, __ATOMIC_RELAXED);
    if (s < 0) {
        s = detect_avx();
        __atomic_store_n(&avx_state, s, __ATOMIC_RELAXED);
    }
    return s;
}
#else
static int has_avx(void) { return 0; }
#endif

int ivr_dtmf_uses_avx(void) { return has_avx(); }

int ivr_dtmf_analyse(ivr_dtmf_core *core, int first, int count, int idle) {
#if defined(__x86_64__)
    if (has_avx()) return analyse_avx(core, first, count, idle);
#endif
    return analyse(core, first, count, idle);
}

int ivr_dtmf_scan(ivr_dtmf_core *core, const int16_t *samples, int groups, int first, int *last) {
#if defined(__x86_64__)
    if (has_avx()) return scan_avx(core, samples, groups, first, last);
#endif
    return scan(core, samples, groups, first, last);
}

int ivr_dtmf_advance(ivr_dtmf_core *core, int slot) { return advance(core, slot); }

int ivr_dtmf_peaks(const ivr_dtmf_core *core) { return peaks(core); }
