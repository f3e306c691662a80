import Foundation
import PolicyText

/// Reads a corpus directory: every `.txt` and `.md` file below it, in UTF-8, UTF-16 or GB18030.
///
/// A file that cannot be read is skipped with a warning naming it; it never stops the run. Symbolic links
/// are followed once (a loop is reported, not followed). Files are decoded in parallel.
public enum CorpusLoader {
  /// The largest file read, in bytes; `POLICYLINT_MAX_FILE_BYTES` overrides it.
  public static var maxFileBytes: Int {
    if let s = ProcessInfo.processInfo.environment["POLICYLINT_MAX_FILE_BYTES"], let n = Int(s), n > 0 { return n }
    return 32 * 1024 * 1024
  }

  /// Result of loading: the documents and what was skipped.
  public struct Loaded: Sendable {
    /// Documents, ids in path order.
    public var documents: [CorpusDocument]
    /// One line per skipped file or problem, naming it.
    public var warnings: [String]
  }

  /// Lists the text files below a directory, sorted, with relative names.
  public static func listFiles(in directory: String, warnings: inout [String]) -> [(path: String, name: String)] {
    let root = URLPath.resolve(directory)
    var result: [(String, String)] = []
    var visited = Set<String>()
    // With `readdir` and plain strings: a `URL` and a `fileExists` per entry were a tenth of a start from
    // the cache for 10,000 documents. The entry's type comes with it; only links and unknowns are stat'ed.
    func walk(_ dir: String, _ prefix: String) {
      let real = URLPath.resolve(dir)
      if visited.contains(real) {
        warnings.append("\(dir): skipped, a symbolic link loop leads back to \(real)")
        return
      }
      visited.insert(real)
      guard let entries = directoryEntries(dir) else {
        warnings.append("\(dir): skipped, cannot list the directory")
        return
      }
      for (name, type) in entries where !name.hasPrefix(".") {
        let path = dir.hasSuffix("/") ? dir + name : dir + "/" + name
        var isDirectory = type == UInt8(DT_DIR)
        if type != UInt8(DT_REG) && type != UInt8(DT_DIR) {
          var st = stat()
          guard stat(path, &st) == 0 else {
            warnings.append("\(path): skipped, a broken symbolic link")
            continue
          }
          isDirectory = st.st_mode & S_IFMT == S_IFDIR
        }
        let relative = prefix.isEmpty ? name : prefix + "/" + name
        if isDirectory {
          walk(path, relative)
        } else if isDraftFile(name) {
          result.append((path, relative))
        }
      }
    }
    walk(root, "")
    return result
  }

