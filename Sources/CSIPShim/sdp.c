// Reads the parts of an SDP offer (RFC 4566) an answering line needs; bounded, never trusts lengths.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "internal.h"

struct rtpmap { int pt; char name[32]; int rate; };

static size_t line_len(const char *p, const char *end)
{
    const char *q = p;
    while (q < end && *q != '\r' && *q != '\n') q++;
    return (size_t)(q - p);
}

static void copy_field(char *dst, size_t size, const char *src, size_t len)
{
    if (len >= size) len = size - 1;
    memcpy(dst, src, len);
    dst[len] = 0;
}

bool sdp_offer_parse(const char *body, size_t len, struct sdp_offer *o)
{
    memset(o, 0, sizeof(*o));
    o->codec_pt = -1;
    o->event_pt = -1;
    char session_addr[64] = "", media_addr[64] = "";
    int session_af = 4, media_af = 4;
    int pts[32], npts = 0;
    struct rtpmap maps[32];
    int nmaps = 0;
    bool in_audio = false, seen_audio = false;
    const char *p = body, *end = body + len;
    while (p < end) {
        size_t n = line_len(p, end);
        char line[512];
        copy_field(line, sizeof(line), p, n);
        p += n;
        while (p < end && (*p == '\r' || *p == '\n')) p++;
        if (strlen(line) < 2 || line[1] != '=') continue;
        char *v = line + 2;
        switch (line[0]) {
        case 'm':
            in_audio = false;
            if (!seen_audio && strncmp(v, "audio ", 6) == 0) {
                seen_audio = in_audio = true;
                char *save = NULL;
                strtok_r(v, " ", &save);                 /* audio */
                char *port = strtok_r(NULL, " ", &save);
                char *proto = strtok_r(NULL, " ", &save);
                if (!port || !proto) return false;
                long pn = strtol(port, NULL, 10);
                if (pn < 0 || pn > 65535) return false;
                o->port = (uint16_t)pn;
                for (char *t; (t = strtok_r(NULL, " ", &save)) && npts < 32;) {
                    char *e;
                    long pt = strtol(t, &e, 10);
                    if (*e == 0 && pt >= 0 && pt < 128) pts[npts++] = (int)pt;
                }
            }
            break;
        case 'c': {
            char nettype[8], addrtype[8], addr[64];
            if (sscanf(v, "%7s %7s %63s", nettype, addrtype, addr) == 3 && strcmp(nettype, "IN") == 0) {
                char *slash = strchr(addr, '/');
                if (slash) *slash = 0;
                int af = strcmp(addrtype, "IP6") == 0 ? 6 : 4;
                if (in_audio) { snprintf(media_addr, sizeof(media_addr), "%s", addr); media_af = af; }
                else if (!seen_audio) { snprintf(session_addr, sizeof(session_addr), "%s", addr); session_af = af; }
            }
            break;
        }
        case 'a':
            if (!in_audio) break;
            if (strncmp(v, "rtpmap:", 7) == 0 && nmaps < 32) {
                struct rtpmap *m = &maps[nmaps];
                char enc[64];
                if (sscanf(v + 7, "%d %63s", &m->pt, enc) == 2) {
                    char *slash = strchr(enc, '/');
                    m->rate = slash ? atoi(slash + 1) : 0;
                    if (slash) *slash = 0;
                    snprintf(m->name, sizeof(m->name), "%s", enc);
                    nmaps++;
                }
            } else if (strncmp(v, "ptime:", 6) == 0) {
                o->ptime = atoi(v + 6);
            }
            break;
        default:
            break;
        }
    }
    if (!seen_audio) return false;
    o->has_audio = true;
    const char *addr = media_addr[0] ? media_addr : session_addr;
    o->af = media_addr[0] ? media_af : session_af;
    if (!addr[0]) return false;
    snprintf(o->addr, sizeof(o->addr), "%s", addr);
    size_t used = 0;
    for (int i = 0; i < npts; i++) {
        int pt = pts[i];
        const char *name = pt == 0 ? "PCMU" : pt == 8 ? "PCMA" : NULL;
        int rate = 8000;
        for (int k = 0; k < nmaps; k++) {
            if (maps[k].pt == pt) { name = maps[k].name; rate = maps[k].rate; }
        }
        char item[48];
        snprintf(item, sizeof(item), "%s%s/%d", used ? " " : "", name ? name : "?", pt);
        size_t il = strlen(item);
        if (used + il < sizeof(o->offered)) { memcpy(o->offered + used, item, il + 1); used += il; }
        if (!name || rate != 8000) continue;
        if (o->codec_pt < 0 && (strcasecmp(name, "PCMU") == 0 || strcasecmp(name, "PCMA") == 0) && o->port != 0) {
            o->codec_pt = pt;
            o->codec_name = strcasecmp(name, "PCMU") == 0 ? "PCMU" : "PCMA";
        }
        if (o->event_pt < 0 && strcasecmp(name, "telephone-event") == 0) o->event_pt = pt;
    }
    return true;
}
