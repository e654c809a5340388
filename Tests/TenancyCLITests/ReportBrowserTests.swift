import Foundation
import TenancyTestSupport
import XCTest

/// The report in a real browser (Debian's Chromium, headless): the DOM after the page's script
/// ran has every section, value and anchor; screenshots at desktop and phone widths are not
/// blank; no request left the page; hostile strings did not become elements; a large
/// organization's section appears when linked to. Skipped, saying so, without Chromium.
final class ReportBrowserTests: XCTestCase {
    var scenario: ScenarioFolder!
    var work: URL!

    override func setUpWithError() throws {
        _ = try Self.chromium()
        scenario = try ScenarioFolder()
        work = FileManager.default.temporaryDirectory.appendingPathComponent("tenancy-browser-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        XCTAssertEqual(try scenario.tenancy(["apply", "--auto-approve"]).code, 0)
    }

    override func tearDown() {
        scenario?.remove()
        if let work { try? FileManager.default.removeItem(at: work) }
    }

    static func chromium() throws -> String {
        if let given = ProcessInfo.processInfo.environment["TENANCY_CHROMIUM"] { return given }
        for path in ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
            where FileManager.default.isExecutableFile(atPath: path) { return path }
        throw MissingTool.skip("chromium", "chromium is not installed (apt-get install chromium, or set TENANCY_CHROMIUM): the browser tests are skipped")
    }

    /// Runs headless Chromium on `url` with a fresh profile, killed after a minute.
    @discardableResult
    func browse(_ url: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try Self.chromium())
        let profile = work.appendingPathComponent("profile-\(UUID().uuidString)")
        process.arguments = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
                             "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                             "--user-data-dir=\(profile.path)"] + arguments + [url]
        let out = work.appendingPathComponent("out-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning && Date() < deadline { usleep(50_000) }
        if process.isRunning { process.terminate(); XCTFail("chromium did not finish within a minute") }
        process.waitUntilExit()
        return String(decoding: try Data(contentsOf: out), as: UTF8.self)
    }

    /// The URLs of the requests a page made, from Chromium's net log: a request the browser makes
    /// for itself (updates, accounts) has no origin; one a page made has the page's.
    func pageRequests(_ netlog: URL) throws -> [String] {
        let log = try XCTUnwrap(JSONSerialization.jsonObject(with: try Data(contentsOf: netlog)) as? [String: Any])
        let events = try XCTUnwrap(log["events"] as? [[String: Any]])
        return events.compactMap { event -> String? in
            guard let params = event["params"] as? [String: Any], let url = params["url"] as? String,
                  let initiator = params["initiator"] as? String else { return nil }
            return initiator == "not an origin" ? nil : url
        }
    }

    /// The page without its script elements (the script's own text holds markup in strings).
    static func withoutScripts(_ html: String) -> String {
        html.replacingOccurrences(of: #"<script[^>]*>[\s\S]*?</script>"#, with: "<script></script>", options: .regularExpression)
    }

    /// `share`: the part of a screenshot that is not its most common colour.
    func screenshotStats(_ png: URL) throws -> (width: Int, height: Int, share: Double, colours: Int) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Golden.fixtures.appendingPathComponent("report/png-stats.py").path, png.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let fields = String(decoding: data, as: UTF8.self).split(separator: " ").map { String($0).trimmingCharacters(in: .whitespacesAndNewlines) }
        XCTAssertEqual(process.terminationStatus, 0)
        guard fields.count == 4, let w = Int(fields[0]), let h = Int(fields[1]), let s = Double(fields[2]), let c = Int(fields[3]) else {
            XCTFail("png-stats printed \(fields)")
            return (0, 0, 0, 0)
        }
        return (w, h, s, c)
    }

    func report(_ extra: [String] = []) throws -> URL {
        try scenario.edit("workspaces/marketing.yaml") {
            $0.replacingOccurrences(of: "  description: Campaign and lead-routing workflows",
                                    with: "  description: \"<script>document.title='pwned'</script><img src=\\\"http://127.0.0.1:9/leak.png\\\">\"")
        }
        XCTAssertEqual(try scenario.tenancy(["apply", "--auto-approve"]).code, 0)
        try scenario.edit("workspaces/engineering.yaml") { $0.replacingOccurrences(of: "users: 400", with: "users: 300") }
        XCTAssertEqual(try scenario.tenancy(["plan", "--out", "pending.plan"]).code, 0)
        let run = try scenario.tenancy(["report", "--usage", "usage", "--plan", "pending.plan", "--out", "report.html"] + extra,
                                       environment: ["SOURCE_DATE_EPOCH": "1796083200"])
        XCTAssertEqual(run.code, 0, run.err)
        return scenario.file("report.html")
    }

    func testTheReportInABrowser() throws {
        let page = try report()
        let netlog = work.appendingPathComponent("netlog.json")
        let dom = Self.withoutScripts(try browse(page.absoluteString, ["--log-net-log=\(netlog.path)", "--net-log-capture-mode=Everything", "--dump-dom"]))
        // The page's script ran, and every section is there.
        XCTAssertTrue(dom.contains("<html lang=\"en\" class=\"js\">"), "the script ran: \(dom.prefix(300))")
        for id in ["overview", "workspaces", "access", "templates", "compliance", "plan"] {
            XCTAssertTrue(dom.contains("<section id=\"\(id)\" aria-labelledby=\"\(id)-h\">"), "section \(id)")
        }
        for workspace in ["clinic", "data-science", "engineering", "federal", "marketing", "payments"] {
            XCTAssertTrue(dom.contains("<article class=\"ws\" id=\"ws-\(workspace)\""), workspace)
            for tab in ["overview", "policies", "quotas", "security", "billing", "analytics"] {
                XCTAssertTrue(dom.contains("id=\"ws-\(workspace)-\(tab)\""), "\(workspace) \(tab)")
            }
        }
        // Tabs: the first panel of each workspace shown, the others hidden by the script.
        XCTAssertTrue(dom.contains("<section class=\"panel\" role=\"tabpanel\" id=\"ws-clinic-quotas\" aria-labelledby=\"ws-clinic-h ws-clinic-tab-quotas\" hidden=\"\">"), "tabs work")
        // Values and anchors.
        XCTAssertTrue(dom.contains("USD 885.79"), "clinic's bill")
        XCTAssertTrue(dom.contains("id=\"control-hipaa-164.312_28b_29\""), "a control's stable anchor")
        XCTAssertTrue(dom.contains("href=\"#control-hipaa-164.312_28b_29\""), "linked from the settings it covers")
        XCTAssertTrue(dom.contains("id=\"rule-healthcare-idle-logoff\""), "a rule's anchor in the template browser")
        XCTAssertTrue(dom.contains("workspaces/clinic.yaml:13:28"), "a setting's file:line")
        XCTAssertTrue(dom.contains("template default (&lt;built-in&gt;/templates/healthcare.yaml:"), "a template default's source")
        // Hostile strings stayed text: one script, no image, and the title untouched.
        XCTAssertEqual(dom.components(separatedBy: "<script").count - 1, 1)
        XCTAssertFalse(dom.contains("<img"))
        XCTAssertTrue(dom.contains("&lt;script&gt;document.title='pwned'&lt;/script&gt;"))
        XCTAssertFalse(dom.contains("<title>pwned"))
        // Landmarks, headings in order (never a level skipped), every control labelled.
        for landmark in ["<header>", "<nav aria-label=\"Report sections\">", "<main id=\"main\">", "<footer>", "role=\"search\""] {
            XCTAssertTrue(dom.contains(landmark), landmark)
        }
        let levels = try NSRegularExpression(pattern: "<h([1-6])[ >]").matches(in: dom, range: NSRange(dom.startIndex..., in: dom))
            .compactMap { Range($0.range(at: 1), in: dom).flatMap { Int(dom[$0]) } }
        XCTAssertEqual(levels.first, 1)
        for (previous, next) in zip(levels, levels.dropFirst()) { XCTAssertLessThanOrEqual(next, previous + 1, "a heading level skipped") }
        for id in try NSRegularExpression(pattern: "<(?:input|select)[^>]* id=\"([^\"]+)\"").matches(in: dom, range: NSRange(dom.startIndex..., in: dom))
            .compactMap({ Range($0.range(at: 1), in: dom).map { String(dom[$0]) } }) {
            XCTAssertTrue(dom.contains("<label for=\"\(id)\">"), "control \(id) has a label")
        }
        XCTAssertFalse(dom.contains("<svg class=\"trend\" viewBox=\"0 0 300 80\" width=\"300\" height=\"80\">"), "every chart is an image with a text alternative")
        // No request left the page.
        XCTAssertEqual(try pageRequests(netlog), [], "the report loads nothing")
    }

    /// The net-log check can fail: a page that loads an image is caught.
    func testTheRequestCheckCatchesAPageThatLoadsSomething() throws {
        let control = work.appendingPathComponent("control.html")
        try Data("<!DOCTYPE html><html><body><img src=\"http://127.0.0.1:9/canary.png\" alt=\"\"></body></html>".utf8).write(to: control)
        let netlog = work.appendingPathComponent("control-netlog.json")
        try browse(control.absoluteString, ["--log-net-log=\(netlog.path)", "--net-log-capture-mode=Everything", "--dump-dom"])
        XCTAssertEqual(try pageRequests(netlog), ["http://127.0.0.1:9/canary.png"])
    }

    /// Screenshots at a desktop's and a phone's width: neither blank nor nearly uniform. A blank
    /// page's screenshot fails the same check (the check can fail).
    func testScreenshotsAreNotBlank() throws {
        let page = try report()
        for (name, size) in [("desktop", "1280,2000"), ("phone", "390,1600")] {
            let png = work.appendingPathComponent("\(name).png")
            try browse(page.absoluteString, ["--window-size=\(size)", "--screenshot=\(png.path)"])
            let stats = try screenshotStats(png)
            XCTAssertEqual("\(stats.width),\(stats.height)", size)
            XCTAssertGreaterThan(stats.share, 0.03, "\(name): \(stats)")
            XCTAssertGreaterThan(stats.colours, 50, "\(name): \(stats)")
            if ProcessInfo.processInfo.environment["TENANCY_UPDATE_SCREENSHOTS"] == "1" {
                let docs = Golden.fixtures.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                    .appendingPathComponent("docs/report-\(name).png")
                try? FileManager.default.removeItem(at: docs)
                try FileManager.default.copyItem(at: png, to: docs)
            }
        }
        let blank = work.appendingPathComponent("blank.html")
        try Data("<!DOCTYPE html><html><body></body></html>".utf8).write(to: blank)
        let png = work.appendingPathComponent("blank.png")
        try browse(blank.absoluteString, ["--window-size=1280,800", "--screenshot=\(png.path)"])
        XCTAssertLessThan(try screenshotStats(png).share, 0.03)
    }

    /// axe-core's audit, run inside the page once as loaded and once with every tab and section
    /// shown (axe audits only what is visible): the results, or an error, in a `<pre>` the
    /// dumped DOM carries.
    static let axeRunner = """
        (async function () {
          var out = [];
          async function audit(view) {
            var r = await axe.run(document, { resultTypes: ["violations"] });
            out.push({ view: view, passes: r.passes.length, violations: r.violations.map(function (v) {
              return { id: v.id, impact: v.impact, nodes: v.nodes.length, target: v.nodes.slice(0, 3).map(function (n) { return n.target.join(" "); }) };
            }) });
          }
          try {
            await audit("as loaded");
            document.querySelectorAll("details").forEach(function (d) { d.open = true; });
            window.dispatchEvent(new Event("beforeprint"));
            await new Promise(function (done) { setTimeout(done, 100); });
            await audit("every tab and section shown");
          } catch (e) { out.push({ error: String(e) }); }
          var pre = document.createElement("pre");
          pre.id = "axe-results";
          pre.textContent = JSON.stringify(out);
          document.body.appendChild(pre);
        })();
        """

    /// The report passes axe-core (the copy inside PyPI's axe-playwright-python) at a desktop's
    /// and a phone's width, every tab and section shown in turn: no serious or critical
    /// violation. At a phone's width the tables scroll sideways, so each is focusable (a keyboard
    /// can scroll it); each workspace shows its name and status first.
    func testTheReportPassesAnAccessibilityAudit() throws {
        let axe = try PythonTools.fileFromWheel("axe-playwright-python==0.1.8", member: "axe_playwright_python/axe.min.js")
        let page = try report()
        let html = try String(contentsOf: page, encoding: .utf8)
        let end = try XCTUnwrap(html.range(of: "</body>", options: .backwards))
        let audited = work.appendingPathComponent("audited.html")
        try Data((String(html[..<end.lowerBound]) + "<script>" + String(contentsOf: axe, encoding: .utf8) + "</script>\n<script>" + Self.axeRunner
                  + "</script>\n" + String(html[end.lowerBound...])).utf8).write(to: audited)
        for (name, size) in [("desktop", "1280,900"), ("phone", "390,844")] {
            let dom = try browse(audited.absoluteString, ["--window-size=\(size)", "--virtual-time-budget=60000", "--dump-dom"])
            let found = try XCTUnwrap(dom.range(of: #"<pre id="axe-results">([\s\S]*?)</pre>"#, options: .regularExpression), "\(name): the audit ran")
            let text = String(dom[found]).replacingOccurrences(of: #"</?pre[^>]*>"#, with: "", options: .regularExpression)
                .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&lt;", with: "<")
                .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
            let views = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]], text)
            XCTAssertEqual(views.count, 2, "\(name): \(text.prefix(300))")
            for view in views {
                XCTAssertNil(view["error"], "\(name): \(view)")
                XCTAssertGreaterThan(view["passes"] as? Int ?? 0, 20, "\(name): axe checked the page")
                let serious = (view["violations"] as? [[String: Any]] ?? []).filter { ["serious", "critical"].contains($0["impact"] as? String ?? "") }
                XCTAssertEqual(serious.count, 0, "\(name), \(view["view"] ?? ""): \(serious)")
            }
        }
        let dom = try browse(page.absoluteString, ["--dump-dom"])
        XCTAssertFalse(dom.contains("<table class="), "every table is focusable (tabindex), for a keyboard to scroll it")
        XCTAssertTrue(dom.contains("<h3 id=\"ws-clinic-h\">clinic"), "the name first")
        XCTAssertTrue(try XCTUnwrap(dom.components(separatedBy: "<h3 id=\"ws-clinic-h\">").last).prefix(400).contains("<p class=\"badges\"><span class=\"status"),
                      "then its status, before any badge")
        XCTAssertTrue(dom.contains("<details class=\"provenance\"><summary>Lineage and digests</summary>"), "the hashes a click away")
    }

    /// The two renderers of a section agree: every workspace's section and access matrix that
    /// the page's script renders from the embedded data (`--inline 0`, then `#all`) is, in the
    /// browser's DOM, exactly the one Tenancy puts in the page.
    func testSectionsRenderedFromTheDataAreTheSameAsThePagesOwn() throws {
        let page = try report()
        let inline = Self.withoutScripts(try browse(page.absoluteString, ["--dump-dom"]))
        let run = try scenario.tenancy(["report", "--usage", "usage", "--plan", "pending.plan", "--inline", "0", "--out", "lazy.html"],
                                       environment: ["SOURCE_DATE_EPOCH": "1796083200"])
        XCTAssertEqual(run.code, 0, run.err)
        let lazy = Self.withoutScripts(try browse(scenario.file("lazy.html").absoluteString + "#all", ["--dump-dom"]))
        XCTAssertFalse(lazy.contains("<div class=\"slot\""), "#all rendered every kept section")
        func pieces(_ dom: String, _ open: String, _ close: String) -> [String] {
            var found: [String] = []
            var rest = dom[...]
            while let start = rest.range(of: open), let end = rest[start.upperBound...].range(of: close) {
                found.append(String(rest[start.lowerBound..<end.upperBound]))
                rest = rest[end.upperBound...]
            }
            return found
        }
        let articles = pieces(inline, "<article class=\"ws\"", "</article>")
        XCTAssertEqual(articles.count, 6)
        XCTAssertEqual(pieces(lazy, "<article class=\"ws\"", "</article>"), articles)
        let matrices = pieces(inline, "<table tabindex=\"0\" class=\"matrix\"", "</table>")
        XCTAssertEqual(matrices.count, 6)
        XCTAssertEqual(pieces(lazy, "<table tabindex=\"0\" class=\"matrix\"", "</table>"), matrices)
    }

    /// A large organization's sections wait as data: following a link to one puts it in the
    /// page, the others stay waiting.
    func testASectionKeptForLaterAppearsWhenLinkedTo() throws {
        let page = try report(["--inline", "2"])
        let dom = Self.withoutScripts(try browse(page.absoluteString + "#ws-payments", ["--dump-dom"]))
        XCTAssertFalse(dom.contains("<div class=\"slot\" id=\"ws-payments\""), "payments was put in the page")
        XCTAssertTrue(dom.contains("<div class=\"slot\" id=\"ws-clinic\""), "clinic still waits")
        XCTAssertTrue(dom.contains("<article class=\"ws\" id=\"ws-payments\""))
    }
}
