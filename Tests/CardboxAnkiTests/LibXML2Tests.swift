import XCTest

@testable import CardboxAnki

/// libxml2 is opened when an Anki field is first read, and its absence is one line saying what to do.
final class LibXML2Tests: XCTestCase {
    func testTheInstalledLibraryOpens() throws {
        let xml = try LibXML2.loaded()
        XCTAssertEqual(HTMLToMarkdown.plainText("<b>bold</b> text"), "bold text")
        _ = xml
    }

    func testAMissingLibraryIsOneLineSayingWhatToInstall() {
        switch LibXML2.open(["libcardbox-no-such-library.so.9"]) {
        case .success:
            XCTFail("a library that does not exist was opened")
        case .failure(let error):
            let message = error.description
            XCTAssertFalse(message.contains("\n"), message)
            XCTAssertTrue(message.contains("libxml2"), message)
            XCTAssertTrue(message.contains("apt-get install -y libxml2"), message)
            XCTAssertTrue(message.contains("libcardbox-no-such-library.so.9"), message)
        }
    }

    func testALibraryWithoutTheFunctionsIsRefused() {
        // The C library loads, but it is not libxml2.
        guard case .failure(let error) = LibXML2.open(["libc.so.6"]) else {
            return XCTFail("the C library was taken for libxml2")
        }
        XCTAssertTrue(error.description.contains("libc.so.6"), error.description)
    }
}
