import AudioIO
import Foundation
import Hummingbird
import NIOCore
import Prompts
import TicketStore

extension Console {
    func addPromptRoutes(_ router: Router<ConsoleContext>) {
        router.get("/prompts") { _, context -> Response in
            let session = try context.require(.recordings)
            return try promptsPage(session, error: nil)
        }
        router.get("/prompts/:lang/:id/audio") { request, context -> Response in
            let session = try context.require(.recordings)
            let (lang, id) = try promptParameters(context)
            let store = PromptStore(directory: configuration.promptsDirectory)
            guard let path = AudioFiles.resolve(lang + "/" + id + ".wav", under: configuration.promptsDirectory),
                  path.hasSuffix("/" + id + ".wav"), FileManager.default.fileExists(atPath: store.currentPath(id, language: lang)) else {
                throw ConsoleError.notFound("提示音 \(lang)/\(id) 没有录音文件。")
            }
            let (response, startsListen) = try AudioFiles.response(path: path, request: request, contentType: "audio/wav")
            if startsListen {
                try self.store.recordListen(staffName: session.staffName, subject: .prompt, ref: "\(lang)/\(id)", at: configuration.now())
            }
            return response
        }
        router.post("/prompts/:lang/:id/rollback") { request, context -> Response in
            let (_, _) = try await request.staffForm(context, .managePrompts, limit: configuration.maxFormBytes)
            let (lang, id) = try promptParameters(context)
            do {
                try PromptStore(directory: configuration.promptsDirectory).rollback(id, language: lang)
            } catch let e as PromptError {
                throw ConsoleError(status: .conflict, message: "回退失败，未做更改：\(e.message)")
            }
            return Self.redirect("/prompts")
        }
        router.post("/prompts/:lang/:id/install") { request, context -> Response in
            try await installPrompt(request, context)
        }
        router.get("/audit/listens") { _, context -> Response in
            let session = try context.require(.recordings)
            let rows = try store.listens(limit: 500).map { r -> [String: Any] in
                let subject = switch r.subject { case .ticket: "工单留言"; case .call: "通话录音"; case .prompt: "提示音" }
                return ["at": localTime(iso: r.at), "staff": r.staffName, "subject": subject, "ref": r.ref]
            }
            return page("listens", title: "录音收听记录", session: session, current: "/audit/listens", values: ["rows": rows])
        }
    }

    /// `:lang` and `:id`, validated (letters, digits, `_`; the id must be in the manifest): 404 otherwise.
    func promptParameters(_ context: ConsoleContext) throws -> (String, String) {
        let lang = context.parameters.get("lang") ?? "", id = context.parameters.get("id") ?? ""
        guard (try? PromptID.validate(id)) != nil, (try? PromptID.validateLanguage(lang)) != nil,
              let manifest = try? PromptManifest.load(directory: configuration.promptsDirectory),
              manifest.entry(id) != nil, manifest.languages.contains(lang) else {
            throw ConsoleError.notFound("没有提示音 \(lang.prefix(8))/\(id.prefix(64))。")
        }
        return (lang, id)
    }

    func promptsPage(_ session: StaffSessionRecord, error: String?, status: HTTPResponse.Status = .ok) throws -> Response {
        let manifest: PromptManifest
        do { manifest = try PromptManifest.load(directory: configuration.promptsDirectory) } catch {
            return page("unavailable", title: "提示音", session: session, current: "/prompts",
                        values: ["message": "提示音清单无法读取：\(error)"], status: .serviceUnavailable)
        }
        let store = PromptStore(directory: configuration.promptsDirectory)
        var rows: [[String: Any]] = []
        let canManage = session.role.permissions.contains(.managePrompts)
        for entry in manifest.entries {
            for language in manifest.languages {
                let path = store.currentPath(entry.id, language: language)
                let exists = FileManager.default.fileExists(atPath: path)
                guard exists || entry.text[language] != nil || language == PromptID.defaultLanguage else { continue }
                let m = exists ? (try? SoundFile.read(path)).map(AudioMeasurement.init) : nil
                let origins = store.origins(entry.id, language: language)
                rows.append([
                    "id": entry.id, "lang": language, "exists": exists, "canManage": canManage, "csrf": session.csrf,
                    "seconds": m.map { String(format: "%.2f 秒", $0.durationSeconds) } ?? "—",
                    "level": m.map { String(format: "%.1f dBov", $0.activeLevelDBFS) } ?? "—",
                    "origin": exists ? (origins.current == .replacement ? "人工录制" : "默认合成") : "缺失（用普通话）",
                    "hasPrevious": origins.previous != nil, "text": manifest.text(entry.id, language: language) ?? "",
                ])
            }
        }
        var values: [String: Any] = ["rows": rows, "canManage": canManage]
        if let error { values["error"] = error }
        return page("prompts", title: "提示音", session: session, current: "/prompts", values: values, status: status)
    }

    func installPrompt(_ request: Request, _ context: ConsoleContext) async throws -> Response {
        let session = try context.require(.managePrompts)
        let (lang, id) = try promptParameters(context)
        guard let boundary = Multipart.boundary(contentType: request.headers[.contentType] ?? "") else {
            throw ConsoleError(status: .unsupportedMediaType, message: "请通过页面上的表单上传录音文件。")
        }
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: configuration.maxUploadBytes) } catch is NIOTooManyBytesError {
            throw ConsoleError(status: .contentTooLarge, message: "录音文件过大（上限 \(configuration.maxUploadBytes / 1024 / 1024) MB），未做任何更改。")
        }
        guard let parts = Multipart.parse(Array(buffer.readableBytesView), boundary: boundary) else {
            throw ConsoleError.badRequest("上传内容格式有误。")
        }
        guard let csrf = parts.first(where: { $0.name == "csrf" }), Sessions.equal(String(decoding: csrf.body, as: UTF8.self), session.csrf) else {
            throw ConsoleError.badCSRF
        }
        guard let file = parts.first(where: { $0.name == "file" }), !file.body.isEmpty else {
            throw ConsoleError.badRequest("请选择要安装的录音文件。")
        }
        // The upload goes to an owner-only temporary folder; the installer reads it, checks it and swaps it in.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ivr-console-" + UUID().uuidString).path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let upload = folder + "/upload"
        guard FileManager.default.createFile(atPath: upload, contents: Data(file.body), attributes: [.posixPermissions: 0o600]) else {
            throw ConsoleError(status: .internalServerError, message: "无法保存上传的文件，未做任何更改。")
        }
        do {
            let manifest = try PromptManifest.load(directory: configuration.promptsDirectory)
            _ = try PromptInstaller(manifest: manifest, directory: configuration.promptsDirectory).install(id: id, from: upload, language: lang)
        } catch let e as PromptError {
            return try promptsPage(session, error: "安装失败，未做更改：\(e.message)", status: .unprocessableContent)
        } catch let e as AudioFileError {
            return try promptsPage(session, error: "安装失败，文件无法解码，未做更改：\(e.message)", status: .unprocessableContent)
        }
        return Self.redirect("/prompts")
    }
}
