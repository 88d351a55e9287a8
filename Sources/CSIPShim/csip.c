// The line thread: libre's SIP stack, sessions, RTP sockets, the pacing timer and the control queue.
// Every libre object is created, used and released on this one thread (libre is single-threaded).
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>
#include <re/re.h>
#include "csip.h"
#include "internal.h"

#define OUT_SLOTS 16
#define TICK_NS 20000000LL

enum call_state { CALL_OFFERED, CALL_ANSWERED, CALL_CLOSED };

struct csip_call {
    atomic_int refs;
    struct csip_line *line;
    void *ctx;
    /* frames queued by the session (any thread) */
    pthread_mutex_t olock;
    uint8_t oring[OUT_SLOTS][CSIP_FRAME_SAMPLES];
    unsigned ohead, ocount;
    /* line thread only */
    struct le le;
    enum call_state state;
    struct sipsess *sess;
    struct sipsub *refer;
    bool refer_reported;
    struct rtp_sock *rtp;
    struct sa local_rtp, remote_rtp;
    struct sdp_offer offer;     /* the caller's offer, or (late offer) the answer from its ACK */
    bool late_offer;            /* the INVITE had no SDP: the 200 carries the line's offer, the ACK the answer */
    bool media_ready;           /* the peer's media address and codec are known: frames flow */
    bool alaw, marker;
    uint32_t tx_ts;
    struct mbuf *txbuf;
    struct jb jb;
    bool hangup_pending;        /* BYE once the queued frames have left */
    bool tev_have;
    uint32_t tev_ts;
    /* counters (read from any thread) */
    _Atomic uint64_t rx, lost, late, ssrc_changes, events, tx, underruns;
};

struct csip_line {
    csip_config cfg;
    csip_callbacks cb;
    void *ctx;
    pthread_t thread;
    pthread_mutex_t start_lock;
    pthread_cond_t start_cond;
    int start_state;            /* 0 starting, 1 running, -1 failed */
    char start_err[256];
    uint16_t port;
    atomic_bool draining;
    /* line thread only */
    struct sip *sip;
    struct sipsess_sock *sess_sock;
    struct sipevent_sock *ev_sock;
    struct sip_lsnr *lsnr;
    struct mqueue *mq;
    struct udp_helper *guard;
    int tfd;
    struct timespec next_tick;
    struct list calls;
    struct sa laddr;
    /* counters */
    _Atomic uint64_t malformed, stray, rx, lost, late, underruns, ticks, late_ticks;
};

enum cmd_id { CMD_RING = 1, CMD_ANSWER, CMD_REJECT, CMD_HANGUP, CMD_REFER, CMD_STOP };

struct cmd {
    struct csip_call *call;
    int status;
    char uri[256];
};

static void call_ref(struct csip_call *call) { atomic_fetch_add(&call->refs, 1); }

static void call_unref(struct csip_call *call)
{
    if (atomic_fetch_sub(&call->refs, 1) == 1) {
        pthread_mutex_destroy(&call->olock);
        free(call);
    }
}

static void set_err(char *err, size_t size, const char *what, int code)
{
    if (err && size) snprintf(err, size, "%s: %s", what, strerror(code));
}

/* ---- control queue ---- */

static void push(struct csip_line *line, int id, struct cmd *cmd)
{
    /* The pipe can be full under a burst: retry, never drop a control message. */
    for (int i = 0; mqueue_push(line->mq, id, cmd) != 0; i++) {
        struct timespec ts = {0, 200000};
        nanosleep(&ts, NULL);
        if (i > 50000) { if (cmd && cmd->call) call_unref(cmd->call); free(cmd); return; }
    }
}

static void call_cmd(struct csip_call *call, int id, int status, const char *uri)
{
    struct cmd *cmd = calloc(1, sizeof(*cmd));
    if (!cmd) return;
    call_ref(call);
    cmd->call = call;
    cmd->status = status;
    if (uri) snprintf(cmd->uri, sizeof(cmd->uri), "%s", uri);
    push(call->line, id, cmd);
}

/* ---- call teardown (line thread) ---- */

static void call_close(struct csip_call *call, csip_end end, int status)
{
    if (call->state == CALL_CLOSED) return;
    call->state = CALL_CLOSED;
    list_unlink(&call->le);
    call->refer = mem_deref(call->refer);
    call->sess = mem_deref(call->sess);    /* BYE after the answer, a final reply before it */
    call->rtp = mem_deref(call->rtp);
    call->txbuf = mem_deref(call->txbuf);
    call->line->cb.on_closed(call->ctx, end, status);
    call_unref(call);                      /* the line thread's reference */
}

