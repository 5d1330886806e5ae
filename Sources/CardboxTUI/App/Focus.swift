/// The pane that has the keyboard focus; `Tab` moves it.
public enum Focus: Int, Hashable, Sendable, CaseIterable {
    case tree, card, answer

    /// The next pane in `Tab` order.
    public var next: Focus { Focus(rawValue: (rawValue + 1) % 3)! }
    /// The previous pane (`Shift-Tab`).
    public var previous: Focus { Focus(rawValue: (rawValue + 2) % 3)! }
}
