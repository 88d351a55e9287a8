// G.711 µ-law and A-law (ITU-T G.711), written from the standard's segment tables.
#include <pthread.h>
#include "internal.h"

uint8_t g711_enc[2][65536];
int16_t g711_dec[2][256];
static pthread_once_t g711_once = PTHREAD_ONCE_INIT;

static void g711_build(void)
{
    for (int i = 0; i < 65536; i++) {
        int16_t s = (int16_t)(uint16_t)i;
        g711_enc[0][i] = csip_ulaw_encode(s);
        g711_enc[1][i] = csip_alaw_encode(s);
    }
    for (int i = 0; i < 256; i++) {
        g711_dec[0][i] = csip_ulaw_decode((uint8_t)i);
        g711_dec[1][i] = csip_alaw_decode((uint8_t)i);
    }
}

void g711_init(void) { pthread_once(&g711_once, g711_build); }

uint8_t csip_ulaw_encode(int16_t sample)
{
    const int bias = 0x84, clip = 32635;
    int s = sample;
    int sign = (s >> 8) & 0x80;
    if (sign) s = -s;
    if (s > clip) s = clip;
    s += bias;
    int exponent = 7;
    for (int mask = 0x4000; (s & mask) == 0 && exponent > 0; mask >>= 1) exponent--;
    int mantissa = (s >> (exponent + 3)) & 0x0F;
    return (uint8_t)~(sign | (exponent << 4) | mantissa);
}

int16_t csip_ulaw_decode(uint8_t u)
{
    u = (uint8_t)~u;
    int sign = u & 0x80, exponent = (u >> 4) & 0x07, mantissa = u & 0x0F;
    int s = ((mantissa << 3) + 0x84) << exponent;
    s -= 0x84;
    return (int16_t)(sign ? -s : s);
}

uint8_t csip_alaw_encode(int16_t sample)
{
    int s = sample >> 3;            /* 13-bit magnitude */
    int mask;
    if (s >= 0) { mask = 0xD5; } else { mask = 0x55; s = -s - 1; }
    if (s > 0xFFF) s = 0xFFF;
    int seg = 0;
    for (int v = s >> 5; v > 0 && seg < 7; v >>= 1) seg++;
    int aval = seg << 4;
    aval |= (seg < 1) ? ((s >> 1) & 0x0F) : ((s >> seg) & 0x0F);
    return (uint8_t)(aval ^ mask);
}

int16_t csip_alaw_decode(uint8_t a)
{
    a ^= 0x55;
    int t = (a & 0x0F) << 4;
    int seg = (a & 0x70) >> 4;
    switch (seg) {
    case 0: t += 8; break;
    case 1: t += 0x108; break;
    default: t += 0x108; t <<= seg - 1; break;
    }
    return (int16_t)((a & 0x80) ? t : -t);
}