static void sess_close_handler(int err, const struct sip_msg *msg, void *arg)
{
    struct csip_call *call = arg;
    csip_end end = CSIP_END_ERROR;
    int status = msg ? msg->scode : 0;
    if (msg && msg->req && !pl_strcmp(&msg->met, "BYE")) end = CSIP_END_REMOTE_BYE;
    else if (msg && msg->req && !pl_strcmp(&msg->met, "CANCEL")) end = CSIP_END_CANCELLED;
    else if (call->state == CALL_OFFERED && err == ECONNRESET) end = CSIP_END_CANCELLED;
    else if (err == ECONNRESET) end = CSIP_END_REMOTE_BYE;
    call_close(call, end, end == CSIP_END_CANCELLED ? 487 : status);
}

/* ---- RTP in (line thread) ---- */

static void rtp_handler(const struct sa *src, const struct rtp_header *hdr, struct mbuf *mb, void *arg)
{
    struct csip_call *call = arg;
    struct csip_line *line = call->line;
    if (call->state != CALL_ANSWERED || !call->media_ready) return;
    if (!sa_cmp(src, &call->remote_rtp, SA_ADDR)) {
        atomic_fetch_add(&line->stray, 1);
        return;
    }
    size_t len = mbuf_get_left(mb);
    const uint8_t *p = mbuf_buf(mb);
    if (call->offer.event_pt >= 0 && hdr->pt == call->offer.event_pt) {
        if (len >= 4) {
            uint8_t ev = p[0];
            /* One key per event: RFC 4733 keeps the timestamp for all packets of one event. */
            if (!call->tev_have || hdr->ts != call->tev_ts) {
                call->tev_have = true;
                call->tev_ts = hdr->ts;
                static const char keys[] = "0123456789*#ABCD";
                if (ev < 16) {
                    atomic_fetch_add(&call->events, 1);
                    line->cb.on_dtmf(call->ctx, keys[ev], hdr->ts);
                }
            }
        }
        if (call->jb.have_ssrc && hdr->ssrc == call->jb.ssrc) jb_put(&call->jb, hdr->ssrc, hdr->seq, NULL, 0, true);
        return;
    }
    if (hdr->pt != call->offer.codec_pt) {
        if (call->jb.have_ssrc && hdr->ssrc == call->jb.ssrc) jb_put(&call->jb, hdr->ssrc, hdr->seq, NULL, 0, true);
        return;   /* comfort noise and other formats are not played */
    }
    int16_t samples[JB_MAX_SAMPLES];
    int n = len > JB_MAX_SAMPLES ? JB_MAX_SAMPLES : (int)len;
    const int16_t *dec = g711_dec[call->alaw ? 1 : 0];
    for (int i = 0; i < n; i++) samples[i] = dec[p[i]];
    uint64_t r0 = call->jb.received, l0 = call->jb.late, s0 = call->jb.resyncs;
    jb_put(&call->jb, hdr->ssrc, hdr->seq, samples, n, false);
    atomic_fetch_add(&line->rx, call->jb.received - r0);
    atomic_fetch_add(&call->rx, call->jb.received - r0);
    atomic_fetch_add(&line->late, call->jb.late - l0);
    atomic_fetch_add(&call->late, call->jb.late - l0);
    atomic_fetch_add(&call->ssrc_changes, call->jb.resyncs - s0);
}

static void rtcp_handler(const struct sa *src, struct rtcp_msg *msg, void *arg)
{
    (void)src; (void)msg; (void)arg;
}

/* ---- pacing: one timerfd tick every 20 ms on absolute deadlines ---- */

