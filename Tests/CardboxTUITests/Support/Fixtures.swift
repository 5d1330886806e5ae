import CardboxEngine
import CardboxTUI
import CardboxTestSupport
import Foundation

/// A topic to build a test collection from: its own cards, then its sub-topics.
struct TopicSpec {
    var title: String
    var cards: [CardSpec] = []
    var children: [TopicSpec] = []
}

/// A card to build a test collection from.
struct CardSpec {
    var question: StyledText
    var answer: StyledText
    var kind: Card.Kind = .basic

    static func basic(_ question: String, _ answer: String) -> CardSpec {
        CardSpec(question: StyledText(plain: question), answer: StyledText(plain: answer))
    }

    /// A cloze: `before [gap] after`, one gap.
    static func cloze(_ before: String, gap: String, _ after: String) -> CardSpec {
        CardSpec(
            question: StyledText([
                TextBlock(.paragraph, [TextSpan(before), TextSpan("[...]", style: .gap), TextSpan(after)])
            ]),
            answer: StyledText([TextBlock(.paragraph, [TextSpan(before), TextSpan(gap, style: .gap), TextSpan(after)])]
            ),
            kind: .cloze(gap: 0, gapCount: 1))
    }
}

/// Test collections, a fixed clock (Wed 15 Jan 2025 10:00 UTC) and a UTC scheduler, so screens are deterministic.
enum Fixtures {
    static let utc = FixedClock.utc
    /// 2025-01-15T10:00:00Z, a Wednesday.
    static let now = Date(timeIntervalSince1970: 1_736_935_200)
    static let scheduler = LeitnerScheduler(config: .standard(timeZone: utc))

    static func hours(_ h: Double) -> TimeInterval { h * 3600 }

    /// Builds a collection with decks in order; cards are stored in tree order.
    static func collection(_ decks: [(String, [TopicSpec])]) -> CardCollection {
        var nodes = [TopicNode(id: 0, kind: .collection, title: "All decks", depth: 0, parent: nil)]
        var cards: [Card] = []
        func add(_ spec: TopicSpec, kind: TopicNode.Kind, depth: Int, parent: Int, deck: String) -> Int {
            let id = nodes.count
            nodes.append(TopicNode(id: id, kind: kind, title: spec.title, depth: depth, parent: parent))
            nodes[parent].children.append(id)
            let start = cards.count
            for (i, card) in spec.cards.enumerated() {
                let plain = card.question.plainText
                cards.append(
                    Card(
                        key: "\(spec.title)-\(i)-\(plain.prefix(12))", deck: deck, topic: id, kind: card.kind,
                        question: card.question, answer: card.answer, normalizedQuestion: plain.lowercased(),
                        source: SourceLocation(path: "\(deck).md", line: cards.count + 1)))
            }
            for child in spec.children {
                _ = add(child, kind: .heading, depth: depth + 1, parent: id, deck: deck)
            }
            nodes[id].cardRange = start..<cards.count
            return id
        }
        for (title, topics) in decks {
            _ = add(TopicSpec(title: title, children: topics), kind: .deck, depth: 1, parent: 0, deck: title)
        }
        nodes[0].cardRange = 0..<cards.count
        return CardCollection(nodes: nodes, cards: cards, diagnostics: [], fileCount: decks.count)
    }

    /// Two decks: AWS ML (with nested topics, a cloze and lists) and Languages (CJK and emoji).
    static let sample: CardCollection = collection([
        (
            "AWS ML Specialty",
            [
                TopicSpec(
                    title: "Deployment",
                    cards: [
                        .basic(
                            "How many containers can one SageMaker inference pipeline chain?",
                            "Two to fifteen, run as a linear sequence."),
                        CardSpec(
                            question: StyledText([
                                TextBlock(
                                    .paragraph,
                                    [
                                        TextSpan("Which SageMaker feature runs "), TextSpan("batch", style: .bold),
                                        TextSpan(" predictions over a whole dataset in S3?"),
                                    ])
                            ]),
                            answer: StyledText([
                                TextBlock(
                                    .paragraph,
                                    [
                                        TextSpan("Batch Transform", style: .emphasis), TextSpan("; start it with "),
                                        TextSpan("CreateTransformJob", style: .code), TextSpan("."),
                                    ])
                            ])),
                    ],
                    children: [
                        TopicSpec(
                            title: "Inference pipelines",
                            cards: [
                                .cloze(
                                    "Within an inference pipeline each invocation is handled as a sequence of ",
                                    gap: "HTTP",
                                    " requests.")
                            ])
                    ]),
                TopicSpec(
                    title: "Security",
                    cards: [
                        CardSpec(
                            question: StyledText(plain: "What encrypts SageMaker notebook volumes?"),
                            answer: StyledText([
                                TextBlock(.paragraph, [TextSpan("AWS KMS", style: .bold), TextSpan(" keys:")]),
                                TextBlock(
                                    .listItem(depth: 0, marker: "•"), [TextSpan("chosen when the instance is created")]),
                                TextBlock(.listItem(depth: 0, marker: "•"), [TextSpan("default: an AWS managed key")]),
                            ])),
                        .basic(
                            "Name two ways to keep training traffic private.",
                            "Run the job in a VPC and enable inter-container traffic encryption."),
                    ]),
            ]
        ),
        (
            "Languages",
            [
                TopicSpec(
                    title: "日本語 Japanese",
                    cards: [
                        .basic("What does 猫 mean?", "Cat 🐈 — ねこ (neko)."),
                        .basic("Translate: 東京タワーはどこですか？", "Where is Tokyo Tower? 🗼"),
                    ]),
                TopicSpec(
                    title: "Emoji",
                    cards: [
                        .basic("What does 👍 mean?", "Thumbs up: approval.")
                    ]),
            ]
        ),
    ])

