/* Moved to lib/util/pcap_writer.h (the torture runner writes captures too). */
#include "util/pcap_writer.h"