static void tick_send(struct csip_line *line, struct csip_call *call)
{
    /* Out: one queued frame, or silence when the session has not produced one. */
    uint8_t frame[CSIP_FRAME_SAMPLES];
    bool have = false;
    pthread_mutex_lock(&call->olock);
    if (call->hangup_pending && call->ocount == 0) {
        pthread_mutex_unlock(&call->olock);
        call_close(call, CSIP_END_LOCAL, 0);
        return;
    }
    if (call->ocount > 0) {
        memcpy(frame, call->oring[call->ohead], sizeof(frame));
        call->ohead = (call->ohead + 1) % OUT_SLOTS;
        call->ocount--;
        have = true;
    }
    pthread_mutex_unlock(&call->olock);
    if (!have) {
        memset(frame, call->alaw ? 0xD5 : 0xFF, sizeof(frame));
        if (!call->hangup_pending) {
            atomic_fetch_add(&call->underruns, 1);
            atomic_fetch_add(&line->underruns, 1);
        }
    }
    struct mbuf *mb = call->txbuf;
    mb->pos = mb->end = RTP_HEADER_SIZE;
    (void)mbuf_write_mem(mb, frame, sizeof(frame));
    mb->pos = RTP_HEADER_SIZE;
    if (rtp_send(call->rtp, &call->remote_rtp, false, call->marker, (uint8_t)call->offer.codec_pt, call->tx_ts, mb) == 0)
        atomic_fetch_add(&call->tx, 1);
    call->marker = false;
    call->tx_ts += CSIP_FRAME_SAMPLES;
}

static void tick_receive(struct csip_line *line, struct csip_call *call)
{
    /* In: one frame from the jitter buffer. */
    if (call->hangup_pending) return;
    int16_t in[CSIP_FRAME_SAMPLES];
    uint64_t lost0 = call->jb.lost;
    jb_pop(&call->jb, in);
    atomic_fetch_add(&call->lost, call->jb.lost - lost0);
    atomic_fetch_add(&line->lost, call->jb.lost - lost0);
    line->cb.on_frame(call->ctx, in, CSIP_FRAME_SAMPLES);
}

static void timespec_add(struct timespec *t, long long ns)
{
    t->tv_nsec += ns;
    while (t->tv_nsec >= 1000000000L) { t->tv_nsec -= 1000000000L; t->tv_sec++; }
}

static void timer_handler(int flags, void *arg)
{
    struct csip_line *line = arg;
    (void)flags;
    uint64_t expirations = 0;
    if (read(line->tfd, &expirations, sizeof(expirations)) != sizeof(expirations)) return;
    atomic_fetch_add(&line->ticks, 1);
    if (expirations > 1) atomic_fetch_add(&line->late_ticks, 1);
    /* Catch up at most a few ticks, so a stalled loop does not burst a second of audio. */
    if (expirations > 3) expirations = 3;
    for (uint64_t k = 0; k < expirations; k++) {
        /* Every call's packet first, so the send instants do not depend on the callbacks' time. */
        struct le *le = line->calls.head;
        while (le) {
            struct csip_call *call = le->data;
            le = le->next;             /* tick_send may close the call (a BYE after the last frame) */
            if (call->state == CALL_ANSWERED && call->media_ready) tick_send(line, call);
        }
        for (le = line->calls.head; le; le = le->next) {
            struct csip_call *call = le->data;
            if (call->state == CALL_ANSWERED && call->media_ready) tick_receive(line, call);
        }
    }
}

static int timer_start(struct csip_line *line)
{
    line->tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    if (line->tfd < 0) return errno;
    clock_gettime(CLOCK_MONOTONIC, &line->next_tick);
    timespec_add(&line->next_tick, TICK_NS);
    struct itimerspec its = { .it_interval = {0, TICK_NS}, .it_value = line->next_tick };
    /* Absolute first deadline, then a fixed period: expiries stay on the 20 ms grid and never drift. */
    if (timerfd_settime(line->tfd, TFD_TIMER_ABSTIME, &its, NULL) != 0) return errno;
    return fd_listen(line->tfd, FD_READ, timer_handler, line);
}

/* ---- SIP in (line thread) ---- */

static bool guard_recv(struct sa *src, struct mbuf *mb, void *arg);

