/// A JSON-RPC request id: a number or a string.
public enum RequestID: Hashable, Sendable, CustomStringConvertible {
  case number(Int)
  case string(String)

  /// The id from its JSON form; nil for anything but an integer or a string.
  public init?(json: JSONValue) {
    if let i = json.intValue {
      self = .number(i)
    } else if let s = json.stringValue {
      self = .string(s)
    } else {
      return nil
    }
  }

  /// The JSON form.
  public var json: JSONValue {
    switch self {
    case .number(let i): return .int(i)
    case .string(let s): return .string(s)
    }
  }

  public var description: String {
    switch self {
    case .number(let i): return String(i)
    case .string(let s): return "\"\(s)\""
    }
  }
}

/// A JSON-RPC error object, with the codes JSON-RPC 2.0 and LSP 3.17 define.
public struct ResponseError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The error code.
  public var code: Int
  /// A sentence for people.
  public var message: String
  /// Extra structured data.
  public var data: JSONValue?

  /// Makes an error.
  public init(code: Int, message: String, data: JSONValue? = nil) {
    self.code = code
    self.message = message
    self.data = data
  }

  /// Invalid JSON was received (`-32700`).
  public static let parseErrorCode = -32700
  /// The JSON is not a valid request object (`-32600`); also LSP's answer to requests after `shutdown`.
  public static let invalidRequestCode = -32600
  /// The method does not exist (`-32601`).
  public static let methodNotFoundCode = -32601
  /// Invalid method parameters (`-32602`).
  public static let invalidParamsCode = -32602
  /// Internal error (`-32603`).
  public static let internalErrorCode = -32603
  /// LSP: a request arrived before `initialize` (`-32002`).
  public static let serverNotInitializedCode = -32002
  /// LSP: the client cancelled the request (`-32800`).
  public static let requestCancelledCode = -32800
  /// LSP: the document changed so the result is void (`-32801`).
  public static let contentModifiedCode = -32801
  /// LSP: the server cancelled the request (`-32802`).
  public static let serverCancelledCode = -32802
  /// LSP: a valid request failed (`-32803`).
  public static let requestFailedCode = -32803

  /// `-32700` with a reason.
  public static func parseError(_ message: String) -> ResponseError { .init(code: parseErrorCode, message: message) }
  /// `-32600` with a reason.
  public static func invalidRequest(_ message: String) -> ResponseError {
    .init(code: invalidRequestCode, message: message)
  }
  /// `-32601` naming the method.
  public static func methodNotFound(_ method: String) -> ResponseError {
    .init(code: methodNotFoundCode, message: "method not found: \(method)")
  }
  /// `-32602` with a reason.
  public static func invalidParams(_ message: String) -> ResponseError {
    .init(code: invalidParamsCode, message: message)
  }
  /// `-32603` with a reason.
  public static func internalError(_ message: String) -> ResponseError {
    .init(code: internalErrorCode, message: message)
  }
  /// `-32002`.
  public static let serverNotInitialized = ResponseError(
    code: serverNotInitializedCode, message: "the server is not initialized: send `initialize` first")
  /// `-32800`.
  public static let requestCancelled = ResponseError(code: requestCancelledCode, message: "the request was cancelled")
  /// `-32803` with a reason.
  public static func requestFailed(_ message: String) -> ResponseError {
    .init(code: requestFailedCode, message: message)
  }

  /// The JSON error object.
  public var json: JSONValue {
    var o: [String: JSONValue] = ["code": .int(code), "message": .string(message)]
    if let data { o["data"] = data }
    return .object(o)
  }

  public var description: String { "\(code): \(message)" }
}

/// One JSON-RPC 2.0 message.
public enum Message: Sendable, Hashable {
  /// A request, which must be answered exactly once.
  case request(id: RequestID, method: String, params: JSONValue?)
  /// A notification, never answered.
  case notification(method: String, params: JSONValue?)
  /// A successful response.
  case response(id: RequestID, result: JSONValue)
  /// An error response; the id is nil when the request's id could not be read.
  case errorResponse(id: RequestID?, error: ResponseError)

  /// The JSON form.
  public var json: JSONValue {
    var o: [String: JSONValue] = ["jsonrpc": "2.0"]
    switch self {
    case .request(let id, let method, let params):
      o["id"] = id.json
      o["method"] = .string(method)
      if let params { o["params"] = params }
    case .notification(let method, let params):
      o["method"] = .string(method)
      if let params { o["params"] = params }
    case .response(let id, let result):
      o["id"] = id.json
      o["result"] = result
    case .errorResponse(let id, let error):
      o["id"] = id?.json ?? .null
      o["error"] = error.json
    }
    return .object(o)
  }

  /// Reads a message from its JSON form. A value that is not a valid message yields the error to answer
  /// with (`-32600`) and the id, when one could be read.
  public static func decode(_ json: JSONValue) -> Result<Message, InvalidMessage> {
    guard case .object(let o) = json else {
      if case .array = json {
        return .failure(InvalidMessage(id: nil, error: .invalidRequest("batch messages are not supported by LSP")))
      }
      return .failure(InvalidMessage(id: nil, error: .invalidRequest("a message must be a JSON object")))
    }
    let rawID = o["id"]
    let id = rawID.flatMap(RequestID.init(json:))
    guard o["jsonrpc"]?.stringValue == "2.0" else {
      return .failure(InvalidMessage(id: id, error: .invalidRequest("\"jsonrpc\" must be \"2.0\"")))
    }
    if let rawID, !rawID.isNull, id == nil {
      return .failure(InvalidMessage(id: nil, error: .invalidRequest("\"id\" must be an integer or a string")))
    }
    let params = o["params"]
    if let params, params.objectValue == nil, params.arrayValue == nil, !params.isNull {
      return .failure(InvalidMessage(id: id, error: .invalidRequest("\"params\" must be an object or an array")))
    }
    if let methodValue = o["method"] {
      guard let method = methodValue.stringValue else {
        return .failure(InvalidMessage(id: id, error: .invalidRequest("\"method\" must be a string")))
      }
      if let id { return .success(.request(id: id, method: method, params: params)) }
      return .success(.notification(method: method, params: params))
    }
    if let error = o["error"] {
      guard let code = error["code"]?.intValue, let message = error["message"]?.stringValue else {
        return .failure(InvalidMessage(id: nil, error: .invalidRequest("a response error needs a code and a message")))
      }
      return .success(.errorResponse(id: id, error: ResponseError(code: code, message: message, data: error["data"])))
    }
    if let result = o["result"], let id {
      return .success(.response(id: id, result: result))
    }
    return .failure(
      InvalidMessage(id: id, error: .invalidRequest("a message needs a \"method\", a \"result\" or an \"error\"")))
  }
}

/// A JSON value that is not a valid message, with the answer it deserves.
public struct InvalidMessage: Error, Sendable, Hashable {
  /// The id, when one could be read.
  public var id: RequestID?
  /// The error to answer with.
  public var error: ResponseError
}
