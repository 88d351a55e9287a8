#ifndef CSNDFILE_SHIM_H
#define CSNDFILE_SHIM_H
/// libsndfile, imported whole. Only the AudioIO module imports this.
#include <sndfile.h>
#endif
