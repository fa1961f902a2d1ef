extension TimelinePage {
    /// The page up to its data: style, headline figures, histograms, controls and the timeline's frame.
    static func head(title: String) -> String {
        let escaped = title.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        return """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="fclog \(fclogVersion)">
        <title>\(escaped)</title>
        <style>
        :root { --ink: #1b1b1b; --muted: #5c5c5c; --line: #d0d0d0; --bg: #ffffff; --panel: #f4f4f2;
                --initialize: #E69F00; --invoke: #0072B2; --prestop: #CC79A7; --prefreeze: #009E73; --fail: #D55E00; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", "Liberation Sans", sans-serif; color: var(--ink); background: var(--bg); }
        header, section, nav { padding: 8px 16px; }
        h1 { font-size: 18px; margin: 8px 0 4px; }
        h2 { font-size: 15px; margin: 12px 0 6px; }
        .muted { color: var(--muted); }
        #figures { display: flex; flex-wrap: wrap; gap: 8px; list-style: none; padding: 0; margin: 0; }
        #figures li { background: var(--panel); border-radius: 6px; padding: 6px 10px; min-width: 120px; }
        #figures .value { font-size: 18px; font-weight: 600; display: block; }
        #charts { display: flex; flex-wrap: wrap; gap: 24px; }
        figure { margin: 0; }
        figcaption { font-size: 13px; color: var(--muted); }
        nav { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; border-top: 1px solid var(--line); border-bottom: 1px solid var(--line); position: sticky; top: 0; background: var(--bg); z-index: 2; }
        fieldset { border: 1px solid var(--line); border-radius: 6px; padding: 2px 8px; margin: 0; }
        legend { font-size: 12px; color: var(--muted); }
        button, select { font: inherit; }
        .swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; vertical-align: -1px; margin-right: 3px; }
        #timeline-frame { position: relative; height: 70vh; overflow-y: auto; border-bottom: 1px solid var(--line); }
        #timeline-frame:focus-visible, canvas:focus-visible { outline: 3px solid var(--invoke); outline-offset: -3px; }
        #timeline { position: sticky; top: 0; display: block; cursor: crosshair; }
        #spacer { width: 1px; }
        #details { position: fixed; pointer-events: none; background: #fff; border: 1px solid var(--ink); border-radius: 4px; padding: 6px 8px; font-size: 12px; max-width: 460px; display: none; z-index: 5; white-space: pre-wrap; }
        #note, #status-line, #range { font-size: 13px; color: var(--muted); }
        .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
        table { border-collapse: collapse; font-size: 12px; }
        td, th { border-bottom: 1px solid var(--line); padding: 2px 8px; text-align: left; }
        </style>
        </head>
        <body>
        <header>
        <h1>\(escaped)</h1>
        <p class="muted" id="subtitle"></p>
        <ul id="figures" aria-label="Headline figures"></ul>
        </header>
        <section id="charts" aria-label="Duration histograms"></section>
        <nav aria-label="Timeline controls">
        <label>Function <select id="function-filter"><option value="">all</option></select></label>
        <fieldset id="phase-filter"><legend>Phase</legend></fieldset>
        <fieldset id="status-filter"><legend>Status</legend></fieldset>
        <span><button id="zoom-in" title="Zoom in (+)">+</button> <button id="zoom-out" title="Zoom out (−)">−</button> <button id="zoom-reset" title="Whole range (0)">Whole range</button></span>
        <span id="range" class="muted"></span>
        <span id="status-line" aria-live="polite"></span>
        </nav>
        <section>
        <p id="note" aria-live="polite"></p>
        <div id="timeline-frame"><canvas id="timeline" tabindex="0" role="img" aria-describedby="timeline-help"></canvas><div id="spacer"></div></div>
        <p id="timeline-help" class="muted">One row per instance; overlapping requests take lanes of their own; the shaded strip under a row is its busy time (billed once however many requests overlap). Ctrl+scroll (or Alt+scroll) zooms, Shift+scroll or dragging pans, hover shows details, click to copy the fclog show command. Keyboard: Tab to the timeline, arrows move between spans, + and − zoom, Enter copies.</p>
        <div id="details" role="status" aria-live="polite"></div>
        </section>
        <section>
        <details><summary>Instances as a table</summary><table id="instance-table"><thead><tr><th>Function</th><th>Instance</th><th>Spans</th><th>Invocations</th><th>Cold starts</th><th>Failures</th><th>First span</th><th>Last end</th><th>Events</th></tr></thead><tbody></tbody></table></details>
        </section>

        """
    }
}