static int answer_sdp(struct csip_call *call, struct mbuf **mbp)
{
    struct mbuf *mb = mbuf_alloc(512);
    if (!mb) return ENOMEM;
    const struct sdp_offer *o = &call->offer;
    char ip[64];
    sa_ntop(&call->local_rtp, ip, sizeof(ip));
    const char *ipv = sa_af(&call->local_rtp) == AF_INET6 ? "IP6" : "IP4";
    uint32_t id = rand_u32();
    int err = mbuf_printf(mb,
        "v=0\r\no=ivr %u %u IN %s %s\r\ns=ivr\r\nc=IN %s %s\r\nt=0 0\r\n", id, id, ipv, ip, ipv, ip);
    if (call->late_offer) {
        /* The line's offer (late offer): PCMU, PCMA and telephone-event 101; the ACK's answer picks. */
        err |= mbuf_printf(mb, "m=audio %u RTP/AVP 0 8 101\r\n", sa_port(&call->local_rtp));
        err |= mbuf_printf(mb, "a=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n");
        err |= mbuf_printf(mb, "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\n");
    } else if (o->event_pt >= 0) {
        err |= mbuf_printf(mb, "m=audio %u RTP/AVP %d %d\r\n", sa_port(&call->local_rtp), o->codec_pt, o->event_pt);
        err |= mbuf_printf(mb, "a=rtpmap:%d %s/8000\r\n", o->codec_pt, o->codec_name);
        err |= mbuf_printf(mb, "a=rtpmap:%d telephone-event/8000\r\na=fmtp:%d 0-15\r\n", o->event_pt, o->event_pt);
    } else {
        err |= mbuf_printf(mb, "m=audio %u RTP/AVP %d\r\n", sa_port(&call->local_rtp), o->codec_pt);
        err |= mbuf_printf(mb, "a=rtpmap:%d %s/8000\r\n", o->codec_pt, o->codec_name);
    }
    err |= mbuf_printf(mb, "a=ptime:20\r\na=sendrecv\r\n");
    mb->pos = 0;
    if (err) { mem_deref(mb); return err; }
    *mbp = mb;
    return 0;
}

/// The ACK of a late offer carries the answer: the codec it chose among ours, its media address, its
/// telephone-event type. No usable answer ends the call (libre sends BYE).
static int sess_answer_handler(const struct sip_msg *msg, void *arg)
{
    struct csip_call *call = arg;
    struct sdp_offer answer;
    if (!call->late_offer || mbuf_get_left(msg->mb) == 0 ||
        !sdp_offer_parse((const char *)mbuf_buf(msg->mb), mbuf_get_left(msg->mb), &answer) || answer.codec_pt < 0 ||
        answer.port == 0)
        return EPROTO;
    struct sa remote;
    if (sa_set_str(&remote, answer.addr, answer.port) != 0) return EPROTO;
    call->offer = answer;
    call->alaw = answer.codec_pt == 8;
    call->remote_rtp = remote;
    call->media_ready = true;
    return 0;
}

static void copy_pl(char *dst, size_t size, const struct pl *pl)
{
    if (!pl || !pl_isset(pl)) { dst[0] = 0; return; }
    (void)pl_strcpy(pl, dst, size);
}

