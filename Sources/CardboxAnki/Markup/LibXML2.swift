import CLibXML2
import Foundation

/// libxml2's few functions that the Anki import and export call, opened with `dlopen` the first time
/// an Anki field is read.
///
/// Linking libxml2 into the binary loaded it, and the ICU libraries it depends on, at every start of
/// the app, for the Anki commands alone: about a tenth of the work of a small start in relocations
/// and symbol lookups. The headers still give the tree's layout; only the functions come from here.
struct LibXML2: Sendable {
    typealias ReadMemory =
        @convention(c) (
            UnsafePointer<CChar>?, Int32, UnsafePointer<CChar>?, UnsafePointer<CChar>?, Int32
        ) -> htmlDocPtr?
    typealias FreeDoc = @convention(c) (xmlDocPtr?) -> Void
    typealias GetProp =
        @convention(c) (UnsafePointer<xmlNode>?, UnsafePointer<xmlChar>?) -> UnsafeMutablePointer<xmlChar>?
    typealias NodeGetContent = @convention(c) (UnsafePointer<xmlNode>?) -> UnsafeMutablePointer<xmlChar>?
    typealias DocGetRootElement = @convention(c) (UnsafePointer<xmlDoc>?) -> xmlNodePtr?
    typealias Free = @convention(c) (UnsafeMutableRawPointer?) -> Void

    let readMemory: ReadMemory
    let freeDoc: FreeDoc
    let getProp: GetProp
    let nodeGetContent: NodeGetContent
    let docGetRootElement: DocGetRootElement
    /// libxml2's `xmlFree`, which frees what `getProp` and `nodeGetContent` return.
    let free: Free

    /// The library's file names to try: its soname before 2.14, its soname since, the development link.
    static let fileNames = ["libxml2.so.2", "libxml2.so.16", "libxml2.so"]

    /// The library, opened once; or why it cannot be.
    static let shared: Result<LibXML2, AnkiError> = open(fileNames)

    /// The library, or an `AnkiError` of one line saying what to install.
    static func loaded() throws -> LibXML2 { try shared.get() }

    /// Opens the first of `names` that loads and has every function; the error names what to install.
    static func open(_ names: [String]) -> Result<LibXML2, AnkiError> {
        var reasons: [String] = []
        for name in names {
            guard let handle = dlopen(name, RTLD_NOW | RTLD_LOCAL) else {
                reasons.append(dlerror().map { String(cString: $0) } ?? name)
                continue
            }
            func symbol<T>(_ symbol: String, as type: T.Type) -> T? {
                dlsym(handle, symbol).map { unsafeBitCast($0, to: type) }
            }
            // xmlFree is a variable holding the function.
            guard let readMemory = symbol("htmlReadMemory", as: ReadMemory.self),
                let freeDoc = symbol("xmlFreeDoc", as: FreeDoc.self),
                let getProp = symbol("xmlGetProp", as: GetProp.self),
                let nodeGetContent = symbol("xmlNodeGetContent", as: NodeGetContent.self),
                let docGetRootElement = symbol("xmlDocGetRootElement", as: DocGetRootElement.self),
                let freeVariable = dlsym(handle, "xmlFree")?.assumingMemoryBound(to: Optional<Free>.self),
                let free = freeVariable.pointee
            else {
                reasons.append("\(name) lacks a function cardbox calls")
                dlclose(handle)
                continue
            }
            return .success(
                LibXML2(
                    readMemory: readMemory, freeDoc: freeDoc, getProp: getProp, nodeGetContent: nodeGetContent,
                    docGetRootElement: docGetRootElement, free: free))
        }
        return .failure(
            AnkiError(
                "Anki packages need libxml2, which could not be loaded (\(reasons.first ?? "no library named")); "
                    + "install it, e.g. sudo apt-get install -y libxml2"))
    }
}
