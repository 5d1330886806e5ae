import CCmarkGFM
import Foundation

/// Renders deck Markdown to HTML for Anki with cmark-gfm's HTML renderer (tables, strikethrough and
/// autolinks on, raw HTML left out as the app leaves it out), pointing images at media files.
enum MarkdownToHTML {
    nonisolated(unsafe) private static let extensions: [OpaquePointer] = {
        cmark_gfm_core_extensions_ensure_registered()
        return ["table", "strikethrough", "autolink"].compactMap { name in
            name.withCString { cmark_find_syntax_extension($0) }
        }
    }()

    /// The HTML of `markdown`; `image` maps each image address to the name it gets in the package
    /// (nil keeps the address).
    static func render(_ markdown: String, image: (String) -> String?) -> String {
        let options = CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE
        guard let parser = cmark_parser_new(options) else { return "" }
        defer { cmark_parser_free(parser) }
        var list: UnsafeMutablePointer<cmark_llist>?
        for pointer in extensions {
            cmark_parser_attach_syntax_extension(parser, pointer)
        }
        list = cmark_parser_get_syntax_extensions(parser)
        markdown.withCString { cmark_parser_feed(parser, $0, strlen($0)) }
        guard let root = cmark_parser_finish(parser) else { return "" }
        defer { cmark_node_free(root) }
        if let iterator = cmark_iter_new(root) {
            defer { cmark_iter_free(iterator) }
            while cmark_iter_next(iterator) != CMARK_EVENT_DONE {
                let node = cmark_iter_get_node(iterator)
                guard cmark_iter_get_event_type(iterator) == CMARK_EVENT_ENTER,
                    cmark_node_get_type(node) == CMARK_NODE_IMAGE, let url = cmark_node_get_url(node)
                else { continue }
                if let name = image(String(cString: url)) {
                    _ = name.withCString { cmark_node_set_url(node, $0) }
                }
            }
        }
        guard let html = cmark_render_html(root, options, list) else { return "" }
        defer { free(html) }
        return unwrapped(String(cString: html).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// A side of one paragraph is shown in Anki without the paragraph's margins.
    static func unwrapped(_ html: String) -> String {
        guard html.hasPrefix("<p>"), html.hasSuffix("</p>") else { return html }
        let inner = html.dropFirst(3).dropLast(4)
        return inner.contains("<p>") || inner.contains("</p>") ? html : String(inner)
    }
}
