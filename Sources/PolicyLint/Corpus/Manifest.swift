import Foundation

/// A corpus manifest: titles, dates and authority ranks for corpus files, maintained by the office.
///
/// Format (see `protocol/manifest.md`):
/// ```json
/// {"version": 1, "documents": [{"file": "2023/公报.txt", "title": "…", "date": "2023-11-20", "rank": 10}]}
/// ```
/// `file` is relative to the corpus directory. Every other key is optional.
public struct CorpusManifest: Sendable, Codable, Hashable {
  /// One document's entry.
  public struct Entry: Sendable, Codable, Hashable {
    /// Path relative to the corpus directory.
    public var file: String
    /// Title.
    public var title: String?
    /// Date of the text.
    public var date: SimpleDate?
    /// Authority rank: an original outranks its reprint.
    public var rank: Int?
    /// Free text for people (source, what the document is).
    public var note: String?
  }

  /// Format version; 1.
  public var version: Int
  /// Entries.
  public var documents: [Entry]

  /// The file name looked for in a corpus directory when no manifest is given.
  public static let defaultFileName = "policylint-manifest.json"

  /// Reads a manifest, with errors that name the file and the entry.
  public static func load(_ path: String) throws(PolicyLintError) -> CorpusManifest {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw .invalidManifest(path: path, reason: "cannot read the file")
    }
    do {
      let m = try JSONDecoder().decode(CorpusManifest.self, from: data)
      guard m.version == 1 else { throw PolicyLintError.invalidManifest(path: path, reason: "version \(m.version) is not supported (expected 1)") }
      return m
    } catch let e as PolicyLintError {
      throw e
    } catch let DecodingError.dataCorrupted(ctx) {
      throw .invalidManifest(path: path, reason: describe(ctx))
    } catch let DecodingError.keyNotFound(key, ctx) {
      throw .invalidManifest(path: path, reason: "missing key \"\(key.stringValue)\" at \(pathString(ctx.codingPath))")
    } catch let DecodingError.typeMismatch(_, ctx) {
      throw .invalidManifest(path: path, reason: describe(ctx))
    } catch {
      throw .invalidManifest(path: path, reason: "\(error)")
    }
  }

  static func describe(_ ctx: DecodingError.Context) -> String {
    "\(pathString(ctx.codingPath)): \(ctx.debugDescription)"
  }

  static func pathString(_ path: [CodingKey]) -> String {
    path.isEmpty ? "$" : path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
  }

  /// Entry by relative file name.
  public func entry(for name: String) -> Entry? { documents.first { $0.file == name } }
}
