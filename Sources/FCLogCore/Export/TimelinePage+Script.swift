extension TimelinePage {
    /// The page's script: reads the data element, draws on a canvas the rows in view only, and keeps what
    /// it drew in `document.body.dataset` and `window.fclogTimeline` for scripts and tests.
    static let script = #"""
    <script>
    (() => {
    'use strict';
    const D = JSON.parse(document.getElementById('fclog-data').textContent);
    const PHASES = ['Initializer', 'Invoke', 'PreStop', 'PreFreeze'];
    const COLOURS = ['#E69F00', '#0072B2', '#CC79A7', '#009E73'];
    const STATUSES = ['ok', 'error', 'timeout', 'never ended'];
    const LANE = 14, STRIP = 4, PAD = 6, AXIS = 24, LABEL = 230;
    const n = D.spans.length;
    const rowOf = new Int32Array(n), laneOf = new Int16Array(n), phase = new Uint8Array(n), status = new Uint8Array(n);
    const cold = new Uint8Array(n), start = new Float64Array(n), end = new Float64Array(n);
    let lo = Infinity, hi = -Infinity;
    for (let i = 0; i < n; i++) {
      const s = D.spans[i];
      rowOf[i] = s[0]; laneOf[i] = s[1]; phase[i] = s[2]; status[i] = s[3]; cold[i] = s[9];
      start[i] = (s[4] - D.t0) / 1000; end[i] = start[i] + s[5];
      lo = Math.min(lo, start[i]); hi = Math.max(hi, end[i]);
    }
    const rows = D.rows.map((r, index) => ({ index, f: r.f, id: r.id, lanes: r.lanes, events: r.events, from: 0, to: 0,
      maxDur: 0, busy: [], perLane: [], invocations: 0, colds: 0, failures: 0, peak: 0 }));
    for (const r of rows) for (const e of r.events) { lo = Math.min(lo, e[0]); hi = Math.max(hi, e[0]); }
    if (!isFinite(lo)) { lo = 0; hi = 1000; }
    if (hi <= lo) hi = lo + 1000;
    // Spans come by row, each row's by start.
    for (let i = 0; i < n;) {
      const r = rows[rowOf[i]]; r.from = i;
      let j = i, busyStart = start[i], busyEnd = end[i];
      const ends = [];
      for (; j < n && rowOf[j] === r.index; j++) {
        r.maxDur = Math.max(r.maxDur, end[j] - start[j]);
        (r.perLane[laneOf[j]] ||= []).push(j);
        if (phase[j] === 1) { r.invocations++; r.colds += cold[j]; }
        if (status[j] === 1 || status[j] === 2 || (status[j] === 3 && phase[j] !== 1)) r.failures++;
        if (start[j] > busyEnd) { r.busy.push([busyStart, busyEnd]); busyStart = start[j]; busyEnd = end[j]; }
        else busyEnd = Math.max(busyEnd, end[j]);
        while (ends.length && ends[0] <= start[j]) ends.shift();
        let k = ends.findIndex(e => e > end[j]); if (k < 0) k = ends.length; ends.splice(k, 0, end[j]);
        r.peak = Math.max(r.peak, ends.length);
      }
      r.busy.push([busyStart, busyEnd]);
      r.to = j; i = j;
    }
    const zone = D.zone.offsets;
    function offsetAt(ms) { let o = 0; for (const [from, off] of zone) { if (ms >= from) o = off; else break; } return o; }
    function stamp(ms, withDate) {
      const off = offsetAt(ms), d = new Date(D.t0 / 1000 + ms + off * 1000), iso = d.toISOString();
      const sign = off < 0 ? '-' : '+', a = Math.abs(off);
      const suffix = off === 0 ? 'Z' : sign + String(Math.floor(a / 3600)).padStart(2, '0') + ':' + String(Math.floor(a % 3600 / 60)).padStart(2, '0');
      return (withDate ? iso.slice(0, 10) + ' ' : '') + iso.slice(11, 23) + suffix;
    }
    const count = (k, word) => k + ' ' + word + (k === 1 ? '' : 's');
    function ms(v) { return v >= 10000 ? (v / 1000).toFixed(2) + ' s' : (Math.round(v * 100) / 100) + ' ms'; }

    // Headline figures and histograms.
    const figures = document.getElementById('figures');
    function reportFor(fn) {
      return fn === '' ? D.report.total[0] : D.report.functions.find(r => r.function === fn);
    }
    function showFigures(fn) {
      const r = reportFor(fn); figures.textContent = '';
      if (!r) return;
      const items = [
        ['Invocations', r.invocations.total], ['Error rate', (100 * (r.invocations.error_rate || 0)).toFixed(1) + ' %'],
        ['Timeouts', r.invocations.timeout], ['Cold starts', r.cold_starts + ' (' + (100 * (r.cold_start_share || 0)).toFixed(1) + ' %)'],
        ['Initializer attempts', r.initializer.attempts + (r.initializer.failures ? ', ' + r.initializer.failures + ' failed' : '')],
        ['PreStop failures', r.prestop.failures], ['Invocation p50', r.durations_ms.invoke.p50 == null ? '–' : ms(r.durations_ms.invoke.p50)],
        ['Invocation p99', r.durations_ms.invoke.p99 == null ? '–' : ms(r.durations_ms.invoke.p99)],
        ['Billed (instances)', ms(r.billing.instance_billed_ms)],
        ['Cost', r.billing.cost ? r.billing.cost.amount + ' ' + r.billing.cost.currency : '–'],
      ];
      for (const [name, value] of items) {
        const li = document.createElement('li');
        li.innerHTML = '<span class="value"></span><span class="muted"></span>';
        li.firstChild.textContent = value; li.lastChild.textContent = name; figures.appendChild(li);
      }
    }
    const charts = document.getElementById('charts');
    function histogram(title, values) {
      const fig = document.createElement('figure'), W = 360, H = 120, B = 24;
      const svgNS = 'http://www.w3.org/2000/svg', svg = document.createElementNS(svgNS, 'svg');
      svg.setAttribute('width', W); svg.setAttribute('height', H + 30); svg.setAttribute('role', 'img');
      const cap = document.createElement('figcaption');
      if (!values.length) { cap.textContent = title + ': none in range'; fig.append(cap); charts.append(fig); return; }
      values.sort((a, b) => a - b);
      const min = Math.max(0.1, values[0]), max = Math.max(min * 1.01, values[values.length - 1]);
      const counts = new Array(B).fill(0), step = Math.log(max / min) / B;
      for (const v of values) counts[Math.min(B - 1, Math.max(0, Math.floor(Math.log(Math.max(v, min) / min) / step)))]++;
      const top = Math.max(...counts), parts = [];
      counts.forEach((c, b) => {
        const h = c ? Math.max(1, c / top * H) : 0, rect = document.createElementNS(svgNS, 'rect');
        rect.setAttribute('x', b * (W / B) + 1); rect.setAttribute('y', H - h); rect.setAttribute('width', W / B - 2); rect.setAttribute('height', h);
        rect.setAttribute('fill', '#0072B2');
        const t = document.createElementNS(svgNS, 'title'), a = min * Math.exp(step * b), z = min * Math.exp(step * (b + 1));
        t.textContent = ms(a) + ' to ' + ms(z) + ': ' + c; rect.append(t); svg.append(rect);
        if (c) parts.push(ms(a) + '–' + ms(z) + ': ' + c);
      });
      for (const [x, label, anchor] of [[0, ms(min), 'start'], [W, ms(max), 'end']]) {
        const t = document.createElementNS(svgNS, 'text'); t.setAttribute('x', x); t.setAttribute('y', H + 16);
        t.setAttribute('font-size', '11'); t.setAttribute('text-anchor', anchor); t.textContent = label; svg.append(t);
      }
      svg.setAttribute('aria-label', title + ' histogram, logarithmic buckets: ' + parts.join('; '));
      cap.textContent = title + ' (' + values.length + ', logarithmic buckets)';
      fig.append(cap, svg); charts.append(fig);
    }
    function showCharts(fn) {
      charts.textContent = '';
      const inv = [], init = [];
      for (let i = 0; i < n; i++) {
        if (fn !== '' && D.functions[rows[rowOf[i]].f] !== fn) continue;
        if (D.spans[i][13] || status[i] === 3) continue;
        if (phase[i] === 1) inv.push(end[i] - start[i]); else if (phase[i] === 0) init.push(end[i] - start[i]);
      }
      histogram('Invocation durations', inv); histogram('Initializer durations', init);
    }

    // Filters.
    const phaseOn = [true, true, true, true], statusOn = [true, true, true, true];
    let fnFilter = '';
    const select = document.getElementById('function-filter');
    for (const f of D.functions) { const o = document.createElement('option'); o.value = o.textContent = f; select.append(o); }
    function boxes(id, names, on, colours) {
      const set = document.getElementById(id);
      names.forEach((name, k) => {
        const label = document.createElement('label'), box = document.createElement('input');
        box.type = 'checkbox'; box.checked = true; box.addEventListener('change', () => { on[k] = box.checked; layout(); draw(); });
        label.append(box);
        if (colours) { const sw = document.createElement('span'); sw.className = 'swatch'; sw.style.background = colours[k]; label.append(sw); }
        label.append(name + ' '); set.append(label);
      });
    }
    boxes('phase-filter', PHASES, phaseOn, COLOURS);
    boxes('status-filter', ['ok', 'error (hatched)', 'timeout (outlined)', 'never ended (dashed)'], statusOn, null);
    select.addEventListener('change', () => {
      fnFilter = select.value; showFigures(fnFilter); showCharts(fnFilter); layout(); draw();
      for (const tr of document.querySelectorAll('#instance-table tbody tr')) tr.hidden = fnFilter !== '' && D.functions[+tr.dataset.f] !== fnFilter;
    });

    // Layout: the rows shown, their tops and heights.
    const frame = document.getElementById('timeline-frame'), canvas = document.getElementById('timeline'), spacer = document.getElementById('spacer');
    const ctx = canvas.getContext('2d');
    let shown = [], tops = [], total = 0, view = [lo - (hi - lo) * 0.01, hi + (hi - lo) * 0.01];
    function layout() {
      shown = rows.filter(r => fnFilter === '' || D.functions[r.f] === fnFilter);
      tops = []; total = 0;
      for (const r of shown) { tops.push(total); total += r.lanes * LANE + STRIP + PAD; }
      frame.style.height = Math.max(120, Math.min(window.innerHeight * 0.7, total + AXIS + 8)) + 'px';
    }
    let hatch = null;
    function pattern() {
      const p = document.createElement('canvas'); p.width = p.height = 6;
      const c = p.getContext('2d'); c.strokeStyle = 'rgba(0,0,0,0.55)'; c.lineWidth = 1.5;
      c.beginPath(); c.moveTo(0, 6); c.lineTo(6, 0); c.stroke(); return ctx.createPattern(p, 'repeat');
    }
    const px = t => LABEL + (t - view[0]) / (view[1] - view[0]) * (canvas.clientWidth - LABEL);
    const timeAt = x => view[0] + (x - LABEL) / (canvas.clientWidth - LABEL) * (view[1] - view[0]);
    let focused = -1;
    function firstFrom(r, t) {
      let a = r.from, b = r.to;
      while (a < b) { const m = (a + b) >> 1; if (start[m] < t) a = m + 1; else b = m; }
      return a;
    }
    function draw() {
      const dpr = window.devicePixelRatio || 1, W = frame.clientWidth, H = frame.clientHeight;
      if (canvas.width !== W * dpr || canvas.height !== H * dpr) { canvas.width = W * dpr; canvas.height = H * dpr; canvas.style.width = W + 'px'; canvas.style.height = H + 'px'; }
      spacer.style.height = Math.max(0, total + AXIS - H) + 'px';
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0); ctx.clearRect(0, 0, W, H);
      if (!hatch) hatch = pattern();
      const scroll = frame.scrollTop;
      let drawn = 0, merged = 0, marks = 0;
      ctx.font = '11px system-ui, sans-serif'; ctx.textBaseline = 'middle';
      let first = 0, b = shown.length;
      while (first < b) { const m = (first + b) >> 1; if (tops[m] + shown[m].lanes * LANE + STRIP + PAD < scroll) first = m + 1; else b = m; }
      for (let k = first; k < shown.length && tops[k] - scroll < H; k++) {
        const r = shown[k], y = AXIS + tops[k] - scroll;
        ctx.fillStyle = k % 2 ? '#fafafa' : '#ffffff'; ctx.fillRect(0, y, W, r.lanes * LANE + STRIP + PAD);
        ctx.fillStyle = '#1b1b1b';
        const name = (r.id || 'no instance') + (D.functions.length > 1 ? ' · ' + D.functions[r.f] : '');
        ctx.fillText(name.length > 38 ? name.slice(0, 37) + '…' : name, 4, y + LANE / 2 + 1);
        ctx.save(); ctx.beginPath(); ctx.rect(LABEL, y, W - LABEL, r.lanes * LANE + STRIP + PAD); ctx.clip();
        ctx.fillStyle = 'rgba(0,0,0,0.28)';
        for (const [a, z] of r.busy) { if (z < view[0] || a > view[1]) continue; const x0 = px(a); ctx.fillRect(x0, y + r.lanes * LANE + 1, Math.max(1, px(z) - x0), STRIP); }
        const lastPx = new Float64Array(r.lanes).fill(-1);
        for (let i = firstFrom(r, view[0] - r.maxDur); i < r.to && start[i] <= view[1]; i++) {
          if (end[i] < view[0] || !phaseOn[phase[i]] || !statusOn[status[i]]) continue;
          const x0 = px(start[i]), x1 = px(end[i]), yy = y + laneOf[i] * LANE + 1, fail = status[i] === 1 || status[i] === 2;
          if (x1 - x0 < 1 && !fail && i !== focused) {
            const col = Math.floor(x0);
            if (lastPx[laneOf[i]] === col) { merged++; continue; }
            lastPx[laneOf[i]] = col; merged++; marks++;
            ctx.fillStyle = COLOURS[phase[i]]; ctx.fillRect(col, yy, 1, LANE - 2); continue;
          }
          const w = Math.max(1, x1 - x0);
          ctx.fillStyle = COLOURS[phase[i]]; ctx.fillRect(x0, yy, w, LANE - 2);
          if (status[i] === 1) { ctx.fillStyle = hatch; ctx.fillRect(x0, yy, w, LANE - 2); }
          if (status[i] === 2) { ctx.strokeStyle = '#000'; ctx.lineWidth = 2; ctx.strokeRect(x0 + 1, yy + 1, Math.max(1, w - 2), LANE - 4); }
          if (status[i] === 3) { ctx.setLineDash([3, 2]); ctx.strokeStyle = '#000'; ctx.lineWidth = 1; ctx.strokeRect(x0 + 0.5, yy + 0.5, w, LANE - 3); ctx.setLineDash([]); }
          if (cold[i]) { ctx.fillStyle = '#000'; ctx.beginPath(); ctx.moveTo(x0, yy); ctx.lineTo(x0 + 6, yy); ctx.lineTo(x0, yy + 6); ctx.fill(); }
          if (i === focused) { ctx.strokeStyle = '#000'; ctx.lineWidth = 2; ctx.strokeRect(x0 - 2, yy - 2, w + 4, LANE + 2); }
          drawn++;
        }
        for (const [t, ev] of r.events) {
          if (t < view[0] || t > view[1]) continue;
          const x = px(t); ctx.fillStyle = '#000'; ctx.fillRect(x - 0.5, y, 1.5, r.lanes * LANE + STRIP);
          ctx.fillText(ev.slice(0, 1).toUpperCase(), x + 2, y + r.lanes * LANE + STRIP);
        }
        ctx.restore();
      }
      // The time axis.
      ctx.fillStyle = '#fff'; ctx.fillRect(0, 0, W, AXIS); ctx.fillStyle = '#1b1b1b'; ctx.fillRect(LABEL, AXIS - 1, W - LABEL, 1);
      const span = view[1] - view[0], wanted = span / Math.max(1, (W - LABEL) / 120);
      let tick = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 1e4, 3e4, 6e4, 3e5, 6e5, 18e5, 36e5, 108e5, 216e5, 864e5, 6048e5, 2592e6, 7776e6]
        .find(s => s >= wanted);
      if (!tick) tick = 31536e6 * Math.pow(10, Math.ceil(Math.log10(wanted / 31536e6)));
      for (let t = Math.ceil(view[0] / tick) * tick; t <= view[1]; t += tick) {
        const x = px(t), text = stamp(t, true);
        ctx.fillRect(x, AXIS - 5, 1, 5);
        ctx.fillText(tick >= 864e5 ? text.slice(0, 10) : tick >= 6e4 ? text.slice(0, 16) : tick >= 1e3 ? text.slice(11, 19) : text.slice(11, 23), x + 2, 9);
      }
      ctx.fillText(D.zone.name, 4, 9);
      const note = document.getElementById('note');
      note.textContent = merged ? count(merged, 'span') + ' narrower than a pixel at this zoom ' + (merged === 1 ? 'is' : 'are') + ' drawn as ' + count(marks, 'one-pixel mark') + ' (several to a pixel merge; failures are always drawn): zoom in to see each.' : '';
      Object.assign(document.body.dataset, { drawn, merged, marks, ready: '1' });
      document.getElementById('range').textContent = stamp(view[0], true) + ' – ' + stamp(view[1], true);
    }

    // Details, hover, click, keyboard.
    const details = document.getElementById('details');
    function describe(i) {
      const s = D.spans[i], r = rows[rowOf[i]];
      const lines = [PHASES[phase[i]] + (phase[i] === 1 && cold[i] ? ' (cold start)' : '') + ' · ' + STATUSES[status[i]],
        'RequestId ' + s[12], 'Instance ' + (r.id || 'none') + ' · ' + D.functions[r.f],
        stamp(start[i], true) + ' → ' + stamp(end[i], true), 'Duration ' + ms(end[i] - start[i]) + (s[7] >= 0 ? ' (' + D.sources[s[7]] + ')' : '') + (s[13] ? ', partial' : ''),
        'Billed ' + (s[6] == null ? 'not stated' : s[6] + ' ms') + (phase[i] !== 1 ? ' · attempt ' + s[11] : '')];
      if (s[8] >= 0) lines.push('Error ' + D.errors[s[8]]);
      lines.push('fclog show ' + s[10]);
      return lines.join('\n');
    }
    function spanAt(x, y) {
      const yy = y - AXIS + frame.scrollTop;
      let k = 0, b = shown.length;
      while (k < b) { const m = (k + b) >> 1; if (tops[m] + shown[m].lanes * LANE + STRIP + PAD <= yy) k = m + 1; else b = m; }
      const r = shown[k]; if (!r || x < LABEL) return -1;
      const lane = Math.floor((yy - tops[k]) / LANE), list = r.perLane[lane]; if (!list) return -1;
      const t = timeAt(x), tol = (view[1] - view[0]) / (canvas.clientWidth - LABEL) * 3;
      let a = 0, z = list.length;
      while (a < z) { const m = (a + z) >> 1; if (start[list[m]] <= t + tol) a = m + 1; else z = m; }
      for (let q = a - 1; q >= 0 && q >= a - 3; q--) { const i = list[q]; if (end[i] >= t - tol && phaseOn[phase[i]] && statusOn[status[i]]) return i; }
      return -1;
    }
    function show(i, cx, cy) {
      if (i < 0) { details.style.display = 'none'; return; }
      details.textContent = describe(i); details.style.display = 'block';
      details.style.left = Math.min(window.innerWidth - 470, cx + 14) + 'px'; details.style.top = Math.min(window.innerHeight - 150, cy + 14) + 'px';
      canvas.setAttribute('aria-label', describe(i));
    }
    function copy(i) {
      const text = 'fclog show ' + D.spans[i][10], line = document.getElementById('status-line');
      line.textContent = text;
      const done = () => { line.textContent = 'Copied: ' + text; };
      if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text).then(done, () => fallback(text, done)); else fallback(text, done);
    }
    function fallback(text, done) {
      const area = document.createElement('textarea'); area.value = text; document.body.append(area); area.select();
      let copied = false;
      try { copied = document.execCommand('copy'); } catch (e) {}
      area.remove(); if (copied) done();
    }
    let drag = null;
    canvas.addEventListener('mousemove', e => {
      const rect = canvas.getBoundingClientRect();
      if (drag) { const dt = (e.clientX - drag.x) / (canvas.clientWidth - LABEL) * (drag.view[1] - drag.view[0]);
        view = [drag.view[0] - dt, drag.view[1] - dt]; drag.moved = true; draw(); return; }
      show(spanAt(e.clientX - rect.left, e.clientY - rect.top), e.clientX, e.clientY);
    });
    canvas.addEventListener('mouseleave', () => show(-1));
    canvas.addEventListener('mousedown', e => { drag = { x: e.clientX, view: view.slice(), moved: false }; });
    window.addEventListener('mouseup', e => {
      if (drag && !drag.moved) { const rect = canvas.getBoundingClientRect(); const i = spanAt(e.clientX - rect.left, e.clientY - rect.top); if (i >= 0) { focused = i; copy(i); draw(); } }
      drag = null;
    });
    function zoom(factor, t) {
      const span = Math.max(0.01, Math.min((hi - lo) * 4, (view[1] - view[0]) * factor));
      const c = t === undefined ? (view[0] + view[1]) / 2 : t, share = (c - view[0]) / (view[1] - view[0]);
      view = [c - share * span, c + (1 - share) * span]; draw();
    }
    canvas.addEventListener('wheel', e => {
      if (e.ctrlKey || e.metaKey || e.altKey) { e.preventDefault(); zoom(Math.exp(e.deltaY * 0.002), timeAt(e.offsetX)); }
      else if (e.shiftKey) { e.preventDefault(); const dt = e.deltaY / 500 * (view[1] - view[0]); view = [view[0] + dt, view[1] + dt]; draw(); }
    }, { passive: false });
    frame.addEventListener('scroll', () => draw());
    window.addEventListener('resize', () => draw());
    document.getElementById('zoom-in').addEventListener('click', () => zoom(0.5));
    document.getElementById('zoom-out').addEventListener('click', () => zoom(2));
    document.getElementById('zoom-reset').addEventListener('click', () => { view = [lo - (hi - lo) * 0.01, hi + (hi - lo) * 0.01]; draw(); });
    function position(i) {
      const k = shown.indexOf(rows[rowOf[i]]); if (k < 0) return null;
      const y = AXIS + tops[k] - frame.scrollTop + laneOf[i] * LANE + LANE / 2;
      const a = Math.max(px(start[i]), LABEL), z = Math.min(px(end[i]), canvas.clientWidth);
      return { x: (a + Math.max(a, z)) / 2, y };
    }
    function reveal(i) {
      const k = shown.indexOf(rows[rowOf[i]]); if (k < 0) return null;
      if (tops[k] < frame.scrollTop || tops[k] + LANE * 2 > frame.scrollTop + frame.clientHeight - AXIS) frame.scrollTop = Math.max(0, tops[k] - 10);
      if (end[i] < view[0] || start[i] > view[1] || px(end[i]) - px(start[i]) < 4) {
        const width = Math.max(end[i] - start[i], 1) * 6; const c = (start[i] + end[i]) / 2; view = [c - width / 2, c + width / 2];
      }
      draw(); return position(i);
    }
    canvas.addEventListener('keydown', e => {
      if (e.key === '+' || e.key === '=') { zoom(0.5); return; }
      if (e.key === '-' || e.key === '_') { zoom(2); return; }
      if (e.key === '0') { view = [lo - (hi - lo) * 0.01, hi + (hi - lo) * 0.01]; draw(); return; }
      if (!shown.length) return;
      if (focused < 0) { const r = shown.find(r => r.to > r.from); if (!r) return; focused = r.from; }
      else if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
        const r = rows[rowOf[focused]], list = r.perLane[laneOf[focused]], q = list.indexOf(focused) + (e.key === 'ArrowRight' ? 1 : -1);
        if (q >= 0 && q < list.length) focused = list[q];
      } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        let k = shown.indexOf(rows[rowOf[focused]]);
        do { k += e.key === 'ArrowDown' ? 1 : -1; } while (k >= 0 && k < shown.length && shown[k].to === shown[k].from);
        if (k >= 0 && k < shown.length) { const r = shown[k], t = start[focused]; focused = Math.min(r.to - 1, firstFrom(r, t)); }
      } else if (e.key === 'Enter') { copy(focused); return; }
      else return;
      e.preventDefault();
      const p = reveal(focused), rect = canvas.getBoundingClientRect();
      if (p) show(focused, rect.left + p.x, rect.top + p.y);
    });

    // The instances as a table: the marks in text.
    const body = document.querySelector('#instance-table tbody'), parts = [];
    const esc = s => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;');
    for (const r of rows) {
      const first = r.to > r.from ? stamp(start[r.from], true) : '', last = r.to > r.from ? stamp(Math.max(...Array.from(end.subarray(r.from, r.to))), true) : '';
      parts.push('<tr data-f="' + r.f + '"><td>' + esc(D.functions[r.f]) + '</td><td>' + esc(r.id || 'no instance') + '</td><td>' + (r.to - r.from) + '</td><td>' + r.invocations +
        '</td><td>' + r.colds + '</td><td>' + r.failures + '</td><td>' + first + '</td><td>' + last + '</td><td>' + esc(r.events.map(e => e[1] + ' ' + stamp(e[0], true)).join(', ')) + '</td></tr>');
    }
    body.innerHTML = parts.join('');

    let failures = 0, timeouts = 0, unfinished = 0, colds = 0;
    for (let i = 0; i < n; i++) { failures += status[i] === 1 || status[i] === 2 ? 1 : 0; timeouts += status[i] === 2 ? 1 : 0; unfinished += status[i] === 3 ? 1 : 0; colds += phase[i] === 1 ? cold[i] : 0; }
    Object.assign(document.body.dataset, { spans: n, rows: rows.length, failures, timeouts, unfinished, coldStarts: colds,
      events: rows.reduce((a, r) => a + r.events.length, 0) });
    document.getElementById('subtitle').textContent = count(n, 'span') + ' on ' + count(rows.length, 'row') + ', ' + stamp(lo, true) + ' to ' + stamp(hi, true) +
      (D.untimed ? '; ' + count(D.untimed, 'span') + ' with no time ' + (D.untimed === 1 ? 'is' : 'are') + ' not drawn' : '') + '. Times in ' + D.zone.name + '.';
    canvas.setAttribute('aria-label', 'Timeline of ' + n + ' spans on ' + rows.length + ' instances; the table below lists them.');
    const indexOf = id => D.spans.findIndex(s => s[10] === id);
    window.fclogTimeline = { spanCount: n, rowCount: rows.length, reveal: id => { const i = indexOf(id); return i < 0 ? null : reveal(i); },
      position: id => { const i = indexOf(id); return i < 0 ? null : position(i); },
      details: () => details.style.display === 'none' ? '' : details.textContent, view: () => view.slice() };
    showFigures(''); showCharts(''); layout(); draw();
    })();
    </script>

    """#
}
