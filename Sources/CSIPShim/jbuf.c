// The receive jitter buffer: ordered by RTP sequence number, fixed start depth, silence on loss.
#include <string.h>
#include "internal.h"

static void jb_reset(struct jb *jb)
{
    for (int i = 0; i < JB_SLOTS; i++) jb->slot[i].used = false;
    jb->have_next = false;
    jb->playing = false;
    jb->buffered = 0;
    jb->npend = 0;
}

void jb_init(struct jb *jb, int target_samples)
{
    memset(jb, 0, sizeof(*jb));
    jb->target = target_samples;
    jb->last_n = 160;
    jb_reset(jb);
}

void jb_put(struct jb *jb, uint32_t ssrc, uint16_t seq, const int16_t *samples, int n, bool skip)
{
    if (!jb->have_ssrc || ssrc != jb->ssrc) {
        if (jb->have_ssrc) jb->resyncs++;
        jb_reset(jb);
        jb->played = false;
        jb->ssrc = ssrc;
        jb->have_ssrc = true;
    }
    if (n > JB_MAX_SAMPLES) n = JB_MAX_SAMPLES;
    if (!jb->have_next) {
        jb->next = seq;
        jb->have_next = true;
    }
    int16_t d = (int16_t)(uint16_t)(seq - jb->next);
    if (d < 0) {
        if (jb->playing || jb->played || d <= -JB_SLOTS) {   /* already played, or hopelessly old */
            if (!skip) jb->late++;
            return;
        }
        jb->next = seq;                        /* reordered before play-out started */
        d = 0;
    }
    if (d >= JB_SLOTS) {                       /* a jump: start over at this packet */
        jb->resyncs++;
        uint32_t keep = jb->ssrc;
        jb_reset(jb);
        jb->ssrc = keep;
        jb->next = seq;
        jb->have_next = true;
    }
    struct jb_slot *slot = &jb->slot[seq % JB_SLOTS];
    if (slot->used && slot->seq == seq) return;   /* duplicate */
    if (slot->used && !slot->skip) jb->buffered -= slot->n;
    slot->used = true;
    slot->skip = skip;
    slot->seq = seq;
    slot->n = skip ? 0 : (int16_t)n;
    if (!skip) {
        memcpy(slot->s, samples, (size_t)n * sizeof(int16_t));
        jb->buffered += n;
        jb->last_n = n > 0 ? n : jb->last_n;
        jb->received++;
    }
    if (!jb->playing && jb->buffered >= jb->target) jb->playing = true;
}

void jb_pop(struct jb *jb, int16_t out[160])
{
    if (!jb->playing) {
        memset(out, 0, 160 * sizeof(int16_t));
        return;
    }
    while (jb->npend < 160) {
        struct jb_slot *slot = &jb->slot[jb->next % JB_SLOTS];
        if (slot->used && slot->seq == jb->next) {
            if (!slot->skip) {
                memcpy(jb->pend + jb->npend, slot->s, (size_t)slot->n * sizeof(int16_t));
                jb->npend += slot->n;
                jb->buffered -= slot->n;
            }
            slot->used = false;
            jb->played = true;
            jb->next++;
        } else if (jb->buffered > 0) {         /* a later packet is here: this one is lost */
            int n = jb->last_n;
            memset(jb->pend + jb->npend, 0, (size_t)n * sizeof(int16_t));
            jb->npend += n;
            jb->lost++;
            jb->next++;
        } else {                               /* ran dry: pad with silence and buffer again */
            memset(jb->pend + jb->npend, 0, (size_t)(160 - jb->npend) * sizeof(int16_t));
            jb->npend = 160;
            jb->playing = false;
        }
    }
    memcpy(out, jb->pend, 160 * sizeof(int16_t));
    jb->npend -= 160;
    memmove(jb->pend, jb->pend + 160, (size_t)jb->npend * sizeof(int16_t));
}
