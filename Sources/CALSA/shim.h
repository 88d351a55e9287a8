#ifndef CALSA_SHIM_H
#define CALSA_SHIM_H
/// ALSA's PCM API. Only the AudioIO module imports this.
#include <alsa/asoundlib.h>

/// A no-op error handler: ALSA's handler type is variadic, which Swift cannot implement,
/// so it lives here. ALSA otherwise prints its own messages to stderr next to ours.
static void CALSA_quiet_error_handler(const char *file, int line, const char *function, int err,
                                      const char *fmt, ...) {
    (void)file; (void)line; (void)function; (void)err; (void)fmt;
}

/// Silences ALSA's library messages; the caller reports every error itself, with the device name.
static inline int CALSA_silence_library_errors(void) {
    return snd_lib_error_set_handler(CALSA_quiet_error_handler);
}

/// `-EPIPE`, `-ESTRPIPE`, `-EINTR`, `-EAGAIN` as plain ints: Swift sees the errno macros but not their negation in ALSA's terms.
static inline int CALSA_EPIPE(void) { return EPIPE; }
static inline int CALSA_ESTRPIPE(void) { return ESTRPIPE; }
static inline int CALSA_EINTR(void) { return EINTR; }
static inline int CALSA_EAGAIN(void) { return EAGAIN; }
#endif
