import CardboxEngine

/// Decides how the UI looks: which glyphs it draws with and the style of each semantic role,
/// in colour or as a monochrome fallback that stays readable with attributes alone.
public struct Theme: Hashable, Sendable {
    /// What a piece of the screen means; the theme maps it to a `CellStyle`.
    public enum Role: Hashable, Sendable, CaseIterable {
        case text, muted, heading, border, borderFocused, title, titleFocused
        case selection, selectionInactive, header
        case due, missed, new, good, accent
        case code, gap, link, emphasis, strong, match
        case error, warning, info
        case statusBar, statusMode, statusKey, statusLabel
        case barFull, barEmpty
    }

    public var glyphs: Glyphs
    public var usesColor: Bool

    public init(glyphs: Glyphs, usesColor: Bool) {
        self.glyphs = glyphs
        self.usesColor = usesColor
    }

    /// UTF-8 glyphs; colour as asked.
    public static func unicode(color: Bool = true) -> Theme { Theme(glyphs: .unicode, usesColor: color) }
    /// ASCII glyphs; colour as asked.
    public static func ascii(color: Bool = false) -> Theme { Theme(glyphs: .ascii, usesColor: color) }

    /// The style of `role`.
    public func style(_ role: Role) -> CellStyle {
        usesColor ? Self.colorStyle(role) : Self.monochromeStyle(role)
    }

    /// The style for inline text attributes of card text, on top of `base`.
    public func style(for textStyle: CardTextStyle, base: CellStyle = .plain) -> CellStyle {
        var result = base
        if textStyle.contains(.bold) { result = result.merged(with: style(.strong)) }
        if textStyle.contains(.emphasis) { result = result.merged(with: style(.emphasis)) }
        if textStyle.contains(.code) { result = result.merged(with: style(.code)) }
        if textStyle.contains(.link) { result = result.merged(with: style(.link)) }
        if textStyle.contains(.gap) { result = result.merged(with: style(.gap)) }
        if textStyle.contains(.annotation) { result = result.merged(with: style(.muted)) }
        return result
    }

    private static func colorStyle(_ role: Role) -> CellStyle {
        switch role {
        case .text: CellStyle()
        case .muted: CellStyle(dim: true)
        case .heading: CellStyle(foreground: .cyan, bold: true)
        case .border: CellStyle(dim: true)
        case .borderFocused: CellStyle(foreground: .green, bold: true)
        case .title: CellStyle(bold: true)
        case .titleFocused: CellStyle(foreground: .green, bold: true)
        case .selection: CellStyle(foreground: .black, background: .cyan, bold: true)
        case .selectionInactive: CellStyle(bold: true, reverse: true, dim: true)
        case .header: CellStyle(underline: true, dim: true)
        case .due: CellStyle(foreground: .yellow, bold: true)
        case .missed: CellStyle(foreground: .red, bold: true)
        case .new: CellStyle(foreground: .cyan)
        case .good: CellStyle(foreground: .green, bold: true)
        case .accent: CellStyle(foreground: .magenta, bold: true)
        case .code: CellStyle(foreground: .cyan)
        case .gap: CellStyle(foreground: .black, background: .yellow, bold: true)
        case .link: CellStyle(foreground: .blue, underline: true)
        case .emphasis: CellStyle(underline: true)
        case .strong: CellStyle(bold: true)
        case .match: CellStyle(foreground: .yellow, bold: true, underline: true)
        case .error: CellStyle(foreground: .red, bold: true)
        case .warning: CellStyle(foreground: .yellow)
        case .info: CellStyle(foreground: .green)
        case .statusBar: CellStyle()
        case .statusMode: CellStyle(foreground: .black, background: .green, bold: true)
        case .statusKey: CellStyle(foreground: .yellow, bold: true)
        case .statusLabel: CellStyle()
        case .barFull: CellStyle(foreground: .green)
        case .barEmpty: CellStyle(dim: true)
        }
    }

    private static func monochromeStyle(_ role: Role) -> CellStyle {
        switch role {
        case .text, .statusBar, .statusLabel, .new, .info, .barFull: CellStyle()
        case .muted, .border, .barEmpty: CellStyle(dim: true)
        case .heading, .title, .strong, .due, .accent, .statusKey, .good, .code: CellStyle(bold: true)
        case .borderFocused, .titleFocused: CellStyle(bold: true)
        case .selection, .gap, .statusMode: CellStyle(bold: true, reverse: true)
        case .selectionInactive: CellStyle(reverse: true)
        case .header, .emphasis, .link: CellStyle(underline: true)
        case .missed, .match, .warning: CellStyle(bold: true, underline: true)
        case .error: CellStyle(bold: true, reverse: true)
        }
    }
}

/// The engine's inline text attributes, as the theme sees them.
public typealias CardTextStyle = CardboxEngine.TextStyle
