import CNcurses
import CardboxEngine
import Foundation

/// The ncursesw screen: set-up and tear-down, colour pairs, flushing only the cells that changed
/// since the last frame, and reading keys.
final class TerminalScreen {
    /// Why the terminal could not be opened.
    enum OpenError: Error, CustomStringConvertible {
        case notATerminal
        case unknownTerminal(String)
        /// A terminal type without cursor addressing (`TERM=dumb`): nothing full-screen can be drawn.
        case noCursorAddressing(String)

        var description: String {
            switch self {
            case .notATerminal:
                "cardbox: the full-screen mode needs a terminal; use `cardbox check` or `cardbox stats` instead"
            case .unknownTerminal(let name):
                "cardbox: unknown terminal type '\(name)'; set TERM, e.g. TERM=xterm-256color"
            case .noCursorAddressing(let name):
                "cardbox: the terminal type '\(name)' cannot move the cursor, which the full-screen app needs; set TERM, e.g. TERM=xterm-256color, or use cardbox check or cardbox stats"
            }
        }
    }

    let theme: Theme
    /// Whether linked cells are sent as OSC 8 hyperlinks (`Hyperlink.enabled`).
    let hyperlinks = Hyperlink.enabled(environment: ProcessEnvironment.current)
    private let screen: OpaquePointer
    private var previous: MemorySurface?
    private var pairs: [Int32: Int16] = [:]
    /// The last character above U+007F found one column wide (borders repeat one character).
    private var lastOneColumn: UInt32 = 0
    private let maxPairs: Int
    private var closed = false

    private init(screen: OpaquePointer, theme: Theme) {
        self.screen = screen
        self.theme = theme
        self.maxPairs = theme.usesColor ? Int(cardbox_color_pairs()) : 0
    }

    /// True when standard input and output are both a terminal, which the full-screen app needs.
    static var standardStreamsAreTerminal: Bool { isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 }

    /// Sets the locale, checks the terminal and starts curses mode.
    static func open() throws -> TerminalScreen {
        setlocale(LC_ALL, "")
        guard standardStreamsAreTerminal else { throw OpenError.notATerminal }
        try checkTerminalType()
        let name = ProcessEnvironment.current["TERM"] ?? ""
        SignalMonitor.saveTerminalModes()
        guard let screen = cardbox_newterm(name) else { throw OpenError.unknownTerminal(name) }
        let window = cardbox_stdscr()
        cbreak()
        noecho()
        nonl()
        keypad(window, true)
        set_escdelay(25)
        curs_set(0)
        leaveok(window, true)
        // Wake up regularly so signals and the clock are noticed without a key press.
        wtimeout(window, 250)
        SignalMonitor.armTerminalRestore()

        let noColor = ProcessEnvironment.current["NO_COLOR"].map { !$0.isEmpty } ?? false
        var color = false
        if has_colors(), !noColor, start_color() == OK {
            color = true
            _ = use_default_colors()
        }
        let glyphs: Glyphs = cardbox_is_utf8_locale() == 1 ? .unicode : .ascii
        return TerminalScreen(screen: screen, theme: Theme(glyphs: glyphs, usesColor: color))
    }

    /// Refuses a `TERM` without a terminfo entry or without cursor addressing.
    static func checkTerminalType() throws {
        let name = ProcessEnvironment.current["TERM"] ?? ""
        guard !name.isEmpty else { throw OpenError.unknownTerminal(name) }
        switch cardbox_terminal_known(name) {
        case 1: return
        case 2: throw OpenError.noCursorAddressing(name)
        default: throw OpenError.unknownTerminal(name)
        }
    }

    var width: Int { Int(cardbox_cols()) }
    var height: Int { Int(cardbox_lines()) }