static void invite_handler(const struct sip_msg *msg, void *arg)
{
    struct csip_line *line = arg;
    if (atomic_load(&line->draining)) {
        (void)sip_treply(NULL, line->sip, msg, 503, "Service Unavailable");
        return;
    }
    struct sdp_offer offer;
    bool late = mbuf_get_left(msg->mb) == 0;   /* no SDP: the line makes the offer in its 200 */
    bool have_sdp = !late && sdp_offer_parse((const char *)mbuf_buf(msg->mb), mbuf_get_left(msg->mb), &offer);
    if (late) {
        memset(&offer, 0, sizeof(offer));
        offer.has_audio = true;
        offer.codec_pt = 0;                    /* our first choice; the ACK's answer decides */
        offer.codec_name = "PCMU";
        offer.event_pt = 101;
        offer.ptime = 20;
    } else if (!have_sdp) {
        memset(&offer, 0, sizeof(offer));
        offer.codec_pt = -1;
        offer.event_pt = -1;
    }

    char from_user[128], from_uri[256], to_uri[256], callid[256], src[64];
    copy_pl(from_user, sizeof(from_user), &msg->from.uri.user);
    copy_pl(from_uri, sizeof(from_uri), &msg->from.auri);
    copy_pl(to_uri, sizeof(to_uri), &msg->to.auri);
    copy_pl(callid, sizeof(callid), &msg->callid);
    sa_ntop(&msg->src, src, sizeof(src));

    struct csip_call *call = calloc(1, sizeof(*call));
    if (!call) { (void)sip_treply(NULL, line->sip, msg, 500, "Server Internal Error"); return; }
    atomic_init(&call->refs, 2);       /* the line thread's, and the one on_invite hands to the caller of csip */
    pthread_mutex_init(&call->olock, NULL);
    call->line = line;
    call->offer = offer;
    call->late_offer = late;
    call->alaw = offer.codec_name && strcmp(offer.codec_name, "PCMA") == 0;
    call->marker = true;
    call->tx_ts = rand_u32();
    call->state = CALL_OFFERED;
    jb_init(&call->jb, line->cfg.jitter_ms * 8);

    csip_invite inv = {
        .from_user = from_user, .from_uri = from_uri, .to_uri = to_uri, .sip_call_id = callid,
        .source_ip = src, .source_port = sa_port(&msg->src), .offered = offer.offered,
        .codec_pt = offer.codec_pt, .event_pt = offer.event_pt, .offer_ptime = offer.ptime, .late_offer = late,
    };
    void *ctx = NULL;
    int status = line->cb.on_invite(line->ctx, &inv, call, &ctx);
    if (status != 0) {
        (void)sip_treply(NULL, line->sip, msg, (uint16_t)status,
                         status == 403 ? "Forbidden" : status == 488 ? "Not Acceptable Here" :
                         status == 503 ? "Service Unavailable" : status == 486 ? "Busy Here" : "Refused");
        atomic_store(&call->refs, 1);
        call_unref(call);
        return;
    }
    call->ctx = ctx;

    /* RTP on the address the INVITE came in on. */
    struct sa rtp_ip;
    if (sip_transp_laddr(line->sip, &rtp_ip, msg->tp, &msg->src) != 0) rtp_ip = msg->dst;
    sa_set_port(&rtp_ip, 0);
    int err = rtp_listen(&call->rtp, IPPROTO_UDP, &rtp_ip, line->cfg.rtp_low, line->cfg.rtp_high, true,
                         rtp_handler, rtcp_handler, call);
    if (!err) {
        call->local_rtp = *rtp_local(call->rtp);
        if (!late) err = sa_set_str(&call->remote_rtp, offer.addr, offer.port);
    }
    call->txbuf = mbuf_alloc(RTP_HEADER_SIZE + CSIP_FRAME_SAMPLES);
    if (err || !call->txbuf) {
        (void)sip_treply(NULL, line->sip, msg, 503, "Service Unavailable");
        call->state = CALL_CLOSED;
        call->rtp = mem_deref(call->rtp);
        call->txbuf = mem_deref(call->txbuf);
        line->cb.on_closed(call->ctx, CSIP_END_REJECTED, 503);
        call_unref(call);
        return;
    }
    if (!line->guard && msg->sock && msg->tp == SIP_TRANSP_UDP)
        (void)udp_register_helper(&line->guard, msg->sock, 0, NULL, guard_recv, line);
    list_append(&line->calls, &call->le, call);
    (void)sip_reply(line->sip, msg, 100, "Trying");
    err = sipsess_accept(&call->sess, line->sess_sock, msg, 180, "Ringing", "ivr", "application/sdp", NULL,
                         NULL, NULL, false, NULL, sess_answer_handler, NULL, NULL, NULL, sess_close_handler, call,
                         "%s", "");
    if (err) call_close(call, CSIP_END_ERROR, 500);
}

static bool guard_recv(struct sa *src, struct mbuf *mb, void *arg)
{
    /* Runs before libre's SIP transport: a datagram that is not a complete SIP message is counted and dropped. */
    struct csip_line *line = arg;
    (void)src;
    size_t pos = mb->pos;
    struct sip_msg *msg = NULL;
    int err = mbuf_get_left(mb) <= 4 ? EBADMSG : sip_msg_decode(&msg, mb);
    mb->pos = pos;
    bool bad = err != 0 || !pl_isset(&msg->callid) || !pl_isset(&msg->cseq.met) || !pl_isset(&msg->via.branch) ||
               !pl_isset(&msg->from.auri) || !pl_isset(&msg->to.auri);
    mem_deref(msg);
    if (bad) {
        atomic_fetch_add(&line->malformed, 1);
        return true;
    }
    return false;
}

static const char allow_hdr[] = "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, NOTIFY\r\n";

