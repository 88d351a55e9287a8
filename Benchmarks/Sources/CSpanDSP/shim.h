// spandsp's umbrella header (Debian installs it under the multiarch include folder).
#include <spandsp.h>
