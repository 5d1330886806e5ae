/// The program that opens a link or a file in the desktop's own application: `open` on macOS,
/// `xdg-open` where a display is available ($DISPLAY or $WAYLAND_DISPLAY); elsewhere none, with the
/// reason, since in a console or over ssh without forwarding nothing could show it.
public enum Opener {
    /// The command that opens `target`, or why nothing can.
    public static func command(
        for target: String, environment: [String: String], isMacOS: Bool = Opener.isMacOS
    ) -> Result<[String], OpenRefusal> {
        if isMacOS { return .success(["open", target]) }
        let display = ["DISPLAY", "WAYLAND_DISPLAY"].contains { !(environment[$0] ?? "").isEmpty }
        guard display else {
            return .failure(
                OpenRefusal("No display to open it on ($DISPLAY and $WAYLAND_DISPLAY are unset): \(target)"))
        }
        return .success(["xdg-open", target])
    }

    /// True when built for macOS.
    public static var isMacOS: Bool {
        #if os(macOS)
        true
        #else
        false
        #endif
    }
}