    /// Writes the cells of `frame` that differ from the last frame, then refreshes.
    func flush(_ frame: MemorySurface) {
        let full = previous.map { $0.width != frame.width || $0.height != frame.height } ?? true
        if full { werase(cardbox_stdscr()) }
        let rows = min(frame.height, height)
        let columns = min(frame.width, width)
        // A character that is one column wide alone and for the C library (printable ASCII, most of a
        // frame, and the borders' lines) is drawn in runs of one style with one call; any other cell
        // alone, as it always was.
        var run: [wchar_t] = []
        run.reserveCapacity(columns + 1)
        var runStart = 0
        var runStyle: UInt16 = 0
        for y in 0..<rows {
            for x in 0..<columns {
                let info = frame.drawingInfo(x: x, y: y)
                if info.width == 0 { continue }
                if !full, let previous, previous.sameCell(x: x, y: y, in: frame),
                    info.width == 1 || (x + 1 < columns && previous.sameCell(x: x + 1, y: y, in: frame))
                {
                    continue
                }
                if info.scalar != 0, drawsAlone(info.scalar) {
                    if !run.isEmpty, runStyle != info.style || runStart + run.count != x {
                        drawRun(&run, x: runStart, y: y, style: runStyle)
                    }
                    if run.isEmpty {
                        runStart = x
                        runStyle = info.style
                    }
                    run.append(wchar_t(bitPattern: info.scalar))
                    continue
                }
                drawRun(&run, x: runStart, y: y, style: runStyle)
                draw(frame.cell(x: x, y: y), x: x, y: y, lastColumn: columns - 1, lastRow: rows - 1)
            }
            drawRun(&run, x: runStart, y: y, style: runStyle)
        }
        wrefresh(cardbox_stdscr())
        if hyperlinks { writeHyperlinks(frame) }
        previous = frame
    }

    /// Forgets the last frame so the next flush redraws everything (after resize or resume).
    func invalidate() {
        previous = nil
        clearok(cardbox_stdscr(), true)
    }

    /// Whether `scalar`, alone in a one-column cell, is drawn as it is: printable ASCII, or a character
    /// the C library prints one column wide (never outside a UTF-8 locale). `drawn` would draw such a
    /// cell unchanged, so it can go in a run.
    private func drawsAlone(_ scalar: UInt32) -> Bool {
        if scalar <= 0x7E { return true }
        guard scalar >= 0xA0 else { return false }
        if scalar == lastOneColumn { return true }
        guard cardbox_wcwidth(wchar_t(bitPattern: scalar)) == 1 else { return false }
        lastOneColumn = scalar
        return true
    }

    /// Draws the characters of `run` (each one column wide, see `drawsAlone`), from column `x` of
    /// row `y`, in one style; empties it.
    private func drawRun(_ run: inout [wchar_t], x: Int, y: Int, style bits: UInt16) {
        guard !run.isEmpty else { return }
        let style = MemorySurface.style(bits)
        let attrs = cardbox_attrs(style.bold ? 1 : 0, style.underline ? 1 : 0, style.reverse ? 1 : 0, style.dim ? 1 : 0)
        // The bottom-right cell reports an error (the cursor cannot advance) but is drawn.
        _ = cardbox_put_run(Int32(y), Int32(x), run, Int32(run.count), attrs, colorPair(style))
        run.removeAll(keepingCapacity: true)
    }

    private func draw(_ cell: Cell, x: Int, y: Int, lastColumn: Int, lastRow: Int) {
        let (scalars, extraSpace) = drawn(cell)
        let style = cell.style
        let attrs = cardbox_attrs(style.bold ? 1 : 0, style.underline ? 1 : 0, style.reverse ? 1 : 0, style.dim ? 1 : 0)
        let pair = colorPair(style)
        // The bottom-right cell reports an error (the cursor cannot advance) but is drawn.
        _ = cardbox_put_cell(Int32(y), Int32(x), scalars, attrs, pair)
        if extraSpace, x + 1 <= lastColumn {
            _ = cardbox_put_cell(Int32(y), Int32(x + 1), [wchar_t(32), 0], attrs, pair)
        }
    }

