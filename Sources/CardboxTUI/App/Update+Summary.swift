// The summary after a session: undo, or any key back to the tree.
extension AppState {
    mutating func handleSummary(_ key: Key, _ summary: SummaryState) -> [Effect] {
        if KeyMap.summary.command(for: key) == .undo {
            if summary.session.canUndo { return undo(SessionState(session: summary.session)) }
            message = StatusMessage("Nothing to undo")
        }
        mode = .tree
        focus = .tree
        return []
    }
}
