#ifndef CARDBOX_CCMARK_SHIM_H
#define CARDBOX_CCMARK_SHIM_H
#include <cmark.h>
#endif
