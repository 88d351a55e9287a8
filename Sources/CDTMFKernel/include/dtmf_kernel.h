/* The DTMF detector's per-sample kernel (DSP.DTMFDetector owns the decisions; see docs/dtmf.md).
 *
 * Eight Goertzel filters over 4 ms sub-blocks of 16-bit samples, the coherent combination of the last four
 * sub-blocks into a 16 ms block value every second sub-block, and the cheapest block test (a peak in each group
 * above the floor, the other bins of the group well below it). Written in C only so that it can use 256-bit
 * vectors where the CPU has AVX (chosen at run time; an SSE2 build of the same code otherwise). The arithmetic is
 * the same IEEE single-precision operations in the same order on either path (no contraction into FMA), so the
 * detector's output does not depend on the CPU. */
#ifndef IVR_DTMF_KERNEL_H
#define IVR_DTMF_KERNEL_H

#include <stdint.h>

/* Samples per sub-block (4 ms at 8 kHz) and sub-blocks in the ring. */
#define IVR_DTMF_SUB_BLOCK 32
#define IVR_DTMF_SLOTS 8

/* The detector's filter state: a ring of eight sub-blocks of samples, each slot's bin values, and the block
 * values of the last two decisions. Lanes 0–3 are the row (low) tones, 4–7 the column (high) tones. */
typedef struct ivr_dtmf_core {
    int16_t ring[IVR_DTMF_SLOTS * IVR_DTMF_SUB_BLOCK];   /* samples, slot-major */
    float re[IVR_DTMF_SLOTS][8];                           /* each slot's DFT value, referenced to its last sample */
    float im[IVR_DTMF_SLOTS][8];
    float x1re[8], x1im[8];                                /* this decision's block value */
    float x2re[8], x2im[8];                                /* the previous decision's (64 samples earlier) */
    float coefficient[8], cosine[8], sine[8];              /* 2·cos ω, cos ω, sin ω per lane */
    float rotre[3][8], rotim[3][8];                        /* r^i = e^{jω·32·i}, i = 1…3 */
    float coherent_floor;                                  /* |X|² of a tone at the level floor, with slack */
    float peak_ratio;                                      /* how far the other bins of a group stay below its peak */
    int64_t analysed;                                      /* sub-blocks advanced so far */
} ivr_dtmf_core;

/* Whether the AVX path is in use (for the benchmark's report). */
int ivr_dtmf_uses_avx(void);

/* Filters the `count` (1…4) sub-blocks in slots first, first+1, … (mod 8) into re/im. When `idle` (no digit
 * sounding, no run of valid blocks), then advances over them as ivr_dtmf_advance does, stopping after the first
 * decision whose block passes the peak test: returns how many sub-blocks were advanced, plus 16 when the last of
 * them is such a decision (the caller examines it further). Returns 0 when not idle. */
int ivr_dtmf_analyse(ivr_dtmf_core *core, int first, int count, int idle);

/* The idle loop over a long stretch of samples: `groups` (≥ 1) times, copies the next four sub-blocks (128 samples)
 * from `samples` into the ring slots first, first+1, … (mod 8) and calls ivr_dtmf_analyse(core, first, 4, 1) on
 * them, the next group going to the next four slots, until that analysis stops at a block that passes the peak
 * test. Returns how many groups were copied and analysed, and the last group's ivr_dtmf_analyse result in *last
 * (4 when every group ran through). */
int ivr_dtmf_scan(ivr_dtmf_core *core, const int16_t *samples, int groups, int first, int *last);

/* Advances over the sub-block in `slot` (now the newest): counts it and, every second sub-block, moves the block
 * value to x2 and combines the last four sub-blocks into x1. Returns 1 on such a decision, 0 otherwise. */
int ivr_dtmf_advance(ivr_dtmf_core *core, int slot);

/* The peak test on x1: in each group one bin at or above the floor, the other three more than peak_ratio below
 * it. Returns 1 when it passes. */
int ivr_dtmf_peaks(const ivr_dtmf_core *core);

#endif
