/*
 * The seedgrid dashboard: pages for runs, strategies, validation and the cluster over the service's JSON API. No
 * framework: a hash router, fetch, one EventSource per followed run. Writes send the API token typed into the
 * header (kept in sessionStorage: this tab only); the service decides, and its refusals are shown as it words them.
 */
(function () {
  'use strict';
  var C = window.SeedgridCharts;
  var fmt = C.fmt;
  var el = C.el;
  var main = document.getElementById('main');
  var tokenInput = document.getElementById('token');
  var stream = null; // the EventSource of the run page, closed when leaving it

  tokenInput.value = sessionStorage.getItem('seedgrid-token') || '';
  tokenInput.addEventListener('input', function () { sessionStorage.setItem('seedgrid-token', tokenInput.value); });
  document.getElementById('token-form').addEventListener('submit', function (e) { e.preventDefault(); });

  function token() { return tokenInput.value.trim(); }

  /* GET or POST JSON; resolves {status, body} whatever the status, rejects only when the service does not answer. */
  function api(method, path, body) {
    var headers = { 'Accept': 'application/json' };
    if (method !== 'GET' && token()) { headers.Authorization = 'Bearer ' + token(); }
    if (body !== undefined) { headers['Content-Type'] = 'application/json'; }
    return fetch(path, { method: method, headers: headers, body: body === undefined ? undefined : JSON.stringify(body) })
      .then(function (r) {
        return r.text().then(function (t) {
          var json = null;
          try { json = t ? JSON.parse(t) : null; } catch (e) { json = { error: t }; }
          return { status: r.status, body: json };
        });
      });
  }

  function get(path) {
    return api('GET', path).then(function (r) {
      if (r.status >= 400) { throw new Error((r.body && r.body.error) || ('HTTP ' + r.status)); }
      return r.body;
    });
  }

  function enc(id) { return encodeURIComponent(id); }

  function failed(e) {
    main.replaceChildren(el('h1', { text: 'Cannot show this page' }), el('p', { cls: 'notice bad', role: 'alert',
      text: e && e.message ? e.message : String(e) }));
  }

  function title(text) {
    document.title = text + ' \u2014 seedgrid';
  }

  // ------------------------------------------------------------------ router

  function route() {
    if (stream) { stream.close(); stream = null; }
    var hash = location.hash.replace(/^#\/?/, '');
    var parts = hash.split('/').map(decodeURIComponent);
    var page = parts[0] || 'runs';
    document.querySelectorAll('.top nav a').forEach(function (a) {
      if (a.getAttribute('data-page') === page) { a.setAttribute('aria-current', 'page'); } else { a.removeAttribute('aria-current'); }
    });
    main.replaceChildren(el('p', { text: 'Loading\u2026' }));
    var done;
    if (page === 'runs' && parts[1]) { done = runPage(parts.slice(1).join('/')); } else if (page === 'runs') { done = runsPage(); } else if (page === 'new-run') {
      done = newRunPage();
    } else if (page === 'strategies' && parts[1]) { done = strategyPage(parts.slice(1).join('/')); } else if (page === 'strategies') {
      done = strategiesPage();
    } else if (page === 'validation') { done = validationPage(); } else if (page === 'cluster') { done = clusterPage(); } else {
      done = Promise.reject(new Error('no page "' + hash + '"'));
    }
    done.then(function () { main.setAttribute('data-ready', page); }, failed);
  }
  window.addEventListener('hashchange', route);

  // ------------------------------------------------------------------ runs

  function runsPage() {
    title('Runs');
    return get('/dashboard/runs?limit=100').then(function (runs) {
      var rows = runs.map(function (r) {
        return [el('a', { href: '#/runs/' + enc(r.run_id), text: r.run_id }), el('span', { cls: 'pill ' + r.status, text: r.status }),
          { text: r.symbol + ' ' + r.timeframe, cls: 'l' }, { text: r.seeds.length ? r.seeds.join(', ') : 'all eligible', cls: 'wrap' },
          r.mode, fmt.num(r.best_in_sample_sharpe), fmt.num(r.best_out_of_sample_sharpe),
          r.deflated_sharpe === null ? 'n/a' : fmt.num(r.deflated_sharpe, 3), fmt.int(r.accepted) + ' of ' + fmt.int(r.results),
          fmt.duration(r.duration_ms), { text: fmt.time(r.created), cls: 'l' }];
      });
      main.replaceChildren(el('h1', { text: 'Runs' }), el('p', { cls: 'actions' }, [el('a', { href: '#/new-run', text: 'Start a new run' })]),
        runs.length ? C.table(runs.length + ' most recent runs, newest first (best = rank 1; deflated Sharpe from the run\u2019s report.json when it has one)', [
          { label: 'run', cls: 'l' }, { label: 'status', cls: 'l' }, { label: 'data', cls: 'l' }, { label: 'seeds', cls: 'wrap' },
          { label: 'mode', cls: 'l' }, { label: 'best IS Sharpe' }, { label: 'best OOS Sharpe' }, { label: 'deflated Sharpe' },
          { label: 'accepted' }, { label: 'duration' }, { label: 'started (UTC)', cls: 'l' }], rows)
          : el('p', { text: 'No runs stored yet: start one here or with "seedgrid evolve".' }));
    });
  }

  function runPage(id) {
    title('Run ' + id);
    return get('/runs/' + enc(id) + '/report').then(function (view) {
      var handle = C.run(main, view);
      if (['COMPLETED', 'FAILED', 'INTERRUPTED'].indexOf(String(view.status)) < 0) { follow(id, view, handle); }
    });
  }

  /* Live progress: the service pushes new generations and status changes; the page redraws as they come. */
  function follow(id, view, handle) {
    var gens = (view.generations || []).slice();
    var last = gens.length ? gens[gens.length - 1].generation : -1;
    var current = Object.assign({}, view);
    stream = new EventSource('/runs/' + enc(id) + '/events?after=' + last);
    var es = stream;
    es.addEventListener('generation', function (e) {
      var g = JSON.parse(e.data);
      if (gens.some(function (x) { return x.generation === g.generation; })) { return; }
      gens.push(g);
      current.generations = gens;
      current.generations_done = gens.length;
      handle.update(current);
    });
    es.addEventListener('status', function (e) {
      Object.assign(current, JSON.parse(e.data));
      current.generations = gens;
      handle.update(current);
    });
    es.addEventListener('done', function () {
      es.close();
      if (stream === es) { stream = null; route(); } // the whole report, with the best strategy's charts
    });
    es.addEventListener('gone', function () { es.close(); });
  }

  // ------------------------------------------------------------------ the run form

  function newRunPage() {
    title('New run');
    return get('/dashboard/run-options').then(function (o) {
      var form = el('form', { cls: 'run', novalidate: true, 'aria-describedby': 'form-help' });
      var summary = el('div', { id: 'form-result', role: 'alert' });
      var inputs = {};
      o.fields.forEach(function (f) {
        var id = 'f-' + f.name;
        var err = el('span', { cls: 'error', id: id + '-error' });
        var help = el('span', { cls: 'help', id: id + '-help', text: [f.help, f.option ? 'evolve ' + f.option : null,
          f.default !== null && f.default !== undefined && f.kind !== 'boolean' ? 'default ' + f.default : null,
          f.min !== null && f.min !== undefined ? 'range ' + f.min + ' to ' + f.max : null].filter(Boolean).join('; ') });
        var described = id + '-help ' + id + '-error';
        var box;
        if (f.kind === 'seeds') {
          box = el('fieldset', { cls: 'field wide', 'aria-describedby': described }, [el('legend', { text: f.label })]
            .concat(o.seeds.map(function (s) {
              var cb = el('input', { type: 'checkbox', value: s.name, name: 'seeds' });
              return el('label', null, [cb, s.name + ' (' + s.type.toLowerCase().replace('_', ' ') + ')']);
            })).concat([help, err]));
          inputs[f.name] = { kind: f.kind, node: box, err: err };
        } else if (f.kind === 'boolean') {
          var cb = el('input', { type: 'checkbox', id: id, 'aria-describedby': described, checked: f.default === true });
          box = el('div', { cls: 'field check' }, [cb, el('label', { 'for': id, text: f.label }), help, err]);
          inputs[f.name] = { kind: f.kind, node: cb, err: err };
        } else if (f.kind === 'fill') {
          var sel = el('select', { id: id, 'aria-describedby': described }, o.fills.map(function (v) {
            return el('option', { value: v, text: v, selected: v === f.default });
          }));
          box = el('div', { cls: 'field' }, [el('label', { 'for': id, text: f.label }), sel, help, err]);
          inputs[f.name] = { kind: f.kind, node: sel, err: err };
        } else {
          var attrs = { id: id, type: 'text', 'aria-describedby': described, placeholder: f.default === null ||
            f.default === undefined ? '' : String(f.default), inputmode: f.kind === 'integer' ? 'numeric' : f.kind === 'number' ? 'decimal' : null,
          autocomplete: 'off', spellcheck: 'false' };
          if (f.kind === 'symbol') { attrs.list = 'symbols'; attrs.required = true; attrs['aria-required'] = 'true'; }
          var input = el('input', attrs);
          box = el('div', { cls: 'field' }, [el('label', { 'for': id, text: f.label + (f.kind === 'symbol' ? ' (required)' : '') }), input, help, err]);
          inputs[f.name] = { kind: f.kind, node: input, err: err };
        }
        form.appendChild(box);
      });
      var list = el('datalist', { id: 'symbols' }, o.symbols.map(function (s) {
        return el('option', { value: s.symbol, text: s.symbol + (s.timeframe ? ' ' + s.timeframe : '') + ' (' + s.source + ')' });
      }));
      var submit = el('button', { type: 'submit', cls: 'primary', text: 'Start the run' });
      form.appendChild(el('div', { cls: 'field wide' }, [submit]));
      form.addEventListener('submit', function (e) {
        e.preventDefault();
        var body = {};
        Object.keys(inputs).forEach(function (name) {
          var i = inputs[name];
          i.err.textContent = '';
          (i.kind === 'seeds' ? i.node : i.node).removeAttribute('aria-invalid');
          if (i.kind === 'seeds') {
            var picked = Array.prototype.filter.call(i.node.querySelectorAll('input'), function (c) { return c.checked; })
              .map(function (c) { return c.value; });
            if (picked.length) { body.seeds = picked; }
          } else if (i.kind === 'boolean') {
            body[name] = i.node.checked;
          } else if (i.kind === 'fill') {
            body[name] = i.node.value;
          } else {
            var v = i.node.value.trim();
            if (v === '') { return; }
            // numbers go as numbers when they read as such; anything else as typed, for the service to refuse in words
            body[name] = (i.kind === 'integer' || i.kind === 'number') && v !== '' && !isNaN(Number(v)) ? Number(v) : v;
          }
        });
        submit.disabled = true;
        summary.replaceChildren(el('p', { text: 'Submitting\u2026' }));
        api('POST', '/runs', body).then(function (r) {
          submit.disabled = false;
          if (r.status === 202) {
            location.hash = '#/runs/' + enc(r.body.run_id);
            return;
          }
          var field = r.body && r.body.field;
          var message = (r.body && r.body.error) || ('HTTP ' + r.status);
          summary.replaceChildren(el('p', { cls: 'notice bad', text: 'Not started (' + r.status + '): ' + message }));
          if (field && inputs[field]) {
            inputs[field].err.textContent = message;
            inputs[field].node.setAttribute('aria-invalid', 'true');
            if (inputs[field].node.focus) { inputs[field].node.focus(); }
          }
        }, function (e) { submit.disabled = false; summary.replaceChildren(el('p', { cls: 'notice bad', text: String(e) })); });
      });
      main.replaceChildren(el('h1', { text: 'Start a run' }), el('p', { id: 'form-help', text: 'The options of seedgrid evolve. ' +
        'Empty fields take their defaults; the service checks everything and says what it refuses. Starting a run ' +
        'needs the API token (top right).' + (o.writes_enabled ? '' : ' This service was started without a token: it refuses every write.') }),
      list, form, summary);
    });
  }

  // ------------------------------------------------------------------ strategies

  function strategiesPage() {
    title('Strategies');
    return get('/strategies').then(function (all) {
      var byName = {};
      all.forEach(function (s) { (byName[s.name] = byName[s.name] || []).push(s); });
      var names = Object.keys(byName).sort();
      var parts = [el('h1', { text: 'Strategies' }), el('p', { cls: 'muted', text: all.length + ' versions of ' +
        names.length + ' names. DRAFT \u2192 TESTING \u2192 STAGING (\u2192 SHADOW) \u2192 CANARY 10% \u2192 25% \u2192 50% \u2192 100% \u2192 PRODUCTION; gates guard STAGING, each canary step and PRODUCTION.' })];
      if (!names.length) { parts.push(el('p', { text: 'No strategy registered yet: an accepted run registers its best.' })); }
      names.forEach(function (n) {
        parts.push(el('h2', { text: n }));
        parts.push(C.table(byName[n].length + ' version(s)', [{ label: 'version', cls: 'l' }, { label: 'stage', cls: 'l' },
          { label: 'since (UTC)', cls: 'l' }, { label: 'from run', cls: 'l' }, { label: 'after', cls: 'l' },
          { label: 'OOS Sharpe' }, { label: 'hold OOS Sharpe' }, { label: 'OOS max DD' }, { label: 'fill', cls: 'l' },
          { label: 'drift', cls: 'l' }], byName[n].map(function (s) {
          return [el('a', { href: '#/strategies/' + enc(s.id), text: s.id }), el('span', { cls: 'pill ' + s.stage, text: s.stage }),
            { text: fmt.time(s.stage_since), cls: 'l' }, s.run_id ? el('a', { href: '#/runs/' + enc(s.run_id), text: s.run_id + ' #' + s.rank }) : '',
            { text: s.parent_id || '', cls: 'l' }, fmt.num(s.out_of_sample_sharpe), fmt.num(s.buy_and_hold_out_of_sample_sharpe),
            fmt.pct(s.out_of_sample_max_drawdown), { text: s.fill, cls: 'l' },
            { text: s.drift || 'not checked', cls: 'l ' + (s.drifting ? 'no' : '') }];
        })));
      });
      main.replaceChildren.apply(main, parts);
    });
  }

  function gatesTable(caption, gates) {
    return C.table(caption, [{ label: 'gate', cls: 'l' }, { label: 'verdict', cls: 'l' }, { label: 'in words', cls: 'wrap' }],
      gates.map(function (g) {
        return [{ text: g.gate, cls: 'l' }, { text: g.passed ? 'passed' : 'FAILED', cls: g.passed ? 'yes' : 'no' }, g.detail];
      }));
  }

  /* A strategy's page; `notice` (optional) is what the last action did, shown where actions answer. */
  function strategyPage(id, notice) {
    title('Strategy ' + id);
    return Promise.all([get('/strategies/' + enc(id)), get('/strategies/' + enc(id) + '/chart')]).then(function (got) {
      var s = got[0];
      var c = got[1];
      var parts = [el('h1', { text: s.id }),
        el('p', { id: 'stage' }, ['Stage ', el('span', { cls: 'pill ' + s.stage, id: 'stage-value', text: s.stage }),
          ' since ' + fmt.time(s.stage_since) + (s.drift ? '; drift: ' + s.drift.status : '')])];
      var result = el('div', { id: 'action-result', role: 'alert' });
      var act = function (what) {
        return el('button', { type: 'button', id: 'do-' + what, text: what[0].toUpperCase() + what.substring(1), onclick: function () {
          result.replaceChildren(el('p', { text: what + '\u2026' }));
          api('POST', '/strategies/' + enc(s.id) + '/' + what).then(function (r) {
            if (r.status === 200) {
              var after = r.body;
              var said = what + ': ' + after.id + ' is now ' + after.stage + '.';
              main.removeAttribute('data-ready');
              if (after.id !== s.id) { // a rollback restores another version: show that one
                location.hash = '#/strategies/' + enc(after.id);
                return;
              }
              strategyPage(s.id, said).then(function () { main.setAttribute('data-ready', 'strategies'); }, failed);
              return;
            }
            var b = r.body || {};
            var bits = [el('p', { cls: 'notice bad', text: (r.status === 409 && b.failed_gates ? 'Refused: ' : 'Not done (' + r.status + '): ') + (b.error || '') })];
            if (b.gates) { bits.push(gatesTable('The gates of ' + b.from + ' \u2192 ' + b.to, b.gates)); }
            result.replaceChildren.apply(result, bits);
          }, function (e) { result.replaceChildren(el('p', { cls: 'notice bad', text: String(e) })); });
        } });
      };
      parts.push(el('div', { cls: 'actions' }, [act('promote'), act('rollback'), act('archive')]));
      parts.push(el('p', { cls: 'help', text: 'Promote moves one stage up if its gates pass; rollback puts the previous PRODUCTION version back; archive retires this one. Each needs the API token.' }));
      parts.push(result);
      if (notice) { result.appendChild(el('p', { cls: 'notice good', text: notice })); }
      var lineage = ['Lineage: ', s.run_id ? el('a', { href: '#/runs/' + enc(s.run_id), text: 'run ' + s.run_id + ', rank ' + s.rank }) : 'not from a run',
        s.parent_id ? '; succeeds ' : '; first version of ' + s.name];
      if (s.parent_id) { lineage.push(el('a', { href: '#/strategies/' + enc(s.parent_id), text: s.parent_id })); }
      parts.push(el('p', null, lineage));
      parts.push(el('p', { cls: 'wrap', text: s.definition.text }));
      parts.push(el('div', { cls: 'cards' }, [card('OOS Sharpe', fmt.num(s.out_of_sample_sharpe)),
        card('hold OOS Sharpe', fmt.num(s.buy_and_hold_out_of_sample_sharpe)), card('OOS max drawdown', fmt.pct(s.out_of_sample_max_drawdown)),
        card('evolved on', s.evolved_on.symbol + ' ' + s.evolved_on.timeframe + ', ' + fmt.int(s.evolved_on.bars) + ' bars'),
        card('out of sample from', fmt.time(s.evolved_on.out_of_sample_from))]));
      parts.push(el('h2', { text: 'Next gate' }));
      parts.push(s.next_gates && s.next_gates.length ? gatesTable('What the next promotion would face, judged now', s.next_gates)
        : el('p', { text: s.stage === 'PRODUCTION' || s.stage === 'ARCHIVED' ? 'No further stage.' : 'The next step has no gate.' }));
      var passed = (s.history || []).filter(function (e) { return e.details && e.details.gates; });
      parts.push(el('h2', { text: 'Gates judged so far' }));
      parts.push(passed.length ? C.table('Promotions and refusals with their gates', [{ label: 'when (UTC)', cls: 'l' },
        { label: 'event', cls: 'l' }, { label: 'gates', cls: 'wrap' }], passed.map(function (e) {
        return [{ text: fmt.time(e.at), cls: 'l' }, { text: e.kind + ' (' + e.stage + ')', cls: 'l' }, e.details.gates.map(function (g) {
          return (g.passed ? 'passed ' : 'FAILED ') + g.gate + ': ' + g.detail;
        }).join('; ')];
      })) : el('p', { text: 'No gate judged yet.' }));
      parts.push(el('h2', { text: 'Drift' }));
      parts.push(el('p', { text: s.drift ? s.drift.status + ': ' + s.drift.message + ' (checked ' + fmt.time(s.drift.at) + ')'
        : 'Not checked: drift is judged for CANARY and PRODUCTION strategies.' }));
      var live = c.live;
      parts.push(el('h2', { text: 'Live signals and returns' }));
      parts.push(el('p', { cls: 'muted', text: fmt.int(live.signals_stored) + ' signals stored; ' + live.fill_meaning + '.' }));
      if (live.bars > 0) {
        parts.push(C.liveChart(live));
        parts.push(el('p', { text: 'Mean realised return per live bar ' + fmt.pct(live.live_mean, 3) + ' against the backtest\u2019s out-of-sample pace of ' +
          fmt.pct(live.backtest_pace_per_bar, 3) + ' (over ' + fmt.int(live.bars) + ' live bars).' }));
      } else {
        parts.push(el('p', { text: 'No live bars yet: signals are computed for bars ingested after registration (seedgrid signals, or GET /strategies/' + s.id + '/signals with the token).' }));
      }
      if (live.latest_signals.length) {
        parts.push(C.table('Latest signals, newest first', [{ label: 'bar end (UTC)', cls: 'l' }, { label: 'signal' }, { label: 'position', cls: 'l' }],
          live.latest_signals.map(function (p) {
            return [{ text: fmt.time(p.time), cls: 'l' }, fmt.num(p.signal, 3), { text: p.position > 0 ? 'long' : p.position < 0 ? 'short' : 'flat', cls: 'l' }];
          })));
      }
      parts.push(el('h2', { text: 'Backtest on the bars it was evolved on' }));
      main.replaceChildren.apply(main, parts);
      if (c.chart) { C.strategyCharts(main, c.chart, c.heat_map); } else { main.appendChild(el('p', { cls: 'notice', text: c.chart_note })); }
      main.appendChild(el('h2', { text: 'Log' }));
      main.appendChild(C.table('Every change, oldest first', [{ label: '#' }, { label: 'when (UTC)', cls: 'l' }, { label: 'event', cls: 'l' },
        { label: 'stage', cls: 'l' }, { label: 'by', cls: 'l' }, { label: 'message', cls: 'wrap' }], (s.history || []).map(function (e) {
        return [e.seq, { text: fmt.time(e.at), cls: 'l' }, { text: e.kind, cls: 'l' }, { text: e.stage, cls: 'l' }, { text: e.actor, cls: 'l' }, e.message || ''];
      }), { tall: true }));
    });
  }

  function card(k, v) { return C.card(k, v); }

  // ------------------------------------------------------------------ validation and cluster

  function validationPage() {
    title('Validation');
    return get('/validation/reports?limit=50').then(function (reports) {
      var parts = [el('h1', { text: 'Validation' })];
      if (!reports.length) {
        parts.push(el('p', { text: 'No validation report stored yet: run "seedgrid validate".' }));
        main.replaceChildren.apply(main, parts);
        return;
      }
      parts.push(C.table('Reports, newest first', [{ label: 'when (UTC)', cls: 'l' }, { label: 'verdict', cls: 'l' },
        { label: 'score' }, { label: 'checks passed' }, { label: 'status', cls: 'l' }, { label: 'why not ready', cls: 'wrap' }],
      reports.map(function (r) {
        return [{ text: fmt.time(r.at), cls: 'l' }, { text: r.production_ready ? 'PRODUCTION READY' : 'NOT READY', cls: r.production_ready ? 'yes' : 'no' },
          fmt.num(r.business_value_score, 1), fmt.int(r.passed_tests) + ' of ' + fmt.int(r.total_tests) + ' (' + fmt.pct(r.pass_rate, 0) + ')',
          { text: r.overall_status, cls: 'l' }, (r.not_ready_because || []).join('; ')];
      })));
      reports.forEach(function (r, i) {
        var d = el('details', { open: i === 0 }, [el('summary', { text: fmt.time(r.at) + ': ' + (r.production_ready ? 'ready' : 'not ready') + ', score ' + fmt.num(r.business_value_score, 1) }),
          C.table('Checks of ' + r.id + ' (* critical)', [{ label: 'check', cls: 'l' }, { label: 'status', cls: 'l' }, { label: 'time' },
            { label: 'weight' }, { label: 'evidence or reason', cls: 'wrap' }], r.checks.map(function (c) {
            return [{ text: c.name + (c.critical ? ' *' : ''), cls: 'l' }, { text: c.status, cls: 'l ' + (c.status === 'PASSED' ? 'yes' : c.status === 'FAILED' ? 'no' : '') },
              fmt.duration(c.millis), fmt.num(c.weight, 0), c.status === 'PASSED' ? c.evidence : c.reason];
          }))]);
        parts.push(d);
      });
      main.replaceChildren.apply(main, parts);
    });
  }

  function clusterPage() {
    title('Cluster');
    return Promise.all([get('/cluster'), api('GET', '/health/detailed').then(function (r) { return r.body; })]).then(function (got) {
      var c = got[0];
      var h = got[1] || {};
      var s = c.service;
      var parts = [el('h1', { text: 'Cluster' }), el('p', { cls: 'notice', text: c.note }),
        el('h2', { text: 'This service' }),
        C.table('Where runs started here compute', [{ label: 'node', cls: 'l' }, { label: 'cores' }, { label: 'evaluation threads' },
          { label: 'runs computing' }, { label: 'runs waiting' }, { label: 'at most' }, { label: 'event streams' }],
        [[{ text: s.node, cls: 'l' }, fmt.int(s.cores), fmt.int(s.evaluation_threads), fmt.int(s.runs_running), fmt.int(s.runs_queued),
          fmt.int(s.max_running_runs) + ' + ' + fmt.int(s.max_queued_runs) + ' waiting', fmt.int(s.event_streams)]]),
        el('p', { cls: 'muted', text: 'Storage: ' + ((h.storage && h.storage.backend) || 'n/a') + ', ' + ((h.storage && h.storage.status) || 'n/a') + '; service status ' + (h.status || 'n/a') + '.' }),
        el('h2', { text: 'Grid nodes in recorded runs' })];
      parts.push(c.grid_nodes.length ? C.table('Nodes that evaluated generations of the last ' + c.runs_looked_at + ' runs (jobs = backtests)', [
        { label: 'node', cls: 'l' }, { label: 'cores' }, { label: 'jobs served' }, { label: 'generations' }, { label: 'runs' }, { label: 'last seen (UTC)', cls: 'l' }],
      c.grid_nodes.map(function (n) {
        return [{ text: n.node, cls: 'l' }, n.cores === null ? 'not recorded' : fmt.int(n.cores), fmt.int(n.evaluations), fmt.int(n.generations),
          fmt.int(n.runs), { text: fmt.time(n.last_seen), cls: 'l' }];
      })) : el('p', { text: 'None: the last ' + c.runs_looked_at + ' runs recorded no grid node.' }));
      parts.push(el('p', { text: fmt.int(c.local_evaluations) + ' evaluations of ' + fmt.int(c.local_runs) + ' recent run(s) ran on a local evaluator (the threads of the process that ran them).' }));
      main.replaceChildren.apply(main, parts);
    });
  }

  route();
})();
