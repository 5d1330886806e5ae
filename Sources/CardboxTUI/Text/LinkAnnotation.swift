import CardboxEngine

/// Shows where links point and what images are, since a terminal cannot follow or draw them itself:
/// a link's text is followed by its address, dim, unless the text already is the address; an image
/// becomes `[image: alt — path]`.
enum LinkAnnotation {
    static func annotated(_ spans: [TextSpan], dash: String) -> [TextSpan] {
        guard spans.contains(where: { $0.url != nil }) else { return spans }
        var out: [TextSpan] = []
        var index = 0
        while index < spans.count {
            let span = spans[index]
            guard let url = span.url, span.style.contains(.link) || span.style.contains(.image) else {
                out.append(span)
                index += 1
                continue
            }
            // The run of spans of one link or image (its text may mix styles).
            var end = index + 1
            while end < spans.count, spans[end].url == url,
                spans[end].style.contains(.image) == span.style.contains(.image)
            {
                end += 1
            }
            let run = spans[index..<end]
            let text = run.map(\.text).joined()
            if span.style.contains(.image) {
                let alt = text.isEmpty ? "" : text + " \(dash) "
                out.append(TextSpan("[image: \(alt)\(url)]", style: [.image, .annotation], url: url))
            } else {
                out.append(contentsOf: run)
                let shownAddress = url.hasPrefix("mailto:") ? String(url.dropFirst(7)) : url
                if !url.isEmpty, text != url, text != shownAddress, "http://" + text != url {
                    out.append(TextSpan(" <\(url)>", style: .annotation, url: url))
                }
            }
            index = end
        }
        return out
    }
}