  /// The names and types (`DT_*`) of a directory's entries, sorted by name, without `.` and `..`.
  static func directoryEntries(_ path: String) -> [(name: String, type: UInt8)]? {
    guard let dir = opendir(path) else { return nil }
    defer { closedir(dir) }
    var entries: [(name: String, type: UInt8)] = []
    while let entry = readdir(dir) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
      }
      if name == "." || name == ".." { continue }
      entries.append((name, entry.pointee.d_type))
    }
    entries.sort { $0.name < $1.name }
    return entries
  }

  /// Whether a file name is one policylint reads (`.txt`, `.md`, `.markdown`).
  public static func isDraftFile(_ name: String) -> Bool {
    let lower = name.lowercased()
    return lower.hasSuffix(".txt") || lower.hasSuffix(".md") || lower.hasSuffix(".markdown")
  }

  /// Reads and decodes one file, with errors for people.
  public static func readText(_ path: String) throws(PolicyLintError) -> (String, TextEncoding, Data) {
    var isDir: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { throw .notFound(path: path) }
    if isDir.boolValue { throw .unreadable(path: path, reason: "is a directory") }
    // Attributes of what a symbolic link points to: the link itself is tiny and would slip past the cap.
    let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
    let attributes = (try? FileManager.default.attributesOfItem(atPath: target)) ?? [:]
    if let type = attributes[.type] as? FileAttributeType, type != .typeRegular {
      throw .unreadable(path: path, reason: "is not a regular file (a named pipe, socket or device)")
    }
    let size = attributes[.size] as? Int ?? 0
    if size > maxFileBytes { throw .tooLarge(path: path, bytes: size, limit: maxFileBytes) }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw .unreadable(path: path, reason: "cannot be read (permission denied?)")
    }
    do {
      let (text, encoding) = try TextDecoder.decode(data)
      return (text, encoding, data)
    } catch {
      throw .notText(path: path, reason: error.description)
    }
  }

  /// Loads a corpus directory. `manifest` is a path; when nil, `policylint-manifest.json` in the directory
  /// is used if present. `progress` is called with (done, total) as files are read.
  public static func load(
    directory: String, manifest manifestPath: String? = nil,
    progress: (@Sendable (Int, Int) -> Void)? = nil
  ) throws(PolicyLintError) -> Loaded {
    var isDir: ObjCBool = false
    guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDir) else {
      throw .notFound(path: directory)
    }
    guard isDir.boolValue else { throw .unreadable(path: directory, reason: "the corpus must be a directory") }
    var warnings: [String] = []
    var manifest: CorpusManifest?
    let defaultManifest = (directory as NSString).appendingPathComponent(CorpusManifest.defaultFileName)
    if let m = manifestPath {
      manifest = try CorpusManifest.load(m)
    } else if FileManager.default.fileExists(atPath: defaultManifest) {
      manifest = try CorpusManifest.load(defaultManifest)
    }
    let files = listFiles(in: directory, warnings: &warnings)
    if let manifest {
      let names = Set(files.map(\.name))
      for entry in manifest.documents where !names.contains(entry.file) {
        warnings.append("manifest names \(entry.file), which is not a .txt or .md file in \(directory)")
      }
    }
    let entries = manifest
    let slots = ResultSlots<Result<CorpusDocument, PolicyLintError>>(count: files.count)
    let counter = ProgressCounter()
    DispatchQueue.concurrentPerform(iterations: files.count) { i in
      let file = files[i]
      slots[i] = Result { () throws(PolicyLintError) -> CorpusDocument in
        try document(path: file.path, name: file.name, id: 0, entry: entries?.entry(for: file.name))
      }
      let done = counter.increment()
      progress?(done, files.count)
    }
    var documents: [CorpusDocument] = []
    for i in 0..<files.count {
      switch slots[i]! {
      case .success(var doc):
        doc.info.id = documents.count
        documents.append(doc)
      case .failure(let error):
        warnings.append("\(error.description); skipped")
      }
    }
    return Loaded(documents: documents, warnings: warnings)
  }

  /// Reads one corpus document and finds its title and date.
  public static func document(path: String, name: String, id: Int, entry: CorpusManifest.Entry?) throws(PolicyLintError) -> CorpusDocument {
    let (string, encoding, data) = try readText(path)
    let text = SourceText(string)
    let view = MatchingView(text)
    var title = entry?.title
    var titleSource = "manifest"
    if title == nil {
      if let (t, how) = DateInference.title(of: text, view: view) {
        title = t
        titleSource = how
      } else {
        title = (name as NSString).deletingPathExtension
        titleSource = "file name"
      }
    }
    var date = entry?.date
    var dateSource = "manifest"
    if date == nil {
      let mtime = (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date) ?? Date()
      let fileDate = SimpleDate(mtime)
      if let (d, how) = DateInference.statedDate(in: view) {
        date = d
        dateSource = how
      } else if let (d, how) = DateInference.latestMentionedDate(in: view, notAfter: fileDate) {
        date = d
        dateSource = how
      } else if let (d, how) = DateInference.yearlessDate(in: view, notAfter: fileDate) {
        date = d
        dateSource = how
      } else {
        date = fileDate
        dateSource = "file time"
      }
    }
    let info = DocumentInfo(
      id: id, path: path, name: name, title: title ?? name, titleSource: titleSource, date: date ?? SimpleDate.today(),
      dateSource: dateSource, rank: entry?.rank ?? 0, encoding: encoding.rawValue, characters: text.count,
      contentHash: FNV1a.hash(data))
    var doc = CorpusDocument(info: info, text: nil)
    doc.text = text
    doc.view = view
    return doc
  }
}

/// Fixed slots written from `concurrentPerform`, one writer per index.
///
/// `@unchecked Sendable` is safe because each index is written by exactly one iteration and read only
/// after `concurrentPerform` returns, which orders the writes before the reads; the lock guards the array.
public final class ResultSlots<T>: @unchecked Sendable {
  private var items: [T?]
  private let lock = NSLock()
  /// Makes `count` empty slots.
  public init(count: Int) { items = Array(repeating: nil, count: count) }
  /// The value in slot `i`, nil until written.
  public subscript(i: Int) -> T? {
    get { lock.withLock { items[i] } }
    set { lock.withLock { items[i] = newValue } }
  }
}

/// `first()` on this thread while `second()` runs on another when `concurrently`, else one after the other
/// here; both results. For two independent halves of a build (blocks on the global queue rather than
/// `concurrentPerform`, which nested in another gets a single thread).
func sideBySide<A, B>(concurrently: Bool, _ first: () -> A, _ second: @escaping @Sendable () -> B) -> (A, B) {
  guard concurrently else { return (first(), second()) }
  let slot = ResultSlots<B>(count: 1)
  let group = DispatchGroup()
  DispatchQueue.global().async(group: group) { slot[0] = second() }
  let a = first()
  group.wait()
  return (a, slot[0] ?? second())
}

/// `body` of each of `pieces` consecutive ranges that cut `0..<count`, on all cores (one range, on this
/// thread, when there is only one); the results joined in range order.
func concurrentPieces<T>(_ count: Int, pieces: Int, _ body: @Sendable (Range<Int>) -> [T]) -> [T] {
  let pieces = min(pieces, count)
  guard pieces > 1 else { return body(0..<count) }
  let slots = ResultSlots<[T]>(count: pieces)
  DispatchQueue.concurrentPerform(iterations: pieces) { p in
    slots[p] = body((count * p / pieces)..<(count * (p + 1) / pieces))
  }
  return (0..<pieces).flatMap { slots[$0] ?? [] }
}

/// A thread-safe counter for progress reports.
final class ProgressCounter: @unchecked Sendable {
  // Safe: every access to `value` holds `lock`.
  private var value = 0
  private let lock = NSLock()
  func increment() -> Int { lock.withLock { value += 1; return value } }
}
