#ifndef CSAMPLERATE_SHIM_H
#define CSAMPLERATE_SHIM_H
/// libsamplerate, imported whole. Only the AudioIO module imports this.
#include <samplerate.h>
#endif
