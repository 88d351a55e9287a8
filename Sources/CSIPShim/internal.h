// Internal to the shim: the jitter buffer, G.711 and the SDP offer reader (no libre types here).
#ifndef CSIP_INTERNAL_H
#define CSIP_INTERNAL_H
#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

/// G.711 (ITU-T): one sample each way.
uint8_t csip_ulaw_encode(int16_t s);
int16_t csip_ulaw_decode(uint8_t u);
uint8_t csip_alaw_encode(int16_t s);
int16_t csip_alaw_decode(uint8_t a);
/// The same as lookup tables (every call encodes 8000 samples a second): [0] µ-law, [1] A-law; the encoder
/// is indexed by the sample as uint16_t. Filled once by g711_init (thread-safe, idempotent).
extern uint8_t g711_enc[2][65536];
extern int16_t g711_dec[2][256];
void g711_init(void);

#define JB_SLOTS 32
#define JB_MAX_SAMPLES 480   /* 60 ms packets at most; longer payloads are cut */

struct jb_slot {
    bool used, skip;
    uint16_t seq;
    int16_t n;
    int16_t s[JB_MAX_SAMPLES];
};

/// A jitter buffer ordered by RTP sequence number: play-out starts once `target` samples are buffered,
/// a missing packet plays as silence when later ones are there, an SSRC change starts over.
struct jb {
    struct jb_slot slot[JB_SLOTS];
    uint32_t ssrc;
    bool have_ssrc, have_next, playing, played;
    uint16_t next;
    int buffered;            /* audio samples in slots */
    int target;              /* samples needed to start play-out */
    int last_n;              /* samples per packet last seen */
    int16_t pend[JB_MAX_SAMPLES + 160];
    int npend;
    uint64_t received, lost, late, resyncs;
};

void jb_init(struct jb *jb, int target_samples);
/// Puts one packet. `skip` marks a sequence number used by a non-audio packet of the same stream (RFC 4733).
void jb_put(struct jb *jb, uint32_t ssrc, uint16_t seq, const int16_t *samples, int n, bool skip);
/// Takes 160 samples (silence before play-out starts, on loss and when the buffer runs dry).
void jb_pop(struct jb *jb, int16_t out[160]);

/// What an SDP offer holds, for an answer.
struct sdp_offer {
    bool has_audio;
    char addr[64];           /* connection address (media level over session level) */
    int af;                  /* 4 or 6 */
    uint16_t port;
    int codec_pt;            /* first PCMU/PCMA in the offer's order, -1 none */
    const char *codec_name;  /* "PCMU" or "PCMA" */
    int event_pt;            /* telephone-event/8000, -1 none */
    int ptime;
    char offered[256];       /* "PCMU/0 PCMA/8 telephone-event/101" */
};

/// Reads an offer. Returns false when the body is not a usable SDP (no c= address or no audio line).
bool sdp_offer_parse(const char *body, size_t len, struct sdp_offer *offer);
#endif