    /// One deck "Big" with `count` topics of one card each (for scrolling).
    static func manyTopics(_ count: Int) -> CardCollection {
        collection([
            (
                "Big",
                (1...count).map { TopicSpec(title: "Topic \($0)", cards: [.basic("Question \($0)?", "Answer \($0).")]) }
            )
        ])
    }

    /// Progress for `sample`: card 0 due in box 2, card 1 missed (box 1, due), card 3 in box 4 (not due).
    static var sampleStates: [CardState?] {
        var states = [CardState?](repeating: nil, count: sample.cards.count)
        states[0] = CardState(box: 2, lastReview: now - hours(72), missed: false, firstReview: now - hours(200))
        states[1] = CardState(box: 1, lastReview: now - hours(25), missed: true, firstReview: now - hours(200))
        states[3] = CardState(box: 4, lastReview: now - hours(24), missed: false, firstReview: now - hours(200))
        return states
    }

    static func state(
        _ collection: CardCollection = sample, states: [CardState?]? = nil, width: Int = 80, height: Int = 24,
        warnings: [String] = []
    ) -> AppState {
        AppState(
            collection: collection,
            states: states ?? (collection.cards.count == sample.cards.count ? sampleStates : []),
            scheduler: scheduler, now: now, width: width, height: height, warnings: warnings)
    }

    static func context(_ collection: CardCollection = sample, states: [CardState?]? = nil) -> AppContext {
        let fixed = now
        return AppContext(collection: collection, states: states ?? sampleStates, scheduler: scheduler, now: { fixed })
    }
}

extension AppState {
    /// Presses the keys of `script`, drawing a frame before each key and after the last, as the app does.
    @discardableResult
    mutating func press(_ script: String) -> [Effect] {
        var effects: [Effect] = []
        for key in try! Key.parseKeys(script) {
            draw()
            effects += update(&self, .key(key))
        }
        draw()
        return effects
    }

    /// Draws a frame and hands its viewport to `update`, as the app's loop does after every change.
    mutating func draw() {
        _ = update(&self, .rendered(Screen.frame(self, theme: .unicode(color: false)).viewport))
    }

    /// The screen as text, without colour.
    func screen(_ theme: Theme = .unicode(color: false)) -> String { Screen.render(self, theme: theme).text() }
}

extension Fixtures {
    /// One card whose answer is long enough to scroll: a paragraph, a list and a code block.
    static let longAnswer: CardCollection = collection([
        (
            "Long",
            [
                TopicSpec(
                    title: "Pipelines",
                    cards: [
                        CardSpec(
                            question: StyledText(plain: "Describe a SageMaker inference pipeline."),
                            answer: StyledText([
                                TextBlock(
                                    .paragraph,
                                    [
                                        TextSpan("An inference pipeline is a SageMaker model made of a "),
                                        TextSpan("linear sequence", style: .bold),
                                        TextSpan(" of two to fifteen containers that process requests for "),
                                        TextSpan("inferences", style: .emphasis),
                                        TextSpan(" on data. Each container's output is the next one's input."),
                                    ]),
                                TextBlock(
                                    .listItem(depth: 0, marker: "1."),
                                    [TextSpan("Preprocess the features with a scikit-learn container.")]),
                                TextBlock(
                                    .listItem(depth: 0, marker: "2."),
                                    [TextSpan("Predict with a built-in algorithm such as XGBoost.")]),
                                TextBlock(
                                    .listItem(depth: 1, marker: "•"),
                                    [TextSpan("nested detail that also wraps over several lines of the pane")]),
                                TextBlock(
                                    .listItem(depth: 0, marker: "3."),
                                    [TextSpan("Post-process the predictions into labels.")]),
                                TextBlock(
                                    .code,
                                    [
                                        TextSpan(
                                            "aws sagemaker create-model --model-name pipeline \\\n  --containers file://containers.json"
                                        )
                                    ]),
                                TextBlock(
                                    .paragraph,
                                    [
                                        TextSpan("See "), TextSpan("the SageMaker developer guide", style: .link),
                                        TextSpan(" for the limits."),
                                    ]),
                            ]))
                    ])
            ]
        )
    ])
}
