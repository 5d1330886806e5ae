#ifndef CARDBOX_CCMARKGFM_SHIM_H
#define CARDBOX_CCMARKGFM_SHIM_H
#include <cmark-gfm.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm-core-extensions.h>

// The GFM extensions' node types are globals set when the extensions are registered. Swift 6 will not
// read a mutable C global from concurrent code, so they are read through these functions.
extern cmark_node_type CMARK_NODE_TABLE;
extern cmark_node_type CMARK_NODE_TABLE_ROW;
extern cmark_node_type CMARK_NODE_TABLE_CELL;
extern cmark_node_type CMARK_NODE_STRIKETHROUGH;

static inline cmark_node_type cardbox_node_table(void) { return CMARK_NODE_TABLE; }
static inline cmark_node_type cardbox_node_table_row(void) { return CMARK_NODE_TABLE_ROW; }
static inline cmark_node_type cardbox_node_table_cell(void) { return CMARK_NODE_TABLE_CELL; }
static inline cmark_node_type cardbox_node_strikethrough(void) { return CMARK_NODE_STRIKETHROUGH; }
#endif
