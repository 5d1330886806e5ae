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

// No library is linked: cardbox opens libxml2 with dlopen when it reads an Anki package
// (CardboxAnki's LibXML2), so these headers give only the types and the tree's layout.
#endif