static bool request_handler(const struct sip_msg *msg, void *arg)
{
    struct csip_line *line = arg;
    if (!line->guard && msg->sock && msg->tp == SIP_TRANSP_UDP) {
        (void)udp_register_helper(&line->guard, msg->sock, 0, NULL, guard_recv, line);
    }
    if (!pl_strcmp(&msg->met, "OPTIONS")) {
        bool draining = atomic_load(&line->draining);
        (void)sip_treplyf(NULL, NULL, line->sip, msg, false, draining ? 503 : 200,
                          draining ? "Service Unavailable" : "OK",
                          "%sAccept: application/sdp\r\nContent-Length: 0\r\n\r\n", allow_hdr);
        return true;
    }
    if (!pl_strcmp(&msg->met, "ACK")) return true;
    if (!pl_strcmp(&msg->met, "CANCEL")) {
        (void)sip_reply(line->sip, msg, 481, "Call/Transaction Does Not Exist");
        return true;
    }
    if (!pl_strcmp(&msg->met, "REGISTER") || !pl_strcmp(&msg->met, "MESSAGE") ||
        !pl_strcmp(&msg->met, "SUBSCRIBE") || !pl_strcmp(&msg->met, "PUBLISH") ||
        !pl_strcmp(&msg->met, "REFER") || !pl_strcmp(&msg->met, "INFO") || !pl_strcmp(&msg->met, "UPDATE") ||
        !pl_strcmp(&msg->met, "PRACK") || !pl_strcmp(&msg->met, "NOTIFY") || !pl_strcmp(&msg->met, "BYE")) {
        if (!pl_strcmp(&msg->met, "BYE")) {
            (void)sip_reply(line->sip, msg, 481, "Call/Transaction Does Not Exist");
        } else {
            (void)sip_treplyf(NULL, NULL, line->sip, msg, false, 405, "Method Not Allowed",
                              "%sContent-Length: 0\r\n\r\n", allow_hdr);
        }
        return true;
    }
    (void)sip_reply(line->sip, msg, 501, "Not Implemented");
    return true;
}

/* ---- REFER (line thread) ---- */

static void refer_notify_handler(struct sip *sip, const struct sip_msg *msg, void *arg)
{
    struct csip_call *call = arg;
    (void)sip_treply(NULL, sip, msg, 200, "OK");
    /* The body is a message/sipfrag: "SIP/2.0 200 OK". */
    struct pl ver, code;
    if (call->refer_reported || mbuf_get_left(msg->mb) == 0) return;
    if (re_regex((const char *)mbuf_buf(msg->mb), mbuf_get_left(msg->mb), "SIP/[0-9.]+ [0-9]+", &ver, &code)) return;
    uint32_t status = pl_u32(&code);
    if (status >= 200) {
        call->refer_reported = true;
        call->line->cb.on_refer(call->ctx, (int)status);
    }
}

static void refer_close_handler(int err, const struct sip_msg *msg, const struct sipevent_substate *substate, void *arg)
{
    struct csip_call *call = arg;
    (void)substate;
    call->refer = mem_deref(call->refer);
    if (!call->refer_reported) {
        call->refer_reported = true;
        int status = msg && !msg->req && msg->scode >= 300 ? msg->scode : (err ? 408 : 487);
        call->line->cb.on_refer(call->ctx, status);
    }
}

/* ---- control (line thread) ---- */

static void mq_handler(int id, void *data, void *arg)
{
    struct csip_line *line = arg;
    struct cmd *cmd = data;
    if (id == CMD_STOP) {
        struct le *le;
        while ((le = line->calls.head)) call_close(le->data, CSIP_END_STOPPED, 0);
        re_cancel();
        free(cmd);
        return;
    }
    struct csip_call *call = cmd->call;
    if (call->state != CALL_CLOSED) {
        switch (id) {
        case CMD_RING:
            if (call->state == CALL_OFFERED) (void)sipsess_progress(call->sess, 180, "Ringing", NULL, "%s", "");
            break;
        case CMD_ANSWER:
            if (call->state == CALL_OFFERED) {
                struct mbuf *sdp = NULL;
                int err = answer_sdp(call, &sdp);
                if (!err) err = sipsess_answer(call->sess, 200, "OK", sdp, "%s", allow_hdr);
                mem_deref(sdp);
                if (err) call_close(call, CSIP_END_ERROR, 500);
                else {
                    call->state = CALL_ANSWERED;
                    call->media_ready = !call->late_offer;   /* a late offer's media waits for the ACK's answer */
                }
            }
            break;
        case CMD_REJECT:
            if (call->state == CALL_OFFERED) {
                (void)sipsess_reject(call->sess, (uint16_t)cmd->status,
                                     cmd->status == 503 ? "Service Unavailable" : "Busy Here", "%s", "");
                call_close(call, CSIP_END_REJECTED, cmd->status);
            }
            break;
        case CMD_HANGUP:
            if (call->state == CALL_ANSWERED) call->hangup_pending = true;   /* after the queued frames */
            else call_close(call, CSIP_END_LOCAL, 0);
            break;
        case CMD_REFER:
            if (call->state == CALL_ANSWERED && !call->refer) {
                call->refer_reported = false;
                int err = sipevent_drefer(&call->refer, line->ev_sock, sipsess_dialog(call->sess), "ivr",
                                          NULL, NULL, false, refer_notify_handler, refer_close_handler, call,
                                          "Refer-To: <%s>\r\n", cmd->uri);
                if (err) line->cb.on_refer(call->ctx, 500);
            }
            break;
        default:
            break;
        }
    }
    call_unref(call);
    free(cmd);
}

