/// What the screen shows below the minimum size: how big it is and how big it must be.
public enum TooSmallPane {
    /// The message, e.g. "Terminal too small (30×10) — need at least 40×12".
    public static func message(width: Int, height: Int, theme: Theme) -> String {
        let x = theme.glyphs.times
        return "Terminal too small (\(width)\(x)\(height)) \(theme.glyphs.dash) need at least "
            + "\(Layout.minWidth)\(x)\(Layout.minHeight)"
    }

    /// Draws the message wrapped and centred in a `width`×`height` screen.
    public static func render<S: Surface>(width: Int, height: Int, into surface: inout S, theme: Theme) {
        guard width > 0, height > 0 else { return }
        let lines = TextWrapper().wrap(plain: message(width: width, height: height, theme: theme), width: width)
            .map(\.plainText)
        let top = max(0, (height - lines.count) / 2)
        for (row, line) in lines.enumerated() where top + row < height {
            let x = max(0, (width - DisplayWidth.width(of: line)) / 2)
            surface.put(line, x: x, y: top + row, style: theme.style(.warning))
        }
    }
}
