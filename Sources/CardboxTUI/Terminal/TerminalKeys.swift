import CNcurses

/// Maps what `get_wch` returns to a `Key` (or a resize).
enum TerminalKeys {
    /// One input event from the terminal.
    enum Event: Equatable {
        case key(Key)
        /// `KEY_RESIZE`: the terminal's new size.
        case resize(width: Int, height: Int)
    }

    /// A function key code (`get_wch` returned `KEY_CODE_YES`).
    static func functionKey(_ code: Int32) -> Event {
        switch code {
        case KEY_RESIZE: return .resize(width: Int(cardbox_cols()), height: Int(cardbox_lines()))
        case KEY_UP: return .key(.up)
        case KEY_DOWN: return .key(.down)
        case KEY_LEFT: return .key(.left)
        case KEY_RIGHT: return .key(.right)
        case KEY_PPAGE: return .key(.pageUp)
        case KEY_NPAGE: return .key(.pageDown)
        case KEY_HOME, KEY_A1: return .key(.home)
        case KEY_END, KEY_C1: return .key(.end)
        case KEY_BACKSPACE, KEY_DC: return .key(.backspace)
        case KEY_ENTER: return .key(.enter)
        case KEY_BTAB: return .key(.backTab)
        default: return .key(.unknown)
        }
    }

    /// A character (`get_wch` returned `OK`).
    static func character(_ value: UInt32) -> Key {
        switch value {
        case 10, 13: return .enter
        case 27: return .escape
        case 9: return .tab
        case 8, 127: return .backspace
        case 3: return .ctrlC
        case 32: return .space
        default:
            guard value >= 32, let scalar = Unicode.Scalar(value) else { return .unknown }
            return .char(Character(scalar))
        }
    }
}
