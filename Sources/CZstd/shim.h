#ifndef CARDBOX_CZSTD_SHIM_H
#define CARDBOX_CZSTD_SHIM_H
#include <zstd.h>
#endif
