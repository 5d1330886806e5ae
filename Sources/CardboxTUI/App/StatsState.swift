import CardboxEngine

/// The statistics screen: the topic it is about (the tree's selection when it opened), that topic's
/// due forecast (made once on opening, so scrolling never counts cards) and the scroll offset.
public struct StatsState: Sendable {
    /// Topic node the forecast, boxes and table are about (0: the whole collection).
    public var scope: Int
    public var forecast: DueForecast
    /// First line shown.
    public var scroll = 0

    public init(scope: Int, forecast: DueForecast, scroll: Int = 0) {
        self.scope = scope
        self.forecast = forecast
        self.scroll = scroll
    }
}