    /// What is drawn for `cell`: its characters (zero-terminated) and whether a space pads it to two cells.
    private func drawn(_ cell: Cell) -> (scalars: [wchar_t], extraSpace: Bool) {
        // Printable ASCII in a one-column cell, most of a frame, is drawn as it is: the checks below
        // would find it drawable, one column wide in every locale, and alone in its cell.
        if cell.width == 1, cell.text.utf8.count == 1, let byte = cell.text.utf8.first, (0x20...0x7E).contains(byte) {
            return ([wchar_t(byte), 0], false)
        }
        // One spacing character and its marks: a joined emoji sequence is drawn as its first emoji,
        // padded to the cell's width, so no terminal draws a lone joiner or shifts what follows.
        var scalars = TerminalCluster.drawable(cell.text).map { wchar_t(bitPattern: $0.value) }
        let libcWidth = scalars.first.map { Int(cardbox_wcwidth($0)) } ?? 1
        var extraSpace = false
        if scalars.isEmpty || libcWidth < 0 || (cell.width == 1 && libcWidth > 1) {
            // The C library cannot print it (e.g. outside a UTF-8 locale): an ASCII stand-in.
            let stand = TerminalCluster.ascii(cell.text).unicodeScalars.first?.value ?? 63
            scalars = [wchar_t(bitPattern: stand)]
            extraSpace = cell.width == 2
        } else if cell.width == 2 && libcWidth < 2 {
            extraSpace = true
        }
        scalars.append(0)
        if cardbox_cell_fits(scalars) == 0 {
            // Marks curses will not take with this character: draw the character alone.
            scalars = [scalars[0], 0]
        }
        return (scalars, extraSpace)
    }

    /// Writes the frame's linked cells again as OSC 8 hyperlinks (see `HyperlinkOverlay`), then tells
    /// curses where that left the cursor and the attributes.
    private func writeHyperlinks(_ frame: MemorySurface) {
        let bytes = HyperlinkOverlay.bytes(frame, color: theme.usesColor) { cell in
            let (scalars, extraSpace) = drawn(cell)
            var text = ""
            for value in scalars.dropLast() {
                guard let scalar = Unicode.Scalar(UInt32(bitPattern: value)) else { return nil }
                text.unicodeScalars.append(scalar)
            }
            return text + (extraSpace ? " " : "")
        }
        guard !bytes.isEmpty else { return }
        // Curses has flushed its own output at the end of the refresh.
        let data = Array((bytes + "\u{1B}[H").utf8)
        var written = 0
        while written < data.count {
            let count = data[written...].withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            if count <= 0 { break }
            written += count
        }
        cardbox_after_direct_output()
    }

    private func colorPair(_ style: CellStyle) -> Int16 {
        guard theme.usesColor, style.foreground != .default || style.background != .default else { return 0 }
        let key = Int32(style.foreground.rawValue + 1) * 16 + Int32(style.background.rawValue + 1)
        if let pair = pairs[key] { return pair }
        let next = pairs.count + 1
        guard next < maxPairs, next <= Int(Int16.max) else { return 0 }
        init_pair(Int16(next), Int16(style.foreground.rawValue), Int16(style.background.rawValue))
        pairs[key] = Int16(next)
        return Int16(next)
    }

    /// Waits up to the read timeout for a key or a resize; nil on timeout or interruption.
    func readEvent() -> TerminalKeys.Event? {
        var value: wint_t = 0
        let result = cardbox_get_wch(&value)
        if result == KEY_CODE_YES { return TerminalKeys.functionKey(Int32(bitPattern: value)) }
        if result == OK { return .key(TerminalKeys.character(UInt32(value))) }
        return nil
    }

    /// Leaves curses mode for a Ctrl-Z stop, then comes back and redraws everything.
    func suspend(stop: () -> Void) {
        endwin()
        stop()
        wrefresh(cardbox_stdscr())
        invalidate()
    }

    /// Leaves curses mode so that another program (the editor) can use the terminal, runs `body`,
    /// then takes the terminal back and redraws everything.
    func handOver<T>(_ body: () -> T) -> T {
        endwin()
        SignalMonitor.disarmTerminalRestore()
        SignalMonitor.pauseInterrupts()
        let result = body()
        SignalMonitor.resumeInterrupts()
        SignalMonitor.armTerminalRestore()
        wrefresh(cardbox_stdscr())
        invalidate()
        return result
    }

    /// Restores the terminal. Safe to call twice.
    func close() {
        guard !closed else { return }
        closed = true
        endwin()
        SignalMonitor.disarmTerminalRestore()
        delscreen(screen)
    }
}
