// emend report: builds a document's side-by-side view from its JSON only
// when the reader opens it, so a report of hundreds of documents loads as
// a list of closed <details>. Text goes in through textContent only.
(function () {
  'use strict';
  const WS = { ' ': '␣', '\n': '⏎\n', '\t': '⇥', '\f': '␌\n', '\r': '␍', '\u3000': '▢' };
  // In the inspector's one-line diff a line break is only its sign.
  const inline = (s) => s.replace(/\s/g, (c) => (WS[c] || '·').trim());
  const built = new Map();
  let selected = [];

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  const RULES = JSON.parse(document.getElementById('rule-names').textContent);

  // The [[keep]] table, as `keep::keep_toml` writes it; `at` comes from
  // Rust already quoted as a TOML string.
  function keepToml(code, rule, at) {
    if (code[0] === 'D') {
      return '# ' + code + ' ' + rule + ' is a declared fix: edit or remove its table in the document\'s TOML\n';
    }
    if (at == null) return '# ' + code + ' ' + rule + ': no anchor matches once around this change\n';
    return '[[keep]]\nat = ' + at + '\nrule = "' + rule + '"\nreason = "' + code + ' ' + rule +
      ': say why the raw text is right"\n';
  }

  function change([code, kind, at, before, after, keep, to, reason, score]) {
    const rule = RULES[code];
    return { code, rule, kind, at, before, after, keep: keepToml(code, rule, keep), to, reason, score };
  }

  function docData(di) {
    if (!built.has(di)) {
      const doc = JSON.parse(document.getElementById('data-' + di).textContent);
      doc.ch = doc.ch.map(change);
      built.set(di, doc);
    }
    return built.get(di);
  }

  function tip(c) {
    let t = c.code + ' ' + c.rule + ' · ' + c.kind + ' at ' + c.at;
    if (c.to) t += ' → ' + c.to;
    if (c.reason) t += '\nreason: ' + c.reason;
    if (c.score) t += '\nscore: ' + c.score + ' (1.00: the rule\'s own bar)';
    if (c.kind !== 'move') t += '\n− ' + c.before + '\n+ ' + c.after;
    return t + '\n(click: details and the [[keep]] that vetoes it)';
  }

  // One piece of a pane: a change's text, a marker, or a finding's flag.
  function piece(text, kind, i, doc, di) {
    if (kind === 1) {
      const f = doc.fd[i];
      const a = el('a', 'fl r-' + f.code + ' sev-' + f.severity, '⚑');
      a.id = 'd' + di + '-f' + i;
      a.title = f.code + ' ' + f.rule + ' (' + f.severity + '): ' + f.message +
        (f.score ? ' (score ' + f.score + ')' : '');
      return a;
    }
    const c = doc.ch[i];
    let e;
    if (kind === 2) {
      e = el('i', 'z mt r-' + c.code);
      e.title = c.code + ' ' + c.rule + ': the text moved from ' + c.at + ' goes here';
    } else if (text) {
      const ws = /^\s+$/.test(text);
      e = el('mark', 'm r-' + c.code + (c.kind === 'move' ? ' mv' : '') + (ws ? ' ws' : ''),
        ws ? text.replace(/\s/g, (s) => WS[s] || '·') : text);
      e.title = tip(c);
    } else {
      e = el('i', 'z r-' + c.code);
      e.title = tip(c);
    }
    e.dataset.c = i;
    return e;
  }

  function paint(box, text, pieces, doc, di) {
    const frag = document.createDocumentFragment();
    let at = 0;
    for (let j = 0; j < pieces.length; j += 4) {
      const [s, e, kind, i] = [pieces[j], pieces[j + 1], pieces[j + 2], pieces[j + 3]];
      if (s > at) frag.appendChild(document.createTextNode(text.slice(at, s)));
      frag.appendChild(piece(text.slice(s, e), kind, i, doc, di));
      at = Math.max(at, e);
    }
    if (at < text.length) frag.appendChild(document.createTextNode(text.slice(at)));
    box.appendChild(frag);
  }

  function pane(title, cls, text, pieces, doc, di) {
    const p = el('div', 'pane');
    p.appendChild(el('h3', null, title));
    const box = el('div', 'text ' + cls);
    box.lang = 'zh';
    paint(box, text, pieces, doc, di);
    p.appendChild(box);
    return p;
  }

  function copyButton(text) {
    const b = el('button', 'copy', 'Copy');
    b.type = 'button';
    b.addEventListener('click', (ev) => { ev.stopPropagation(); copy(text, b); });
    return b;
  }

  function tomlBlock(text) {
    const wrap = el('div', 'toml-block');
    wrap.appendChild(el('pre', 'toml', text));
    wrap.appendChild(copyButton(text));
    return wrap;
  }

  function findingList(doc, di) {
    const ol = el('ol', 'findings');
    doc.fd.forEach((f, i) => {
      const li = el('li', 'r-' + f.code);
      const a = el('a', 'goto', f.at);
      a.href = '#d' + di + '-f' + i;
      li.appendChild(a);
      li.appendChild(document.createTextNode(' '));
      li.appendChild(el('span', 'sev-' + f.severity, f.severity));
      li.appendChild(document.createTextNode(' ' + f.code + ' ' + f.rule + ': ' + f.message +
        (f.score ? ' (score ' + f.score + ')' : '')));
      if (f.accepted) li.appendChild(el('span', 'acc', ' [accepted: ' + f.accepted + ']'));
      if (f.fix) {
        const d = el('details');
        d.appendChild(el('summary', null, 'TOML that applies it'));
        d.appendChild(tomlBlock(f.fix));
        li.appendChild(d);
      }
      ol.appendChild(li);
    });
    return ol;
  }

  function build(details) {
    const di = Number(details.dataset.doc);
    const view = details.querySelector('.view');
    if (view.dataset.built) return;
    view.dataset.built = '1';
    const doc = docData(di);
    const panes = el('div', 'panes');
    panes.appendChild(pane('raw', 'raw', doc.raw, doc.rm, doc, di));
    panes.appendChild(pane('cleaned', 'clean', doc.clean, doc.cm, doc, di));
    view.appendChild(panes);
    if (doc.fd.length) {
      view.appendChild(el('h2', null, 'Findings and suggestions'));
      view.appendChild(findingList(doc, di));
    }
  }

  // Scrolls `target` into the middle of its pane (and the pane into the window).
  function reveal(target) {
    target.scrollIntoView({ block: 'center', inline: 'nearest' });
    target.classList.remove('flash');
    void target.offsetWidth;
    target.classList.add('flash');
  }

  function select(details, i, from) {
    selected.forEach((e) => e.classList.remove('sel'));
    selected = Array.from(details.querySelectorAll('[data-c="' + i + '"]'));
    selected.forEach((e) => e.classList.add('sel'));
    const doc = docData(Number(details.dataset.doc));
    inspect(details, doc.ch[i], i);
    // Over the pane clicked in, so the other pane's counterpart stays visible.
    document.getElementById('inspector').classList.toggle('left', !!from.closest('.raw'));
    const other = selected.find((e) => e.closest('.text') !== from.closest('.text'));
    if (other) {
      const box = other.closest('.text');
      box.scrollTop += other.getBoundingClientRect().top - box.getBoundingClientRect().top - box.clientHeight / 2;
      other.classList.add('flash');
    }
  }

  function jumpButton(label, details, i, side) {
    const b = el('button', null, label);
    b.addEventListener('click', () => {
      const t = details.querySelector('.' + side + ' [data-c="' + i + '"]');
      if (t) reveal(t);
    });
    return b;
  }

  function inspect(details, c, i) {
    const box = document.getElementById('inspector');
    box.replaceChildren();
    const head = el('div', 'head');
    head.appendChild(el('span', 'r-' + c.code, c.code + ' ' + c.rule + ' · ' + c.kind + ' at ' + c.at + (c.to ? ' → ' + c.to : '')));
    const close = el('button', null, '×');
    close.addEventListener('click', () => { box.hidden = true; });
    head.appendChild(close);
    box.appendChild(head);
    if (c.reason) box.appendChild(el('div', null, 'reason: ' + c.reason));
    if (c.score) box.appendChild(el('div', null, 'score: ' + c.score + ' (1.00: the rule\'s own bar)'));
    const diff = el('div', 'diff');
    if (c.kind === 'move') {
      diff.appendChild(el('span', 'ins', c.before));
    } else {
      diff.appendChild(el('span', 'del', inline(c.before)));
      diff.appendChild(document.createTextNode(' → '));
      diff.appendChild(el('span', 'ins', inline(c.after)));
    }
    box.appendChild(diff);
    box.appendChild(jumpButton(c.kind === 'move' ? 'source (raw)' : 'raw', details, i, 'raw'));
    box.appendChild(document.createTextNode(' '));
    box.appendChild(jumpButton(c.kind === 'move' ? 'destination (cleaned)' : 'cleaned', details, i, 'clean'));
    box.appendChild(el('div', 'label', 'To veto it, add to the document\'s TOML:'));
    box.appendChild(tomlBlock(c.keep));
    box.hidden = false;
  }

  function copy(text, button) {
    const done = () => { button.textContent = 'Copied'; setTimeout(() => { button.textContent = 'Copy'; }, 1200); };
    const fallback = () => {
      const area = el('textarea');
      area.value = text;
      document.body.appendChild(area);
      area.select();
      try { document.execCommand('copy'); done(); } catch (e) { button.textContent = 'Select the text'; }
      area.remove();
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, fallback);
    } else {
      fallback();
    }
  }

  function applyFilter() {
    const hidden = Array.from(document.querySelectorAll('input.rule-filter'))
      .filter((b) => !b.checked).map((b) => b.value);
    document.getElementById('filter').textContent = hidden.map((code) =>
      '.m.r-' + code + '{background:none;outline:none;cursor:text}' +
      '.m.ws.r-' + code + '{color:transparent}' +
      '.z.r-' + code + ',.fl.r-' + code + ',.findings li.r-' + code + '{display:none}').join('\n');
  }

  function openHash() {
    const m = /^#d(\d+)-f(\d+)$/.exec(location.hash);
    if (!m) return;
    const details = document.getElementById('d' + m[1]);
    if (!details) return;
    details.open = true;
    build(details);
    const t = document.getElementById(location.hash.slice(1));
    if (t) reveal(t);
  }

  document.addEventListener('toggle', (ev) => {
    const d = ev.target;
    if (d.classList && d.classList.contains('doc') && d.open) build(d);
  }, true);

  document.addEventListener('click', (ev) => {
    const link = ev.target.closest('a.goto');
    if (link) {
      ev.preventDefault();
      const t = document.getElementById(link.getAttribute('href').slice(1));
      if (t) reveal(t);
      history.replaceState(null, '', link.getAttribute('href'));
      return;
    }
    const mark = ev.target.closest('[data-c]');
    if (mark) select(mark.closest('details.doc'), Number(mark.dataset.c), mark);
  });

  document.addEventListener('change', (ev) => {
    if (ev.target.classList.contains('rule-filter')) applyFilter();
  });
  document.querySelectorAll('button.rules-all, button.rules-none').forEach((b) => {
    b.addEventListener('click', () => {
      const on = b.classList.contains('rules-all');
      document.querySelectorAll('input.rule-filter').forEach((x) => { x.checked = on; });
      applyFilter();
    });
  });

  window.addEventListener('load', () => {
    openHash();
    const ms = performance.now();
    document.documentElement.dataset.loadMs = ms.toFixed(0);
    document.getElementById('load-time').textContent = 'page ready in ' + ms.toFixed(0) + ' ms';
  });
})();
