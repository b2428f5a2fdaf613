/*
 * seedgrid charts: one renderer for the dashboard's run and strategy pages and the evolve report (report.html
 * inlines this file), so a run looks the same in both. Draws with uPlot (canvas); every chart has a caption, a
 * text summary for screen readers and a table or legend with the numbers. Times are UTC.
 */
(function (global) {
  'use strict';

  var COLORS = { strategy: '#1565c0', hold: '#6d6d6d', best: '#2e7d32', mean: '#ef6c00', oos: 'rgba(255,179,0,0.14)',
    oosLine: '#b58900', long: '#1b8a2e', short: '#c62828', exit: '#111' };

  // ------------------------------------------------------------------ formatting for people

  function nf(d) {
    return new Intl.NumberFormat('en', { minimumFractionDigits: d, maximumFractionDigits: d });
  }
  var fmt = {
    num: function (v, d) {
      if (v === null || v === undefined || v === '' || typeof v !== 'number' || !isFinite(v)) { return 'n/a'; }
      return nf(d === undefined ? 2 : d).format(v);
    },
    int: function (v) {
      return typeof v === 'number' && isFinite(v) ? nf(0).format(v) : 'n/a';
    },
    pct: function (v, d) {
      return typeof v === 'number' && isFinite(v) ? nf(d === undefined ? 1 : d).format(v * 100) + '%' : 'n/a';
    },
    signedPct: function (v, d) {
      if (typeof v !== 'number' || !isFinite(v)) { return 'n/a'; }
      return (v > 0 ? '+' : '') + fmt.pct(v, d);
    },
    /* an ISO instant or epoch seconds as "2013-11-25 14:03 UTC" (seconds when they are not zero) */
    time: function (t) {
      if (t === null || t === undefined || t === '') { return 'n/a'; }
      var d = typeof t === 'number' ? new Date(t * 1000) : new Date(t);
      if (isNaN(d.getTime())) { return String(t); }
      var s = d.toISOString();
      var secs = s.substring(17, 19) !== '00' ? s.substring(16, 19) : '';
      return s.substring(0, 10) + ' ' + s.substring(11, 16) + secs + ' UTC';
    },
    duration: function (ms) {
      if (typeof ms !== 'number' || !isFinite(ms)) { return 'n/a'; }
      if (ms < 1000) { return fmt.int(ms) + ' ms'; }
      var s = ms / 1000;
      if (s < 90) { return fmt.num(s, 1) + ' s'; }
      var m = s / 60;
      return m < 90 ? fmt.num(m, 1) + ' min' : fmt.num(m / 60, 1) + ' h';
    },
    bps: function (v) {
      if (typeof v === 'string') { return v; }
      return typeof v === 'number' && isFinite(v) ? fmt.num(v, 1) + ' bps' : 'none';
    }
  };

  // ------------------------------------------------------------------ small DOM helpers

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        var v = attrs[k];
        if (v === null || v === undefined || v === false) { return; }
        if (k === 'text') { e.textContent = v; } else if (k === 'cls') { e.className = v; } else if (k.indexOf('on') === 0) {
          e.addEventListener(k.substring(2), v);
        } else { e.setAttribute(k, v === true ? '' : v); }
      });
    }
    (children || []).forEach(function (c) {
      if (c === null || c === undefined) { return; }
      e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return e;
  }

  /* A table: columns [{label, cls}], rows of cells (text, or {text, cls}, or a node). */
  function table(caption, columns, rows, opts) {
    opts = opts || {};
    var head = el('tr', null, columns.map(function (c) {
      return el('th', { scope: 'col', cls: c.cls || null, text: c.label });
    }));
    var body = rows.map(function (r) {
      return el('tr', null, r.map(function (cell, i) {
        var cls = columns[i] && columns[i].cls;
        if (cell && cell.nodeType) { return el('td', { cls: cls }, [cell]); }
        if (cell && typeof cell === 'object') { return el('td', { cls: (cell.cls || '') + ' ' + (cls || ''), text: cell.text }); }
        return el('td', { cls: cls, text: cell === null || cell === undefined ? '' : String(cell) });
      }));
    });
    var t = el('table', { cls: opts.cls || null }, [caption ? el('caption', { text: caption }) : null,
      el('thead', null, [head]), el('tbody', null, body)]);
    return el('div', { cls: 'scroll' + (opts.tall ? ' tall' : ''), tabindex: opts.tall ? '0' : null,
      role: opts.tall ? 'region' : null, 'aria-label': opts.tall ? caption : null }, [t]);
  }

  function yesNo(v) {
    return { text: v ? 'yes' : 'no', cls: v ? 'yes' : 'no' };
  }

  function card(label, value) {
    return el('div', { cls: 'card' }, [el('div', { cls: 'k', text: label }), el('div', { cls: 'v', text: value })]);
  }

  // ------------------------------------------------------------------ charts

  var charts = [];
  function widthOf(box) {
    return Math.max(260, Math.floor((box.clientWidth || box.parentNode.clientWidth || 800) - 4));
  }
  if (global.addEventListener) {
    global.addEventListener('resize', function () {
      charts = charts.filter(function (c) { return document.body.contains(c.box); });
      charts.forEach(function (c) { c.plot.setSize({ width: widthOf(c.box), height: c.height }); });
    });
  }

  /* A figure with a caption and a uPlot chart in it; `summary` is read out instead of the canvas. */
  function figure(kind, caption, summary, points) {
    var box = el('div', { cls: 'chart', role: 'img', 'aria-label': summary });
    var fig = el('figure', { 'data-chart': kind, 'data-points': String(points) }, [box, el('figcaption', null, caption)]);
    return { fig: fig, box: box };
  }

  function plot(box, opts, data, height) {
    opts.width = widthOf(box);
    opts.height = height;
    var p = new uPlot(opts, data, box);
    charts.push({ plot: p, box: box, height: height });
    return p;
  }

  var utc = function (ts) { return uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC'); };

  function timeAxis() {
    return { label: 'time (UTC)', labelSize: 18 };
  }

  /* Shades the out-of-sample bars (from time `from` on) and marks where they start. */
  function oosBand(from) {
    return function (u) {
      if (from === null || from === undefined) { return; }
      var x0 = u.valToPos(from, 'x', true);
      var left = u.bbox.left;
      var right = u.bbox.left + u.bbox.width;
      if (x0 >= right) { return; }
      x0 = Math.max(x0, left);
      var ctx = u.ctx;
      ctx.save();
      ctx.fillStyle = COLORS.oos;
      ctx.fillRect(x0, u.bbox.top, right - x0, u.bbox.height);
      ctx.strokeStyle = COLORS.oosLine;
      ctx.setLineDash([5, 4]);
      ctx.lineWidth = 1.5 * devicePixelRatio;
      ctx.beginPath();
      ctx.moveTo(x0, u.bbox.top);
      ctx.lineTo(x0, u.bbox.top + u.bbox.height);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.fillStyle = '#6b5200';
      ctx.font = (12 * devicePixelRatio) + 'px system-ui, sans-serif';
      ctx.fillText('out of sample \u2192', x0 + 6 * devicePixelRatio, u.bbox.top + 14 * devicePixelRatio);
      ctx.restore();
    };
  }

  function splitTime(chart) {
    var i = chart.split_index;
    return i !== null && i !== undefined && i < chart.time.length ? chart.time[i] : null;
  }

  function growth(v) { return fmt.signedPct(v - 1, 1); }

  function equityChart(chart) {
    var last = chart.time.length - 1;
    var m = chart.metrics || {};
    var summary = 'Equity of the strategy and of buying and holding, ' + fmt.time(chart.time[0]) + ' to ' +
      fmt.time(chart.time[last]) + ': strategy ' + growth(chart.equity[last]) + ', buy-and-hold ' +
      growth(chart.buy_and_hold[last]) + '. Out of sample from ' + fmt.time(chart.split_time) + '.';
    var f = figure('equity', ['Growth of 1 invested, after costs: ',
      legendKey(COLORS.strategy), 'strategy', legendKey(COLORS.hold), 'buy-and-hold (same fill and costs)',
      bandKey(), 'out-of-sample bars, never seen by evolution (from ' + fmt.time(chart.split_time) + '). ' +
      'Out-of-sample Sharpe ' + fmt.num(m.out_of_sample && m.out_of_sample.sharpe) + ' against buy-and-hold\u2019s ' +
      fmt.num(m.buy_and_hold_out_of_sample && m.buy_and_hold_out_of_sample.sharpe) + '.'], summary, chart.time.length);
    plot(f.box, {
      tzDate: utc,
      scales: { x: { time: true } },
      series: [{ label: 'time (UTC)', value: function (u, v) { return v === null ? '' : fmt.time(v); } },
        { label: 'strategy', stroke: COLORS.strategy, width: 1.6, value: function (u, v) { return v === null ? '' : growth(v); } },
        { label: 'buy-and-hold', stroke: COLORS.hold, width: 1.3, value: function (u, v) { return v === null ? '' : growth(v); } }],
      axes: [timeAxis(), { label: 'return', labelSize: 18, size: 64, values: function (u, s) { return s.map(growth); } }],
      hooks: { drawClear: [oosBand(splitTime(chart))] }
    }, [chart.time, chart.equity, chart.buy_and_hold], 300);
    return f.fig;
  }

  function drawdownChart(chart) {
    var worst = function (a) { return a.reduce(function (m, v) { return Math.min(m, v); }, 0); };
    var summary = 'Drawdown below the running peak: strategy at worst ' + fmt.pct(worst(chart.drawdown)) +
      ', buy-and-hold at worst ' + fmt.pct(worst(chart.buy_and_hold_drawdown)) + '.';
    var f = figure('drawdown', ['Drawdown below the running peak: ', legendKey(COLORS.strategy), 'strategy',
      legendKey(COLORS.hold), 'buy-and-hold', bandKey(), 'out of sample.'], summary, chart.time.length);
    plot(f.box, {
      tzDate: utc,
      scales: { x: { time: true } },
      series: [{ label: 'time (UTC)', value: function (u, v) { return v === null ? '' : fmt.time(v); } },
        { label: 'strategy', stroke: COLORS.strategy, fill: 'rgba(21,101,192,0.15)', width: 1.3,
          value: function (u, v) { return v === null ? '' : fmt.pct(v); } },
        { label: 'buy-and-hold', stroke: COLORS.hold, width: 1, value: function (u, v) { return v === null ? '' : fmt.pct(v); } }],
      axes: [timeAxis(), { label: 'drawdown', labelSize: 18, size: 64, values: function (u, s) { return s.map(function (v) { return fmt.pct(v, 0); }); } }],
      hooks: { drawClear: [oosBand(splitTime(chart))] }
    }, [chart.time, chart.drawdown, chart.buy_and_hold_drawdown], 200);
    return f.fig;
  }

  function triangle(ctx, x, y, r, up) {
    ctx.beginPath();
    ctx.moveTo(x, y + (up ? -r : r));
    ctx.lineTo(x - r, y + (up ? r : -r));
    ctx.lineTo(x + r, y + (up ? r : -r));
    ctx.closePath();
    ctx.fill();
  }

  function priceChart(chart) {
    var trades = chart.trades || [];
    var summary = 'Close of ' + chart.symbol + ' ' + chart.timeframe + ' with ' + trades.length + ' trades marked: ' +
      'triangles up are long entries, down short entries, dark dots exits.';
    var f = figure('price', ['Close of ' + chart.symbol + ' (' + chart.timeframe + ') with the trades: ',
      markerKey('\u25B2', COLORS.long), 'long entry ', markerKey('\u25BC', COLORS.short), 'short entry ',
      markerKey('\u25CF', COLORS.exit), 'exit, at the fill price (' + chart.fill + ': ' + chart.fill_meaning + ').',
      bandKey(), 'out of sample.' + (chart.trade_count > trades.length ? ' The last ' + trades.length + ' of ' +
        chart.trade_count + ' trades are marked.' : '')], summary, chart.time.length);
    f.fig.setAttribute('data-trades', String(trades.length));
    var marks = function (u) {
      var ctx = u.ctx;
      var r = 4.5 * devicePixelRatio;
      ctx.save();
      trades.forEach(function (t) {
        var xe = u.valToPos(chart.time[t.entry_index], 'x', true);
        var ye = u.valToPos(t.entry_price, 'y', true);
        ctx.fillStyle = t.side === 'long' ? COLORS.long : COLORS.short;
        triangle(ctx, xe, ye, r, t.side === 'long');
        if (!t.open) {
          var xx = u.valToPos(chart.time[t.exit_index], 'x', true);
          var yx = u.valToPos(t.exit_price, 'y', true);
          ctx.fillStyle = COLORS.exit;
          ctx.beginPath();
          ctx.arc(xx, yx, r * 0.65, 0, 2 * Math.PI);
          ctx.fill();
        }
      });
      ctx.restore();
    };
    plot(f.box, {
      tzDate: utc,
      scales: { x: { time: true } },
      series: [{ label: 'time (UTC)', value: function (u, v) { return v === null ? '' : fmt.time(v); } },
        { label: 'close', stroke: '#424242', width: 1.2, value: function (u, v) { return v === null ? '' : fmt.num(v, 2); } }],
      axes: [timeAxis(), { label: 'price', labelSize: 18, size: 64 }],
      hooks: { drawClear: [oosBand(splitTime(chart))], draw: [marks] }
    }, [chart.time, chart.close], 300);
    return f.fig;
  }

  function tradeTable(chart) {
    var trades = (chart.trades || []).slice().reverse();
    var rows = trades.map(function (t) {
      return [t.side, fmt.time(t.entry_time), fmt.num(t.entry_price, 2), t.open ? 'open' : fmt.time(t.exit_time),
        fmt.num(t.exit_price, 2), fmt.int(t.bars), { text: fmt.signedPct(t['return'], 2), cls: t['return'] > 0 ? 'yes' : 'no' }];
    });
    return table('Trades, newest first (' + fmt.int(chart.trade_count) + ' in all; return = price move in the ' +
      'trade\u2019s direction less costs at entry and exit; an open trade is marked at the last close)',
    [{ label: 'side', cls: 'l' }, { label: 'entry (UTC)', cls: 'l' }, { label: 'entry price' },
      { label: 'exit (UTC)', cls: 'l' }, { label: 'exit price' }, { label: 'bars' }, { label: 'return' }], rows,
    { tall: true });
  }

  function legendKey(color) {
    var k = el('span', { cls: 'key', 'aria-hidden': 'true' });
    k.style.background = color;
    return k;
  }
  function bandKey() {
    return el('span', { cls: 'key band', 'aria-hidden': 'true' });
  }
  function markerKey(symbol, color) {
    var k = el('span', { 'aria-hidden': 'true', text: ' ' + symbol + ' ' });
    k.style.color = color;
    return k;
  }

  /* Fitness by generation; returns {fig, update(gens)} so live progress can add generations. */
  function fitnessChart(gens) {
    var data = function (g) {
      return [g.map(function (r) { return r.generation; }), g.map(function (r) { return r.best_fitness; }),
        g.map(function (r) { return r.mean_fitness; })];
    };
    var f = figure('fitness', ['Fitness by generation (in-sample Sharpe less trade and parsimony penalties): ',
      legendKey(COLORS.best), 'best', legendKey(COLORS.mean), 'mean of the population.'],
    'Fitness by generation, ' + gens.length + ' generations so far.', gens.length);
    var p = plot(f.box, {
      scales: { x: { time: false } },
      series: [{ label: 'generation' },
        { label: 'best', stroke: COLORS.best, width: 2, points: { show: true, size: 5 }, value: function (u, v) { return v === null ? '' : fmt.num(v, 3); } },
        { label: 'mean', stroke: COLORS.mean, width: 1.5, points: { show: true, size: 4 }, value: function (u, v) { return v === null ? '' : fmt.num(v, 3); } }],
      axes: [{ label: 'generation', labelSize: 18, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000] },
        { label: 'fitness', labelSize: 18, size: 56 }]
    }, data(gens), 240);
    return {
      fig: f.fig,
      update: function (g) {
        p.setData(data(g));
        f.fig.setAttribute('data-points', String(g.length));
        f.box.setAttribute('aria-label', 'Fitness by generation, ' + g.length + ' generations so far.');
      }
    };
  }

  /* Equity of live bars against the backtest's out-of-sample pace. */
  function liveChart(live) {
    var last = live.time.length - 1;
    var f = figure('live', ['Live bars: ', legendKey(COLORS.strategy), 'realised growth of the stored signals',
      legendKey(COLORS.hold), 'the backtest\u2019s out-of-sample pace over as many bars.'],
    'Live growth ' + growth(live.equity[last]) + ' over ' + live.bars + ' bars, against ' +
      growth(live.backtest_pace[last]) + ' at the backtest pace.', live.time.length);
    plot(f.box, {
      tzDate: utc,
      scales: { x: { time: true } },
      series: [{ label: 'time (UTC)', value: function (u, v) { return v === null ? '' : fmt.time(v); } },
        { label: 'live', stroke: COLORS.strategy, width: 1.6, value: function (u, v) { return v === null ? '' : growth(v); } },
        { label: 'backtest pace', stroke: COLORS.hold, width: 1.2, dash: [6, 4], value: function (u, v) { return v === null ? '' : growth(v); } }],
      axes: [timeAxis(), { label: 'return', labelSize: 18, size: 64, values: function (u, s) { return s.map(growth); } }]
    }, [live.time, live.equity, live.backtest_pace], 220);
    return f.fig;
  }

  /* Colour of a Sharpe ratio on a red-white-green scale over [-m, m]. */
  function heatColor(v, m) {
    if (v === null || v === undefined) { return null; }
    var t = Math.max(-1, Math.min(1, m > 0 ? v / m : 0));
    var mix = function (a, b) { return Math.round(255 + (b - 255) * Math.abs(t)); };
    return t >= 0 ? 'rgb(' + mix(0, 76) + ',' + mix(0, 175) + ',' + mix(0, 80) + ')'
      : 'rgb(' + mix(0, 229) + ',' + mix(0, 57) + ',' + mix(0, 53) + ')';
  }

  /* The heat map of two genes as a table of coloured cells with their numbers; a select switches the metric. */
  function heatMap(heat, idPrefix) {
    var id = (idPrefix || 'heat') + '-metric';
    var holder = el('div');
    var select = el('select', { id: id }, [el('option', { value: 'in_sample_sharpe', text: 'in-sample Sharpe (what evolution saw)' }),
      el('option', { value: 'out_of_sample_sharpe', text: 'out-of-sample Sharpe (look, don\u2019t choose)' })]);
    var draw = function () {
      var grid = heat[select.value];
      var m = 0;
      grid.forEach(function (row) { row.forEach(function (v) { if (v !== null) { m = Math.max(m, Math.abs(v)); } }); });
      var head = el('tr', null, [el('th', { scope: 'col', text: heat.y_gene + ' \u2193 / ' + heat.x_gene + ' \u2192' })]
        .concat(heat.x.map(function (x) { return el('th', { scope: 'col', text: fmt.num(x, x % 1 === 0 ? 0 : 2) }); })));
      var rows = grid.map(function (row, j) {
        return el('tr', null, [el('th', { scope: 'row', text: fmt.num(heat.y[j], heat.y[j] % 1 === 0 ? 0 : 2) })]
          .concat(row.map(function (v, i) {
            var chosen = heat.x[i] === heat.chosen_x && heat.y[j] === heat.chosen_y;
            var td = el('td', { cls: (v === null ? 'empty' : '') + (chosen ? ' chosen' : ''),
              title: heat.x_gene + ' ' + heat.x[i] + ', ' + heat.y_gene + ' ' + heat.y[j] + (chosen ? ' (evolved)' : ''),
              text: (chosen ? '\u2605 ' : '') + (v === null ? '\u2013' : fmt.num(v, 2)) });
            if (v !== null) { td.style.background = heatColor(v, m); }
            return td;
          })));
      });
      holder.replaceChildren(el('div', { cls: 'scroll' }, [el('table', { cls: 'heat' }, [
        el('caption', { text: select.options[select.selectedIndex].text + ' by ' + heat.x_gene + ' (columns) and ' +
          heat.y_gene + ' (rows) of ' + heat.seed + '; \u2605 the evolved values' }),
        el('thead', null, [head]), el('tbody', null, rows)])]));
    };
    select.addEventListener('change', draw);
    draw();
    return el('figure', { 'data-chart': 'heat-map', 'data-points': String(heat.x.length * heat.y.length) }, [
      el('label', { 'for': id, text: 'Heat map of ' }), select, holder, el('figcaption', { text: heat.note })]);
  }

  // ------------------------------------------------------------------ a strategy's charts

  function metricsRow(label, m) {
    m = m || {};
    return [{ text: label, cls: 'l' }, fmt.num(m.sharpe), fmt.num(m.sortino), fmt.signedPct(m.total_return),
      fmt.pct(m.max_drawdown), fmt.int(m.trades), fmt.pct(m.win_rate, 0), fmt.pct(m.exposure, 0), fmt.int(m.bars)];
  }

  function metricsTable(metrics) {
    return table('In and out of sample, beside buying and holding over the same bars', [{ label: '', cls: 'l' },
      { label: 'Sharpe' }, { label: 'Sortino' }, { label: 'return' }, { label: 'max drawdown' }, { label: 'trades' },
      { label: 'win rate' }, { label: 'exposure' }, { label: 'bars' }], [
      metricsRow('strategy, in sample', metrics.in_sample), metricsRow('buy-and-hold, in sample', metrics.buy_and_hold_in_sample),
      metricsRow('strategy, out of sample', metrics.out_of_sample), metricsRow('buy-and-hold, out of sample', metrics.buy_and_hold_out_of_sample)]);
  }

  /* Equity against buy-and-hold, drawdown, price with trades, the trade list, and the heat map when given. */
  function strategyCharts(root, chart, heat) {
    root.appendChild(el('p', { cls: 'muted', text: chart.symbol + ' ' + chart.timeframe + ', ' + fmt.int(chart.bars) +
      ' bars; ' + chart.fill_meaning + '; costs: ' + chart.costs + '.' }));
    root.appendChild(metricsTable(chart.metrics || {}));
    root.appendChild(el('h3', { text: 'Equity against buy-and-hold' }));
    root.appendChild(equityChart(chart));
    root.appendChild(el('h3', { text: 'Drawdown' }));
    root.appendChild(drawdownChart(chart));
    root.appendChild(el('h3', { text: 'Trades on the price' }));
    root.appendChild(priceChart(chart));
    root.appendChild(tradeTable(chart));
    if (heat) {
      root.appendChild(el('h3', { text: 'Parameter heat map: ' + heat.x_gene + ' and ' + heat.y_gene }));
      root.appendChild(heatMap(heat, 'heat'));
    }
  }

  // ------------------------------------------------------------------ a run

  function statusLine(view) {
    var p = el('p', { id: 'run-status', role: 'status', 'aria-live': 'polite' });
    fillStatus(p, view);
    return p;
  }

  function fillStatus(p, view) {
    var bits = [el('span', { cls: 'pill ' + view.status, text: String(view.status) }), ' '];
    var done = view.generations_done || 0;
    var total = view.generations_total;
    if (total) {
      bits.push(el('progress', { max: String(total), value: String(done), 'aria-label': 'generations done' }));
      bits.push(' ' + fmt.int(done) + ' of ' + fmt.int(total) + ' generations');
    } else {
      bits.push(fmt.int(done) + ' generations');
    }
    if (view.message) { bits.push(' \u2014 ' + view.message); }
    if (view.updated) { bits.push(' (updated ' + fmt.time(view.updated) + ')'); }
    p.replaceChildren.apply(p, bits);
  }

  function nodesTable(view) {
    var total = (view.nodes || []).reduce(function (s, n) { return s + n.evaluations; }, 0);
    return table('Evaluations (backtests) per node: ' + (view.evaluator || ''), [{ label: 'node', cls: 'l' },
      { label: 'evaluations' }, { label: 'share' }], (view.nodes || []).map(function (n) {
      return [{ text: n.node, cls: 'l' }, fmt.int(n.evaluations), fmt.pct(total ? n.evaluations / total : null, 0)];
    }));
  }

  function generationsTable(gens) {
    return table('Generations', [{ label: 'generation' }, { label: 'best' }, { label: 'mean' },
      { label: 'evaluations' }, { label: 'per node', cls: 'l' }, { label: 'time' }], gens.map(function (g) {
      var per = g.evaluations_per_node ? Object.keys(g.evaluations_per_node).map(function (k) {
        return k + ' ' + g.evaluations_per_node[k];
      }).join(', ') : 'local';
      return [fmt.int(g.generation), fmt.num(g.best_fitness, 3), fmt.num(g.mean_fitness, 3), fmt.int(g.evaluations),
        { text: per, cls: 'l' }, fmt.duration(g.duration_ms)];
    }), { tall: true });
  }

  function topTable(top) {
    return table('Top strategies, distinct in behaviour (fitness = in-sample Sharpe less penalties)', [
      { label: '#' }, { label: 'accepted' }, { label: 'fitness' }, { label: 'IS Sharpe' }, { label: 'OOS Sharpe' },
      { label: 'hold OOS Sharpe' }, { label: 'OOS return' }, { label: 'OOS max DD' }, { label: 'OOS trades' },
      { label: 'break-even' }, { label: 'strategy', cls: 'wrap' }], top.map(function (t) {
      var is = t.in_sample || {};
      var oos = t.out_of_sample || {};
      return [t.rank, yesNo(t.accepted), fmt.num(t.fitness, 3), fmt.num(is.sharpe), fmt.num(oos.sharpe),
        fmt.num(t.buy_and_hold_out_of_sample_sharpe), fmt.signedPct(oos.total_return), fmt.pct(oos.max_drawdown),
        fmt.int(oos.trades), fmt.bps(t.break_even_cost_bps), t.strategy];
    }));
  }

  /* Every criterion of every reported strategy: a matrix (criterion by rank), then the same in words. */
  function criteriaTable(top) {
    var names = [];
    top.forEach(function (t) {
      (t.criteria || []).forEach(function (c) { if (names.indexOf(c.criterion) < 0) { names.push(c.criterion); } });
    });
    var rows = names.map(function (n) {
      return [{ text: n, cls: 'l' }].concat(top.map(function (t) {
        var c = (t.criteria || []).filter(function (x) { return x.criterion === n; })[0];
        return c ? { text: (c.passed ? 'pass ' : 'FAIL ') + fmt.num(c.value, 3), cls: c.passed ? 'yes' : 'no' } : '';
      }));
    });
    var words = [];
    top.forEach(function (t) {
      (t.criteria || []).forEach(function (c) {
        words.push([t.rank, { text: c.criterion, cls: 'l' }, { text: c.passed ? 'pass' : 'FAIL', cls: c.passed ? 'yes' : 'no' },
          { text: c.detail, cls: 'wrap' }]);
      });
    });
    var sources = {};
    top.forEach(function (t) { if (t.criteria_source) { sources[t.criteria_source] = true; } });
    return el('div', null, [
      table('Acceptance: every criterion of every reported strategy (value measured); accepted when all pass',
        [{ label: 'criterion', cls: 'l' }].concat(top.map(function (t) { return { label: '#' + t.rank }; })), rows),
      el('details', null, [el('summary', { text: 'Each criterion in words, with its threshold' }),
        table('', [{ label: '#' }, { label: 'criterion', cls: 'l' }, { label: 'verdict', cls: 'l' }, { label: 'value and threshold', cls: 'wrap' }], words)]),
      el('p', { cls: 'muted', text: Object.keys(sources).length ? 'Criteria: ' + Object.keys(sources).join('; ') + '.' : '' })]);
  }

  function foldsTable(folds) {
    return table('Folds: each evolved on its in-sample window and traded its winner, unchanged, on the next', [
      { label: 'fold' }, { label: 'in sample from (UTC)', cls: 'l' }, { label: 'out of sample (UTC)', cls: 'l' },
      { label: 'IS Sharpe' }, { label: 'OOS Sharpe' }, { label: 'OOS return' }, { label: 'OOS trades' },
      { label: 'DSR' }, { label: 'accepted' }, { label: 'winner', cls: 'wrap' }], folds.map(function (f) {
      return [f.fold, { text: f.in_sample_start ? fmt.time(f.in_sample_start) : 'n/a', cls: 'l' },
        { text: f.out_of_sample_start ? fmt.time(f.out_of_sample_start) + ' to ' + fmt.time(f.out_of_sample_end) : 'n/a', cls: 'l' },
        fmt.num(f.in_sample_sharpe), fmt.num(f.out_of_sample_sharpe), fmt.signedPct(f.out_of_sample_return),
        fmt.int(f.out_of_sample_trades), fmt.num(f.deflated_sharpe, 3), yesNo(f.accepted), f.strategy];
    }));
  }

  /*
   * The run page. `view` is the run report (GET /runs/{id}/report, or the one report.html carries). Returns a
   * handle whose update(view) redraws status and fitness for live progress.
   */
  function run(root, view) {
    root.replaceChildren();
    var wf = view.mode === 'walk-forward';
    root.appendChild(el('h1', { text: (wf ? 'Walk-forward run ' : 'Run ') + view.run_id }));
    var status = statusLine(view);
    root.appendChild(status);
    var best = (view.top || []).filter(function (t) { return t.rank === 1; })[0];
    root.appendChild(el('div', { cls: 'cards' }, [card('data', view.symbol + ' ' + view.timeframe),
      card('seeds', (view.seeds || []).length ? String((view.seeds || []).length) : 'all eligible'),
      card(wf ? 'fold 1 IS Sharpe' : 'best IS Sharpe', fmt.num(view.best_in_sample_sharpe)),
      card(wf ? 'fold 1 OOS Sharpe' : 'best OOS Sharpe', fmt.num(view.best_out_of_sample_sharpe)),
      card('deflated Sharpe', view.deflated_sharpe === null || view.deflated_sharpe === undefined ? 'n/a' : fmt.num(view.deflated_sharpe, 3)),
      card('accepted', fmt.int(view.accepted) + ' of ' + fmt.int(view.results)),
      card('duration', fmt.duration(view.duration_ms)), card('started', fmt.time(view.created))]));
    var s = view.settings || {};
    root.appendChild(el('p', { cls: 'muted', text: 'Random seed ' + view.seed + '; population ' + fmt.int(s.population) +
      ', ' + fmt.int(s.generations) + ' generations' + (wf ? ' per fold' : '') + ', mutation ' + fmt.num(s.mutation) +
      ', crossover ' + fmt.num(s.crossover) + ', elite ' + fmt.pct(s.elite, 0) + '; fill ' + (s.fill || 'n/a') +
      ', fee ' + fmt.num(s.fee_bps, 1) + ' bps, slippage ' + fmt.num(s.slippage_bps, 1) + ' bps' +
      (s.allow_short ? ', shorts allowed' : ', long only') + ', held out ' + fmt.pct(s.out_of_sample_fraction, 0) +
      '. Seeds: ' + ((view.seeds || []).join(', ') || 'all eligible') + '.' }));
    if (view.verdict) { root.appendChild(el('p', { cls: 'notice' + (view.accepted ? ' good' : ''), text: view.verdict })); }
    (view.notes || []).forEach(function (n) { root.appendChild(el('p', { cls: 'notice bad', text: 'warning: ' + n })); });

    root.appendChild(el('h2', { text: 'Fitness by generation' }));
    var fitness = fitnessChart(view.generations || []);
    root.appendChild(fitness.fig);
    var gensBox = el('details', null, [el('summary', { text: 'Every generation' }), generationsTable(view.generations || [])]);
    root.appendChild(gensBox);
    root.appendChild(el('h2', { text: 'Where the evaluations ran' }));
    var nodesBox = el('div', null, [nodesTable(view)]);
    root.appendChild(nodesBox);

    if ((view.top || []).length && !wf) {
      root.appendChild(el('h2', { text: 'Top strategies' }));
      root.appendChild(topTable(view.top));
      root.appendChild(criteriaTable(view.top));
    }
    if (wf && view.folds) {
      root.appendChild(el('h2', { text: 'Folds' }));
      root.appendChild(foldsTable(view.folds));
    }
    if (view.stitched) {
      root.appendChild(el('h2', { text: 'Stitched out-of-sample equity (the headline)' }));
      root.appendChild(equityChart(view.stitched));
    }
    if (view.best) {
      root.appendChild(el('h2', { text: 'The best strategy, #1' }));
      root.appendChild(el('p', { cls: 'wrap', text: view.best.strategy || (best && best.strategy) || '' }));
      strategyCharts(root, view.best, view.heat_map);
    } else if (view.best_note) {
      root.appendChild(el('p', { cls: 'notice', text: view.best_note }));
    }
    (view.tables || []).forEach(function (t) {
      root.appendChild(el('h2', { text: t.title }));
      root.appendChild(table(t.caption || '', t.columns.map(function (c, i) { return { label: c, cls: i === 0 || t.left ? 'l' : null }; }), t.rows));
      (t.notes || []).forEach(function (n) { root.appendChild(el('p', { cls: 'notice bad', text: n })); });
    });
    return {
      update: function (v) {
        fillStatus(status, v);
        if (v.generations) {
          fitness.update(v.generations);
          gensBox.replaceChildren(el('summary', { text: 'Every generation' }), generationsTable(v.generations));
        }
      }
    };
  }

  global.SeedgridCharts = { fmt: fmt, el: el, table: table, yesNo: yesNo, card: card, run: run,
    strategyCharts: strategyCharts, fitnessChart: fitnessChart, liveChart: liveChart, heatMap: heatMap,
    equityChart: equityChart };
})(window);
