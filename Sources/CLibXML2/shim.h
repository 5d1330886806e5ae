#ifndef CARDBOX_CLIBXML2_SHIM_H
#define CARDBOX_CLIBXML2_SHIM_H
#include <libxml/xmlversion.h>
// Debian's libxml2 is built with ICU, and its encoding header then pulls in ICU's headers, which
// clash with the copy of ICU inside Foundation. Nothing here uses libxml2's ICU converters (only the
// parser and the tree, whose structures do not change), so ICU is left out of the headers.
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlmemory.h>

// xmlFree is a mutable global function pointer, which Swift 6 will not call from concurrent code.
static inline void cardbox_xml_free(void *pointer) { xmlFree(pointer); }
#endif