/* ---- the thread ---- */

/// Sends one OPTIONS to the line itself, so the datagram guard is in place before any caller's packet.
static void send_probe(struct csip_line *line)
{
    struct sa dst = line->laddr;
    sa_set_port(&dst, line->port);
    if (sa_af(&dst) == AF_INET && sa_in(&dst) == 0) sa_set_str(&dst, "127.0.0.1", line->port);
    int fd = socket(sa_af(&dst), SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return;
    struct sa me;
    sa_init(&me, sa_af(&dst));
    if (bind(fd, &me.u.sa, me.len) == 0 && getsockname(fd, &me.u.sa, &me.len) == 0) {
        char host[64], buf[600];
        sa_ntop(&dst, host, sizeof(host));
        int n = re_snprintf(buf, sizeof(buf),
            "OPTIONS sip:probe@%J SIP/2.0\r\nVia: SIP/2.0/UDP %J;branch=z9hG4bK-ivr-probe-%u\r\n"
            "Max-Forwards: 70\r\nFrom: <sip:probe@%s>;tag=probe\r\nTo: <sip:probe@%s>\r\n"
            "Call-ID: ivr-probe-%u\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n",
            &dst, &me, rand_u32(), host, host, rand_u32());
        if (n > 0) (void)sendto(fd, buf, (size_t)n, 0, &dst.u.sa, dst.len);
    }
    close(fd);
}

static void started(struct csip_line *line, int state, const char *what, int err)
{
    pthread_mutex_lock(&line->start_lock);
    if (state < 0) set_err(line->start_err, sizeof(line->start_err), what, err);
    line->start_state = state;
    pthread_cond_signal(&line->start_cond);
    pthread_mutex_unlock(&line->start_lock);
}

static void *line_main(void *arg)
{
    struct csip_line *line = arg;
    /* The pacing loop runs under a real-time policy when allowed (root, or CAP_SYS_NICE), so that a busy machine
       does not delay the 20 ms sends; otherwise it stays an ordinary thread. Its work per tick is small. */
    struct sched_param sp = { .sched_priority = 20 };
    (void)pthread_setschedparam(pthread_self(), SCHED_FIFO, &sp);
    const char *what = "libre";
    int err = libre_init();
    if (!err) { what = "fd_setsize"; err = fd_setsize(line->cfg.max_fds); }
    if (!err) { what = "sip stack"; err = sip_alloc(&line->sip, NULL, 64, 64, 64, "ivr", NULL, NULL); }
    if (!err) {
        what = "listen address";
        err = sa_set_str(&line->laddr, line->cfg.listen_host, line->cfg.listen_port);
    }
    if (!err) { what = "SIP listen"; err = sip_transp_add(line->sip, SIP_TRANSP_UDP, &line->laddr); }
    if (!err) {
        struct sa bound;
        what = "SIP listen";
        err = sip_transp_laddr(line->sip, &bound, SIP_TRANSP_UDP, NULL);
        if (!err) line->port = sa_port(&bound);
    }
    if (!err) { what = "sessions"; err = sipsess_listen(&line->sess_sock, line->sip, 256, invite_handler, line); }
    if (!err) { what = "events"; err = sipevent_listen(&line->ev_sock, line->sip, 64, 64, NULL, NULL); }
    if (!err) { what = "requests"; err = sip_listen(&line->lsnr, line->sip, true, request_handler, line); }
    if (!err) { what = "control queue"; err = mqueue_alloc(&line->mq, mq_handler, line); }
    if (!err) { what = "pacing timer"; err = timer_start(line); }
    if (err) {
        started(line, -1, what, err);
    } else {
        send_probe(line);
        started(line, 1, NULL, 0);
        (void)re_main(NULL);
    }
    if (line->tfd >= 0) { fd_close(line->tfd); close(line->tfd); }
    struct le *le;
    while ((le = line->calls.head)) call_close(le->data, CSIP_END_STOPPED, 0);
    line->guard = mem_deref(line->guard);
    line->lsnr = mem_deref(line->lsnr);
    line->mq = mem_deref(line->mq);
    if (line->sip) sip_close(line->sip, false);
    line->ev_sock = mem_deref(line->ev_sock);
    line->sess_sock = mem_deref(line->sess_sock);
    line->sip = mem_deref(line->sip);
    libre_close();
    return NULL;
}

csip_line *csip_line_start(const csip_config *config, const csip_callbacks *callbacks, void *line_ctx,
                           char *err, size_t err_size)
{
    g711_init();
    struct csip_line *line = calloc(1, sizeof(*line));
    if (!line) { set_err(err, err_size, "memory", ENOMEM); return NULL; }
    line->cfg = *config;
    if (line->cfg.jitter_ms < 20) line->cfg.jitter_ms = 40;
    if (line->cfg.max_fds < 1024) line->cfg.max_fds = 1024;
    line->cb = *callbacks;
    line->ctx = line_ctx;
    line->tfd = -1;
    list_init(&line->calls);
    pthread_mutex_init(&line->start_lock, NULL);
    pthread_cond_init(&line->start_cond, NULL);
    int rc = pthread_create(&line->thread, NULL, line_main, line);
    if (rc) { set_err(err, err_size, "thread", rc); free(line); return NULL; }
    pthread_mutex_lock(&line->start_lock);
    while (line->start_state == 0) pthread_cond_wait(&line->start_cond, &line->start_lock);
    pthread_mutex_unlock(&line->start_lock);
    if (line->start_state < 0) {
        if (err && err_size) snprintf(err, err_size, "%s", line->start_err);
        pthread_join(line->thread, NULL);
        free(line);
        return NULL;
    }
    return line;
}

uint16_t csip_line_port(const csip_line *line) { return line->port; }

void csip_line_set_draining(csip_line *line, bool draining) { atomic_store(&line->draining, draining); }

void csip_line_stats_get(const csip_line *line, csip_line_stats *out)
{
    struct csip_line *l = (struct csip_line *)line;
    out->sip_malformed = atomic_load(&l->malformed);
    out->rtp_stray = atomic_load(&l->stray);
    out->rtp_received = atomic_load(&l->rx);
    out->rtp_lost = atomic_load(&l->lost);
    out->rtp_late = atomic_load(&l->late);
    out->tx_underruns = atomic_load(&l->underruns);
    out->ticks = atomic_load(&l->ticks);
    out->late_ticks = atomic_load(&l->late_ticks);
}

void csip_line_stop(csip_line *line)
{
    push(line, CMD_STOP, calloc(1, sizeof(struct cmd)));
    pthread_join(line->thread, NULL);
    pthread_mutex_destroy(&line->start_lock);
    pthread_cond_destroy(&line->start_cond);
    free(line);
}

void csip_call_ring(csip_call *call) { call_cmd(call, CMD_RING, 0, NULL); }
void csip_call_answer(csip_call *call) { call_cmd(call, CMD_ANSWER, 0, NULL); }
void csip_call_reject(csip_call *call, int status) { call_cmd(call, CMD_REJECT, status, NULL); }
void csip_call_hangup(csip_call *call) { call_cmd(call, CMD_HANGUP, 0, NULL); }
void csip_call_refer(csip_call *call, const char *uri) { call_cmd(call, CMD_REFER, 0, uri); }

bool csip_call_send_frame(csip_call *call, const int16_t *samples)
{
    uint8_t enc[CSIP_FRAME_SAMPLES];
    const uint8_t *table = g711_enc[call->alaw ? 1 : 0];
    for (int i = 0; i < CSIP_FRAME_SAMPLES; i++) enc[i] = table[(uint16_t)samples[i]];
    pthread_mutex_lock(&call->olock);
    bool ok = call->ocount < OUT_SLOTS;
    if (ok) {
        memcpy(call->oring[(call->ohead + call->ocount) % OUT_SLOTS], enc, sizeof(enc));
        call->ocount++;
    }
    pthread_mutex_unlock(&call->olock);
    return ok;
}

void csip_call_stats_get(csip_call *call, csip_call_stats *out)
{
    out->rtp_received = atomic_load(&call->rx);
    out->rtp_lost = atomic_load(&call->lost);
    out->rtp_late = atomic_load(&call->late);
    out->ssrc_changes = atomic_load(&call->ssrc_changes);
    out->events_received = atomic_load(&call->events);
    out->tx_packets = atomic_load(&call->tx);
    out->tx_underruns = atomic_load(&call->underruns);
}

void csip_call_release(csip_call *call) { call_unref(call); }
