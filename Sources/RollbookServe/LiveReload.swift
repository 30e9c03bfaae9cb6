import RollbookKit
import Foundation

/// What `rollbook serve` adds to pages: a script file that reloads the page when the site is
/// rebuilt, and the page shown while the build is failing.
///
/// The script is a file served from `/_rollbook/live-reload.js` (never inline: the pages'
/// Content-Security-Policy allows scripts from the site's own origin only), and the tag that
/// loads it is added to HTML responses by the server, so built sites never contain it.
public enum LiveReload {
    public static let scriptPath = "/_rollbook/live-reload.js"
    public static let waitPath = "/_rollbook/wait"

    /// Long-polls `/_rollbook/wait?since=V`; the server answers as soon as the site's version
    /// is newer than V (or after a while with the same V), and the page reloads when it
    /// changed. The page's own version comes in the script's URL, so a rebuild between the
    /// page loading and the first poll is not missed.
    public static let script = """
    // Rollbook preview: reloads this page when `rollbook serve` has rebuilt the site.
    // Added by the preview server only; built sites never contain it.
    (function () {
      "use strict";
      var me = document.currentScript;
      var version = me ? new URL(me.src).searchParams.get("v") : null;
      if (version === null || !window.fetch) { return; }
      var delay = 500;
      function poll() {
        fetch("\(waitPath)?since=" + encodeURIComponent(version), { cache: "no-store" })
          .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.text(); })
          .then(function (v) {
            delay = 500;
            v = v.trim();
            if (v !== version) { window.location.reload(); return; }
            poll();
          })
          .catch(function () {
            // The server is restarting or stopped: try again, more slowly each time.
            setTimeout(poll, delay);
            delay = Math.min(delay * 2, 5000);
          });
      }
      poll();
    })();

    """

    /// The tag that loads the script for a page built at `version`.
    public static func tag(version: Int) -> String {
        "<script src=\"\(scriptPath)?v=\(version)\" defer></script>"
    }

    /// `html` with the script tag added just before `</head>` (or at the end).
    public static func inject(_ html: String, version: Int) -> String {
        let t = tag(version: version)
        if let r = html.range(of: "</head>", options: .caseInsensitive) {
            return html[..<r.lowerBound] + t + "\n" + html[r.lowerBound...]
        }
        return html + "\n" + t + "\n"
    }

    static let policy = "default-src 'none'; script-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'"

    /// A complete page (with the reload script) around `body`.
    static func page(title: String, body: String, version: Int) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta http-equiv="Content-Security-Policy" content="\(policy)">
        <title>\(Escape.html(title))</title>
        \(tag(version: version))
        </head>
        <body>
        <main>
        \(body)
        </main>
        </body>
        </html>

        """
    }

    /// The page shown instead of every page while the build fails: each problem as
    /// `file:line: error: message`. It reloads by itself once the problems are fixed.
    public static func errorPage(_ problems: [Diagnostic], version: Int) -> String {
        var items = ""
        for d in problems { items += "<li><code>\(Escape.html(d.description))</code></li>\n" }
        let n = problems.count
        return page(title: "Build failed: Rollbook preview", body: """
            <h1>The site could not be built</h1>
            <p>\(n == 1 ? "One problem stops" : "\(n) problems stop") the build. Fix \(n == 1 ? "it" : "them") and save: this page reloads by itself.</p>
            <ol>
            \(items)</ol>
            """, version: version)
    }

    /// The page at `/` when the site has no index of its own: links to both sites.
    public static func rootPage(schoolName: String, version: Int) -> String {
        page(title: "\(schoolName): Rollbook preview", body: """
            <h1>\(Escape.html(schoolName)): preview</h1>
            <ul>
            <li><a href="intranet/index.html">Staff intranet</a></li>
            <li><a href="parents/index.html">Pages for parents and carers</a></li>
            </ul>
            <p>This preview rebuilds and reloads when you save a change to rollbook.yml, Data/, Content/ or Themes/.</p>
            """, version: version)
    }
}
