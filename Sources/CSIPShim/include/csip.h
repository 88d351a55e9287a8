// csip: a narrow, non-variadic C API over libre (Debian libre-dev 1.1.0) for the SIP line.
// The .c files own every libre object on one thread that runs re_main; Swift never sees a libre type.
// Threading: every callback runs on the line thread; every csip_* function may be called from any thread
// (control goes in through libre's mqueue, frames through a per-call locked ring).
#ifndef CSIP_H
#define CSIP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// One line: a SIP listener, its RTP ports and the thread that runs them.
typedef struct csip_line csip_line;
/// One call. Valid until csip_call_release (the Swift side owns one reference).
typedef struct csip_call csip_call;

/// Samples in one 20 ms frame at 8 kHz.
#define CSIP_FRAME_SAMPLES 160

/// An incoming INVITE, valid only during the on_invite callback.
typedef struct csip_invite {
    const char *from_user;     ///< user part of the From URI ("" when none)
    const char *from_uri;      ///< the From URI
    const char *to_uri;        ///< the To URI
    const char *sip_call_id;   ///< the SIP Call-ID header
    const char *source_ip;     ///< the INVITE's source address
    uint16_t source_port;      ///< and port
    const char *offered;       ///< offered codecs in the offer's order, e.g. "PCMU/0 PCMA/8 telephone-event/101"
    int codec_pt;              ///< the answer's codec: 0 PCMU, 8 PCMA, -1 no common codec (or no audio offer)
    int event_pt;              ///< telephone-event payload type of the offer, -1 when absent
    int offer_ptime;           ///< the offer's ptime in ms (0 when absent)
    bool late_offer;           ///< no SDP in the INVITE (late offer): the 200 carries the line's offer (PCMU,
                               ///< PCMA, telephone-event 101) and the ACK the answer, which picks the codec;
                               ///< codec_pt is 0 and offered "" here. No usable answer in the ACK ends the call.
} csip_invite;

/// How a call ended (csip_callbacks.on_closed).
typedef enum csip_end {
    CSIP_END_REMOTE_BYE = 1,   ///< the caller sent BYE
    CSIP_END_CANCELLED = 2,    ///< CANCEL before the answer (487 sent)
    CSIP_END_ERROR = 3,        ///< a timeout or transport error (e.g. no ACK for the 200)
    CSIP_END_LOCAL = 4,        ///< csip_call_hangup: BYE sent (or 486 before the answer)
    CSIP_END_REJECTED = 5,     ///< csip_call_reject before the answer
    CSIP_END_STOPPED = 6,      ///< the line stopped with the call still up
} csip_end;

/// Line-wide counters (monotonic; read with csip_line_stats).
typedef struct csip_line_stats {
    uint64_t sip_malformed;    ///< datagrams on the SIP port that are not a valid SIP message
    uint64_t rtp_stray;        ///< RTP datagrams from a source other than the call's peer
    uint64_t rtp_received;     ///< audio packets accepted into jitter buffers
    uint64_t rtp_lost;         ///< packets never received (sequence gaps played as silence)
    uint64_t rtp_late;         ///< packets that came after their play-out time
    uint64_t tx_underruns;     ///< ticks with no frame from the session (silence sent)
    uint64_t ticks;            ///< pacing timer ticks
    uint64_t late_ticks;       ///< ticks that found more than one expiry (the loop was late)
} csip_line_stats;

/// Per-call counters.
typedef struct csip_call_stats {
    uint64_t rtp_received, rtp_lost, rtp_late, ssrc_changes, events_received, tx_packets, tx_underruns;
} csip_call_stats;

/// Callbacks, all run on the line thread. They must return quickly.
typedef struct csip_callbacks {
    /// A new INVITE. Return 0 to take the call (100 Trying and 180 Ringing are sent, and *call_ctx becomes the
    /// call's context for later callbacks; the call holds one reference for the caller of csip, released by
    /// csip_call_release), or a SIP status (403, 488, 503, ...) to refuse it statelessly.
    int (*on_invite)(void *line_ctx, const csip_invite *invite, csip_call *call, void **call_ctx);
    /// One 20 ms frame of caller audio from the jitter buffer (silence on loss), once per tick after the answer.
    void (*on_frame)(void *call_ctx, const int16_t *samples, int count);
    /// An RFC 4733 key ('0'-'9', '*', '#', 'A'-'D'), once per event (keyed by RTP timestamp).
    void (*on_dtmf)(void *call_ctx, char key, uint32_t rtp_timestamp);
    /// The REFER's result: a final sipfrag status from NOTIFY, or the REFER's own failure status.
    void (*on_refer)(void *call_ctx, int status);
    /// The call ended; no callback for this call follows. sip_status is the final status when known, else 0.
    void (*on_closed)(void *call_ctx, csip_end end, int sip_status);
} csip_callbacks;

/// Line options.
typedef struct csip_config {
    const char *listen_host;   ///< IP address to listen on (SIP over UDP)
    uint16_t listen_port;      ///< 0 picks a free port (read it with csip_line_port)
    uint16_t rtp_low, rtp_high;///< RTP port range (even ports; RTCP on the next odd port)
    int max_fds;               ///< fd_setsize (at least 4 per call plus a margin)
    int jitter_ms;             ///< play-out starts when this much audio is buffered (40-60)
} csip_config;

/// Starts a line on its own thread. Returns NULL and writes a message to err on failure.
csip_line *csip_line_start(const csip_config *config, const csip_callbacks *callbacks, void *line_ctx,
                           char *err, size_t err_size);
/// The bound SIP port.
uint16_t csip_line_port(const csip_line *line);
/// While draining, new INVITEs and OPTIONS get 503 (read on the line thread).
void csip_line_set_draining(csip_line *line, bool draining);
/// Copies the line's counters.
void csip_line_stats_get(const csip_line *line, csip_line_stats *out);
/// Stops the loop (calls still up get BYE), joins the thread and frees the line. Call once.
void csip_line_stop(csip_line *line);

/// Sends 180 Ringing (again). The call was already answered with 180 when on_invite took it.
void csip_call_ring(csip_call *call);
/// Sends 200 OK with the SDP answer; frames start at the next tick.
void csip_call_answer(csip_call *call);
/// Refuses the call before the answer with a final status (e.g. 486, 503).
void csip_call_reject(csip_call *call, int status);
/// Hangs up: BYE after the answer (486 before it).
void csip_call_hangup(csip_call *call);
/// Sends REFER (Refer-To: uri) in the call's dialog; the result comes through on_refer.
void csip_call_refer(csip_call *call, const char *uri);
/// Queues one 20 ms frame (CSIP_FRAME_SAMPLES samples) to send; one frame leaves per tick. Returns false when
/// the queue is full (the frame is dropped).
bool csip_call_send_frame(csip_call *call, const int16_t *samples);
/// Copies the call's counters.
void csip_call_stats_get(csip_call *call, csip_call_stats *out);
/// Drops the caller's reference. After on_closed and this, the call is freed.
void csip_call_release(csip_call *call);

#ifdef __cplusplus
}
#endif
#endif
