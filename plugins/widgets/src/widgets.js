/* Flanders Academic Hub widgets: <flanders-events>, <flanders-calendar>,
 * <flanders-expertise>, <flanders-search> (docs/widgets.md).
 *
 * Plain ES2019, no framework. The hub serves this file minified, with
 * __HUB_WIDGETS_CONFIG__ replaced (plugins/widgets/build.py): the widget types
 * that enabled plugins register (a plugin's type with the URL of its own
 * script), UI strings and labels in nl/en/fr/de, the stylesheet and the
 * filters of the hub's listing pages.
 *
 * Untrusted text only reaches the DOM through textContent, append(string) or
 * setAttribute; links are kept only when they are http(s); search snippets
 * pass an allow-list that keeps <mark> and text. No HTML string is ever
 * written into the live DOM.
 */
(function () {
  'use strict';
  const W = window, D = document;
  // Without these the element's light-DOM link (the no-JavaScript fallback) stays.
  if (!W.customElements || !W.fetch || !Element.prototype.attachShadow) return;

  const C = __HUB_WIDGETS_CONFIG__;
  const LANGS = ['nl', 'en', 'fr', 'de'];
  const SCRIPT = D.currentScript;
  const HUB = SCRIPT && SCRIPT.src ? SCRIPT.src.replace(/\/embed\/v1\/widgets\.js([?#].*)?$/, '') : '';
  const DAY = 864e5;

  /* --- requests: one per URL and page, shared by every widget -------------- */
  const requests = new Map();

  function load(url, json) {
    let p = requests.get(url);
    if (!p) {
      const ctl = W.AbortController && new AbortController();
      const timer = ctl && setTimeout(() => ctl.abort(), 10000);
      p = fetch(url, {credentials: 'omit', signal: ctl && ctl.signal}).then((r) => {
        clearTimeout(timer);
        if (r.ok) return json ? r.json() : r.text();
        return r.json().catch(() => ({})).then((b) => {
          const e = new Error(b.error && b.error.message || 'HTTP ' + r.status);
          e.status = r.status;
          throw e;
        });
      });
      p.catch(() => requests.get(url) === p && requests.delete(url));
      requests.set(url, p);
      if (requests.size > 200) requests.delete(requests.keys().next().value);
    }
    return p;
  }

  /* --- stylesheets: constructed sheets where possible (a host page's CSP
     style-src does not apply to them), <style> elements elsewhere ----------- */
  const sheets = new Map();

  function sheet(css) {
    if (!sheets.has(css)) {
      let s = null;
      try { s = new CSSStyleSheet(); s.replaceSync(css); } catch (e) { s = null; }
      sheets.set(css, 'adoptedStyleSheets' in D && s);
    }
    return sheets.get(css);
  }

  /* --- DOM helpers ----------------------------------------------------------- */
  function h(tag, props, kids) {
    const el = D.createElement(tag);
    Object.keys(props || {}).forEach((k) => {
      const v = props[k];
      if (v == null || v === false) return;
      if (k === 'text') el.textContent = v;
      else if (k.slice(0, 2) === 'on') el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? '' : v);
    });
    (kids || []).forEach((c) => c && el.append(c));  // skips '', 0, false, null
    return el;
  }

  function safeUrl(u) {
    try {
      const x = new URL(u);
      return /^https?:$/.test(x.protocol) ? x.href : '';
    } catch (e) { return ''; }
  }

  function link(url, text, props) {
    const href = safeUrl(url);
    return href ? h('a', Object.assign({href: href, part: 'link'}, props), [text]) : h('span', 0, [text]);
  }

  // Search snippets: escaped text with <mark> around matches. Parsed in an inert
  // document (no scripts run, nothing loads); only text and <mark> are copied.
  function marked(html) {
    const out = D.createDocumentFragment();
    (function walk(node, into) {
      node.childNodes.forEach((n) => {
        if (n.nodeType === 3) into.append(n.data);
        else if (n.nodeName === 'MARK') walk(n, into.appendChild(h('mark')));
        else if (n.nodeType === 1 && !/^(SCRIPT|STYLE|TEMPLATE)$/.test(n.nodeName)) walk(n, into);
      });
    })(new DOMParser().parseFromString('<body>' + html, 'text/html').body, out);
    return out;
  }

  /* --- language, labels, dates ---------------------------------------------- */
  function tr(lang, key, n) {
    const s = C.strings[lang][key] || key;
    return n == null ? s : s.replace('{n}', n);
  }

  function label(lang, group, value) {
    return (C.labels[lang][group] || {})[value] || value;
  }

  const formats = new Map();
  // English as en-GB: the hub's English audience is international (24-hour
  // clock, day before month); nl, fr and de use the 24-hour clock too.
  const loc = (lang) => lang === 'en' ? 'en-GB' : lang;

  function dtf(lang, opts, tz) {
    const key = lang + JSON.stringify(opts) + tz;
    if (!formats.has(key)) {
      let f;
      try { f = new Intl.DateTimeFormat(loc(lang), tz ? Object.assign({timeZone: tz}, opts) : opts); }
      catch (e) { f = new Intl.DateTimeFormat(loc(lang), opts); }
      formats.set(key, f);
    }
    return formats.get(key);
  }

  const DATE = {weekday: 'short', day: 'numeric', month: 'short', year: 'numeric'};
  const TIME = {hour: '2-digit', minute: '2-digit', hourCycle: 'h23'};
  const UTC = (o) => Object.assign({timeZone: 'UTC'}, o);
  const HERE = dtf('en', {}).resolvedOptions().timeZone;  // the visitor's zone

  // The event's zone unless time-zone="visitor"; all-day events keep their days.
  const zoneOf = (ev, mode) => ev.all_day || mode !== 'visitor' ? ev.time_zone : undefined;

  // A zone as people name it: the hub's label (time_zone_label), else the
  // browser's generic name in the language ("Japan Time", "Japanse tijd"),
  // else the city of the IANA name in CLDR's pattern; never "GMT+9".
  function zone(ev, lang, mode) {
    const tz = mode === 'visitor' ? HERE : ev.time_zone;
    if (mode !== 'visitor' && ev.time_zone_label) return ev.time_zone_label;
    let name = '';
    try { name = dtf(lang, {timeZoneName: 'longGeneric'}, tz).formatToParts(0).find((p) => p.type === 'timeZoneName').value; }
    catch (e) { /* an older browser */ }
    return /^(GMT|UTC)[^a-z]|^$/i.test(name) ? tr(lang, 'zone', (tz || '').split('/').pop().replace(/_/g, ' ')) : name;
  }

  function range(f, s, e) {
    try { return f.formatRange(s, e); } catch (x) {
      const a = f.format(s), b = f.format(e);
      return a === b ? a : a + ' – ' + b;
    }
  }

  // "Tue 4 May 2027, 19:00–21:00 Tokyo time": the hub's own line (when_text,
  // of a series' next date) in the event's zone, else written here alike
  // (bare: without the zone).
  function when(ev, lang, mode, start, bare) {
    if (mode !== 'visitor' && ev.when_text && start === (ev.recurrence && ev.recurrence.next_start || ev.start)) {
      return ev.when_text;
    }
    const s = new Date(start), e = new Date(+s + Date.parse(ev.end) - Date.parse(ev.start));
    return ev.all_day ? range(dtf(lang, DATE, ev.time_zone), s, e)
      : range(dtf(lang, Object.assign({}, DATE, TIME), zoneOf(ev, mode)), s, e) + (bare ? '' : ' ' + zone(ev, lang, mode));
  }

  function place(ev, lang) {
    const v = ev.venue || {};
    let country = v.country;
    try { country = country && new Intl.DisplayNames([lang], {type: 'region'}).of(country); } catch (e) { /* the code */ }
    return ev.attendance_mode === 'online' || ev.status === 'moved-online' ? tr(lang, 'online')
      : [v.name, v.city, country].filter(Boolean).join(', ');
  }

  // Online (or moved online): the online link takes the venue's place.
  function where(ev, lang) {
    const text = place(ev, lang);
    return text === tr(lang, 'online') && ev.status !== 'cancelled' && safeUrl(ev.online_url || '')
      ? link(ev.online_url, text) : text;
  }

  // Not "scheduled": the hub's notice (status_notice) on cards and lists, the
  // status's name in short entries; styled per status.
  function status(ev, lang, tag) {
    const st = ev.status && ev.status !== 'scheduled' && ev.status;
    return st && h(tag, {class: 'badge ' + st, part: 'status',
      text: tag === 'p' && ev.status_notice || ev.status_label || label(lang, 'status', st)});
  }

  // Parts of a line, text or links, with separators between them.
  const dot = (xs) => xs.filter(Boolean).reduce((a, x) => a.concat(a.length ? [' · ', x] : [x]), []);

  // A cancelled event's date struck through, its status said to screen readers.
  function date(ev, lang, text, start) {
    const t = h('time', {datetime: start, text: text});
    return ev.status !== 'cancelled' ? t
      : h('del', 0, [h('span', {class: 'vh', text: (ev.status_label || label(lang, 'status', 'cancelled')) + ': '}), t]);
  }

  function clamp(v, lo, hi, dflt) {
    const n = parseInt(v, 10);
    return isNaN(n) ? dflt : Math.min(hi, Math.max(lo, n));
  }

  /* --- the element base class ----------------------------------------------- */
  class Widget extends HTMLElement {
    constructor() {
      super();
      this._root = this.attachShadow({mode: 'open'});
      // .c is the container of the size queries (src/widgets.css); .w around
      // it gives the widget its width where the host page sizes by content.
      this._box = h('div', {class: 'c'});
      this._w = h('div', {class: 'w', part: 'widget'}, [this._box]);
      this._seq = 0;
      this.css('');
    }

    connectedCallback() { this.schedule(); }

    attributeChangedCallback() { this.schedule(); }

    // Several attribute changes in one task give one render.
    schedule() {
      if (this._pending) return;
      this._pending = 1;
      Promise.resolve().then(() => {
        this._pending = 0;
        if (this.isConnected) this.refresh();
      });
    }

    attr(name) { return (this.getAttribute(name) || '').trim(); }

    css(theme) {
      const base = sheet(C.css), own = theme && sheet(theme);
      if (base && (own || !theme)) {
        this._root.adoptedStyleSheets = own ? [base, own] : [base];
        this._root.replaceChildren(this._w);
      } else this._root.replaceChildren(h('style', {text: C.css}), h('style', {text: theme}), this._w);
    }

    // The theme attribute, else the organisation's default theme, else the
    // hub's default (the hub resolves the last two: theme.css?organiser=).
    theme(hub) {
      const name = this.attr('theme').toLowerCase();
      const org = this.attr('organiser') || this.attr('institution') || this.attr('representation');
      const url = !hub ? '' : /^[a-z0-9_-]{1,64}$/.test(name) ? hub + '/embed/v1/themes/' + name + '.css'
        : hub + '/embed/v1/theme.css' + (org ? '?organiser=' + encodeURIComponent(org) : '');
      if (url === this._themeUrl) return;
      this._themeUrl = url;
      if (url) load(url).then((css) => this._themeUrl === url && this.css(css), () => 0);
    }

    refresh() {
      const own = this.attr('lang').slice(0, 2).toLowerCase();
      const up = this.parentElement && this.parentElement.closest('[lang]');
      const page = up ? up.getAttribute('lang').slice(0, 2).toLowerCase() : '';
      const lang = LANGS.indexOf(own) >= 0 ? own : LANGS.indexOf(page) >= 0 ? page : 'en';
      const given = this.attr('hub');
      const hub = (given ? safeUrl(given) : HUB).replace(/\/+$/, '');
      this._w.setAttribute('lang', lang);
      this.theme(hub);
      const key = hub + lang + this.spec.attributes.map((a) => '|' + this.attr(a)).join('');
      if (key === this._key) return;
      this._key = key;
      this._seq++;
      this.setAttribute('data-state', 'loading');
      this._lang = lang;
      this._hub = hub;
      if (hub) this.render(lang, hub);
      else this.failed(null, this._box);
    }

    // The API query: the filter attributes, 1:1, plus extras; sorted, so one
    // configuration always gives the same URL (and shares its request).
    query(extra) {
      const q = new URLSearchParams();
      this.spec.filters.forEach((f) => this.attr(f) && q.set(f, this.attr(f)));
      Object.keys(extra).forEach((k) => extra[k] === '' ? q.delete(k) : q.set(k, extra[k]));
      q.sort();
      return q;
    }

    get(path, q, done, target) {
      const seq = this._seq;
      load(this._hub + '/api/v1/' + path + '/?' + q, 1).then((data) => {
        if (seq !== this._seq) return;
        this.setAttribute('data-state', 'ready');
        done(data);
      }, (err) => seq === this._seq && this.failed(err, target || this._box));
    }

    // The hub page this widget stands for: the light-DOM link when there is
    // one (the builder writes it with the listing's own filters).
    pageUrl() {
      const own = this.querySelector('a[href]');
      if (own && safeUrl(own.href)) return own.href;
      const link = C.link[this.spec.name] || ['search', []], q = new URLSearchParams();
      link[1].forEach((f) => this.attr(f) && q.set(f, this.attr(f)));
      return this._hub + '/' + this._lang + '/' + link[0] + '/' + (q + '' ? '?' + q : '');
    }

    footer() {
      return h('p', {class: 'more'}, [link(this.pageUrl(), tr(this._lang, 'link_' + this.spec.name))]);
    }

    // Hub unreachable or misconfigured: a short message and the fallback link.
    failed(err, target) {
      const lang = this._lang;
      if (err) W.console.warn('Flanders Academic Hub widget:', err.message);
      this.setAttribute('data-state', 'error');
      this._box.style.minHeight = '';
      target.replaceChildren(h('div', {class: 'msg', role: 'status'}, [
        h('p', {text: tr(lang, err && err.status >= 400 && err.status < 500 ? 'misconfigured' : 'unreachable')}),
        h('p', 0, [this.querySelector('a[href]') ? h('slot')
          : link(this.pageUrl(), tr(lang, 'link_' + this.spec.name))])]));
    }

    level() { return 'h' + clamp(this.attr('heading-level'), 2, 6, 3); }
  }

  /* --- <flanders-events> and <flanders-expertise> --------------------------- */
  const action = (url, lang, key, title) => link(url, tr(lang, key), {'aria-label': tr(lang, key) + ': ' + title});

  function eventItem(ev, lang, o) {
    const start = ev.recurrence && ev.recurrence.next_start || ev.start, t = Date.parse(start);
    const tz = zoneOf(ev, o.tz), d = new Date(start), off = ev.status === 'cancelled';
    const title = h(o.level, {class: 't', part: 'title'}, [link(ev.url, ev.title)]);
    const at = where(ev, lang);
    if (o.layout === 'compact') {
      const short = Object.assign({day: 'numeric', month: 'short'}, ev.all_day ? {} : TIME);
      return [date(ev, lang, dtf(lang, short, tz).format(d) + (ev.all_day ? '' : ' ' + zone(ev, lang, o.tz)), start),
        h('div', {class: 'body'}, [title, h('p', {class: 'meta pl', part: 'meta'}, [status(ev, lang, 'span'), at])])];
    }
    const register = !off && safeUrl(ev.registration_url || ''), online = !off && safeUrl(ev.online_url || '');
    // "Your time" where the visitor's clock differs from the event's.
    const yours = !off && o.tz !== 'visitor' && !ev.all_day && offset(t, ev.time_zone) !== offset(t, HERE);
    return [
      h('div', {class: 'date', 'aria-hidden': 'true'}, [
        h('span', {class: 'dd', text: dtf(lang, {day: 'numeric'}, tz).format(d)}),
        h('span', {class: 'mo', text: dtf(lang, {month: 'short'}, tz).format(d)})]),
      h('div', {class: 'body'}, [status(ev, lang, 'p'), title,
        h('p', {class: 'meta', part: 'meta'}, [date(ev, lang, when(ev, lang, o.tz, start), start)]),
        yours && h('p', {class: 'meta', text: tr(lang, 'your_time', when(ev, lang, 'visitor', start, 1))}),
        h('p', {class: 'meta pl'}, dot([label(lang, 'event_type', ev.event_type), ev.recurrence && tr(lang, 'recurring'), at])),
        ev.summary && h('p', {class: 's', text: ev.summary}),
        // Neither registration nor joining a cancelled event.
        (register || online) && h('p', {class: 'act'}, [
          register && action(register, lang, 'register', ev.title),
          online && action(online, lang, 'join_online', ev.title)])])];
  }

  function expertiseItem(x, lang, o) {
    const title = h(o.level, {class: 't', part: 'title'}, [link(x.url, x.title)]);
    const meta = h('p', {class: 'meta', part: 'meta',
      text: [label(lang, 'kind', x.kind), x.institution && x.institution.title].filter(Boolean).join(' · ')});
    if (o.layout === 'compact') return [title, meta];
    const tags = (x.disciplines || []).slice(0, 3).map((d) => h('li', {class: 'tag', text: d.label, title: d.label}));
    return [h('div', {class: 'body'}, [title, meta, x.summary && h('p', {class: 's', text: x.summary}),
      tags.length && h('ul', {class: 'tags', 'aria-label': tr(lang, 'disciplines')}, tags)])];
  }

  class Events extends Widget {
    render(lang) {
      const name = this.spec.name, layout = /^(list|cards|compact)$/.test(this.attr('layout')) ? this.attr('layout') : 'list';
      const limit = clamp(this.attr('limit'), 1, 100, 5);
      const o = {layout: layout, tz: this.attr('time-zone'), level: this.level()};
      const box = this._box, list = 'items ' + layout + ' ' + name;
      // A placeholder of the final size (same item boxes), so the content does
      // not move the host page when it arrives.
      box.style.minHeight = '';
      box.replaceChildren(h('p', {class: 'vh', role: 'status', text: tr(lang, 'loading')}),
        h('ul', {class: list, 'aria-hidden': 'true'}, Array.from({length: limit}, () => h('li', {class: 'it ph'}))),
        h('p', {class: 'more ph'}));
      this.get(name === 'expertise' ? name : 'events', this.query({lang: lang, page_size: limit}), (data) => {
        const items = data.results.map((x) => h('li', {class: 'it ' + (x.status || ''), part: 'item'},
          (name === 'expertise' ? expertiseItem : eventItem)(x, lang, o)));
        const reserved = box.offsetHeight;
        box.replaceChildren(items.length ? h('ul', {class: list, 'aria-label': tr(lang, 'label_' + name)}, items)
          : h('p', {class: 'empty', text: tr(lang, 'empty_' + name)}), this.footer());
        if (box.offsetHeight < reserved) box.style.minHeight = reserved + 'px';
      });
    }
  }

  /* --- recurrence, for the calendar ----------------------------------------- */
  const parts = new Map();

  // Offset (ms) of zone tz at instant t.
  function offset(t, tz) {
    if (!parts.has(tz)) {
      parts.set(tz, new Intl.DateTimeFormat('en-US', {timeZone: tz, hourCycle: 'h23', year: 'numeric',
        month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric'}));
    }
    const p = {};
    parts.get(tz).formatToParts(new Date(t)).forEach((x) => { p[x.type] = +x.value; });
    return Date.UTC(p.year, p.month - 1, p.day, p.hour % 24, p.minute, p.second) - Math.floor(t / 1000) * 1000;
  }

  const iso = (t) => new Date(t).toISOString().slice(0, 10);

  // The n-th (1..5, or -1..-5 from the end) weekday wd (0 = Sunday) of a month.
  function nth(y, mo, wd, n) {
    const first = Date.UTC(y, mo, 1), last = Date.UTC(y, mo + 1, 0);
    const t = n > 0 ? first + ((wd - new Date(first).getUTCDay() + 7) % 7 + 7 * n - 7) * DAY
      : last - ((new Date(last).getUTCDay() - wd + 7) % 7 - 7 * n - 7) * DAY;
    return t >= first && t <= last ? t : null;
  }

  // Occurrence starts (instants) of a recurring event before b: its RRULE
  // expanded in the event's own wall-clock time, as the hub does. The subset
  // of RFC 5545 editors use (FREQ, INTERVAL, COUNT, UNTIL, BYDAY, BYMONTHDAY);
  // null for other rules (the caller then shows the first and next occurrence).
  function expand(ev, b) {
    const r = {}, tz = ev.time_zone, skip = ev.recurrence.exceptions || [];
    ev.recurrence.rule.replace(/^RRULE:/i, '').split(';').forEach((x) => {
      const i = x.indexOf('=');
      r[x.slice(0, i).toUpperCase()] = x.slice(i + 1).toUpperCase();
    });
    const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)/.exec(ev.start);
    const days = r.BYDAY && r.BYDAY.split(',').map((x) => {
      const q = /^([+-]?\d)?(SU|MO|TU|WE|TH|FR|SA)$/.exec(x);
      return q && [+(q[1] || 0), 'SUMOTUWETHFRSA'.indexOf(q[2]) / 2];
    });
    const mdays = r.BYMONTHDAY && r.BYMONTHDAY.split(',').map(Number);
    if (!m || !/^(DAILY|WEEKLY|MONTHLY|YEARLY)$/.test(r.FREQ)
      || Object.keys(r).some((k) => !/^(FREQ|INTERVAL|COUNT|UNTIL|BYDAY|BYMONTHDAY|WKST)$/.test(k))
      || days && days.some((d) => !d) || mdays && mdays.some((d) => !(d >= 1 && d <= 31))) return null;
    const y0 = +m[1], m0 = m[2] - 1, d0 = +m[3], clock = (m[4] * 60 + +m[5]) * 6e4;
    const start = Date.UTC(y0, m0, d0) + clock, step = +r.INTERVAL || 1, count = +r.COUNT || 1e9;
    const same = (t) => new Date(t).getUTCDate() === d0 ? [t] : [];
    let until = 1e15;
    const u = /^(\d{4})(\d\d)(\d\d)(T(\d\d)(\d\d)(\d\d)(Z?))?$/.exec(r.UNTIL || '');
    if (u) {
      until = u[4] ? Date.UTC(+u[1], u[2] - 1, +u[3], +u[5], +u[6], +u[7]) : Date.UTC(+u[1], u[2] - 1, +u[3], 23, 59, 59);
      if (u[8]) until += offset(until, tz);  // to the event's wall clock
    }
    const out = [];
    for (let i = 0, n = 0; i < 5000; i++) {
      let c;
      if (r.FREQ === 'DAILY') c = [Date.UTC(y0, m0, d0 + i * step)];
      else if (r.FREQ === 'WEEKLY') {
        const base = Date.UTC(y0, m0, d0 + 7 * i * step), monday = base - (new Date(base).getUTCDay() + 6) % 7 * DAY;
        c = days ? days.map((d) => monday + (d[1] + 6) % 7 * DAY) : [base];
      } else if (r.FREQ === 'MONTHLY') {
        const mo = m0 + i * step;
        c = mdays ? mdays.map((d) => new Date(Date.UTC(y0, mo, d)).getUTCDate() === d ? Date.UTC(y0, mo, d) : null)
          : days ? days.reduce((all, d) => all.concat(d[0] ? [nth(y0, mo, d[1], d[0])]
            : [1, 2, 3, 4, 5].map((k) => nth(y0, mo, d[1], k))), []) : same(Date.UTC(y0, mo, d0));
      } else c = same(Date.UTC(y0 + i * step, m0, d0));
      c = c.filter((t) => t != null).map((t) => t + clock).filter((w) => w >= start).sort((x, z) => x - z);
      for (const w of c) {
        if (w > until || n++ >= count) return out;
        const hm = new Date(w).toISOString().slice(0, 16);
        if (skip.indexOf(hm.slice(0, 10)) >= 0 || skip.indexOf(hm) >= 0) continue;
        const t = w - offset(w - offset(w, tz), tz);  // wall clock -> instant
        if (t >= b) return out;
        out.push(t);
      }
    }
    return out;
  }

  function occurrences(ev, a, b) {
    const s0 = Date.parse(ev.start), len = Date.parse(ev.end) - s0, r = ev.recurrence;
    const starts = r && r.rule ? expand(ev, b) || [s0, Date.parse(r.next_start)] : [s0];
    return starts.filter((t) => t < b && t + len >= a).map((t) => [t, t + len]);
  }

  /* --- <flanders-calendar> ------------------------------------------------------ */
  const dayKey = (t, tz) => dtf('en-CA', {year: 'numeric', month: '2-digit', day: '2-digit'}, tz).format(new Date(t));

  class Calendar extends Widget {
    render(lang) {
      const given = /^(\d{4})-(\d\d)$/.exec(this.attr('month')), now = new Date();
      this._month = given ? Date.UTC(+given[1], given[2] - 1, 1) : Date.UTC(now.getFullYear(), now.getMonth(), 1);
      this._title = h(this.level(), {class: 'mt', 'aria-live': 'polite'});
      this._grid = h('div');
      const nav = (step, key, text) => h('button', {type: 'button', class: 'btn nb', part: 'button',
        'aria-label': tr(lang, key), onclick: () => this.go(step)}, [h('span', {'aria-hidden': 'true', text: text})]);
      this._box.replaceChildren(h('div', {class: 'nav'}, [nav(-1, 'prev_month', '‹'), this._title,
        nav(1, 'next_month', '›')]), this._grid);
      this.go(0);
    }

    go(step) {
      const lang = this._lang, d = new Date(this._month);
      const first = this._month = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + step, 1);
      const last = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + step + 1, 0);
      this._seq++;
      this._title.textContent = dtf(lang, UTC({month: 'long', year: 'numeric'})).format(new Date(first));
      this.month(first, last, {});  // the empty grid first: its size does not change
      this.get('events', this.query({lang: lang, when: 'all', page_size: 100,
        from: iso(first - DAY), to: iso(last + DAY)}), (data) => {
        const byDay = {}, mode = this.attr('time-zone');
        data.results.forEach((ev) => {
          const tz = zoneOf(ev, mode);
          occurrences(ev, first - DAY, last + 2 * DAY).forEach((o) => {
            const end = dayKey(o[1], tz);
            for (let day = dayKey(o[0], tz), k = 0; day <= end && k < 62; k++) {
              (byDay[day] = byDay[day] || []).push([o[0], ev, tz]);
              day = iso(Date.parse(day) + DAY);
            }
          });
        });
        this.month(first, last, byDay);
      }, this._grid);
    }

    month(first, last, byDay) {
      const lang = this._lang, mode = this.attr('time-zone'), skip = (new Date(first).getUTCDay() + 6) % 7;  // weeks start on Monday
      const today = dayKey(Date.now()), rows = [], agenda = [], day = 'h' + Math.min(6, +this.level()[1] + 1);
      const head = [0, 1, 2, 3, 4, 5, 6].map((i) => {
        const d = new Date(Date.UTC(2024, 0, 1 + i));  // a Monday
        return h('th', {scope: 'col', abbr: dtf(lang, UTC({weekday: 'long'})).format(d),
          text: dtf(lang, UTC({weekday: 'short'})).format(d)});
      });
      // Each entry with its time and zone (events of several zones meet here)
      // and its place; the title whole, wrapped.
      const entry = (e) => h('li', {class: e[1].status}, [status(e[1], lang, 'span'),
        !e[1].all_day && h('span', {class: 'tm'}, [date(e[1], lang, dtf(lang, TIME, e[2]).format(new Date(e[0]))
          + ' ' + zone(e[1], lang, mode), new Date(e[0]).toISOString())]),
        link(e[1].url, e[1].title), h('span', {class: 'pl', text: place(e[1], lang)})]);
      // As many weeks as the month touches: no empty sixth row.
      for (let r = 0; r * 7 < skip + (last - first) / DAY + 1; r++) {
        const cells = [];
        for (let c = 0; c < 7; c++) {
          const t = first + (r * 7 + c - skip) * DAY, key = iso(t), inside = t >= first && t <= last;
          const events = inside ? (byDay[key] || []).sort((x, y) => x[0] - y[0]) : [];
          const full = dtf(lang, UTC({weekday: 'long', day: 'numeric', month: 'long'})).format(new Date(t));
          cells.push(h('td', {class: inside ? null : 'oth', 'aria-current': key === today && 'date'}, [
            h('span', {class: 'dn', 'aria-hidden': 'true', text: new Date(t).getUTCDate()}),
            h('span', {class: 'vh', text: full}),
            events.length && h('ul', 0, events.slice(0, 3).map(entry)),
            events.length > 3 && link(this.dayUrl(key), tr(lang, 'more', events.length - 3), {class: 'x'})]));
          // The agenda: a list by day.
          if (events.length) agenda.push(h('li', 0, [h(day, {class: 'dh', text: full}), h('ul', 0, events.map(entry))]));
        }
        rows.push(h('tr', 0, cells));
      }
      const caption = dtf(lang, UTC({month: 'long', year: 'numeric'})).format(new Date(first));
      this._grid.replaceChildren(
        h('table', {class: 'cal'}, [h('caption', {class: 'vh', text: caption}),
          h('thead', 0, [h('tr', 0, head)]), h('tbody', 0, rows)]),
        h('ol', {class: 'agenda', 'aria-label': caption}, agenda.length ? agenda
          : [h('li', {class: 'empty', text: tr(lang, 'empty_calendar')})]),
        this.footer());
    }

    dayUrl(key) {
      const u = new URL(this.pageUrl());
      u.searchParams.set('from', key);
      u.searchParams.set('to', key);
      return u.href;
    }
  }

  /* --- <flanders-search> ------------------------------------------------------ */
  class Search extends Widget {
    // A new query starts without the facets chosen for the previous one.
    fresh() {
      this._sel = {};
      this._page = 1;
      this._type = this.attr('type');
      this._types = null;
    }

    render(lang) {
      this.fresh();
      this._options = [];
      this._active = -1;
      this._open = {};  // the facets the visitor unfolded
      const input = this._input = h('input', {id: 'q', type: 'search', role: 'combobox', 'aria-autocomplete': 'list',
        'aria-expanded': 'false', 'aria-controls': 'sg', autocomplete: 'off', enterkeyhint: 'search', part: 'input',
        value: this.attr('q'), placeholder: tr(lang, 'placeholder'), oninput: () => this.typed(),
        onkeydown: (e) => this.key(e), onblur: () => setTimeout(() => this.close(), 150)});
      this._list = h('ul', {id: 'sg', role: 'listbox', class: 'sg', 'aria-label': tr(lang, 'suggestions'), hidden: true});
      this._said = h('div', {class: 'vh', role: 'status'});
      this._status = h('p', {class: 'count', role: 'status'});
      this._facets = h('div', {class: 'facets'});
      this._results = h('div', {class: 'results', tabindex: '-1'});
      this._box.replaceChildren(
        h('form', {role: 'search', class: 'sf', 'aria-label': tr(lang, 'link_search'),
          onsubmit: (e) => { e.preventDefault(); this.close(); this.fresh(); this.search(); }}, [
          h('label', {for: 'q', class: 'lbl', text: tr(lang, 'link_search')}),
          h('div', {class: 'row'}, [h('div', {class: 'cb'}, [input, this._list]),
            h('button', {type: 'submit', class: 'btn', part: 'button', text: tr(lang, 'search')})])]),
        // Results first; the facets after them, folded.
        this._said, this._status, h('div', {class: 'sr'}, [this._results, this._facets]));
      if (input.value) this.search();
      else this.setAttribute('data-state', 'ready');
    }

    // Autocomplete: /api/v1/search/suggest/ after a short pause in typing.
    typed() {
      clearTimeout(this._timer);
      const q = this._input.value.trim();
      if (q.length < 2) return this.close();
      this._timer = setTimeout(() => load(this._hub + '/api/v1/search/suggest/?' + new URLSearchParams(
        Object.assign({lang: this._lang, q: q}, this._type ? {type: this._type} : {})), 1).then((data) => {
        if (this._input.value.trim() === q) this.suggest(data.suggestions);
      }, () => this.close()), 150);
    }

    suggest(items) {
      const lang = this._lang, was = this._options[this._active];
      this._options = items;
      this._list.replaceChildren(...items.map((s, i) => h('li', {id: 'sg-' + i, role: 'option',
        'aria-selected': 'false', onmousedown: (e) => { e.preventDefault(); this.choose(i); }}, [
        s.text + ' ', h('span', {class: 'kind', text: label(lang, 'suggestion', s.kind)})])));
      this._list.hidden = !items.length;
      this._input.setAttribute('aria-expanded', !!items.length);
      // A later answer keeps the option the visitor is on, where it still is.
      this.move(items.findIndex((s) => was && s.text === was.text && s.kind === was.kind) - this._active);
      this._said.textContent = tr(lang, 'n_suggestions', items.length);
    }

    close() {
      this._list.hidden = true;
      this._input.setAttribute('aria-expanded', 'false');
      this.move(-1 - this._active);
    }

    // The active option; -1 is the input itself (Down from the last option).
    move(step) {
      const n = this._options.length, a = this._active + step;
      this._active = a >= n ? -1 : a < -1 ? n - 1 : a;
      Array.from(this._list.children).forEach((li, i) => li.setAttribute('aria-selected', i === this._active));
      if (this._active < 0) this._input.removeAttribute('aria-activedescendant');
      else this._input.setAttribute('aria-activedescendant', 'sg-' + this._active);
    }

    key(e) {
      const open = !this._list.hidden, k = e.key;
      if (k === 'ArrowDown' || k === 'ArrowUp') {
        e.preventDefault();
        if (!open && this._options.length) this.suggest(this._options);
        this.move(k === 'ArrowDown' ? 1 : -1);
      } else if (k === 'Enter' && open && this._active >= 0) {
        e.preventDefault();
        this.choose(this._active);
      } else if (k === 'Escape' && open) {
        e.preventDefault();
        this.close();
      }
    }

    // An item suggestion (of any document type) opens its page; a keyword or
    // discipline is searched.
    choose(i) {
      const s = this._options[i], url = safeUrl(s.url || '');
      this.close();
      if (url && !/^(keyword|discipline)$/.test(s.kind)) return W.location.assign(url);
      this._input.value = s.text;
      this.fresh();
      this.search();
    }

    search() {
      const q = this.query({lang: this._lang, q: this._input.value.trim(), type: this._type, page: this._page,
        page_size: clamp(this.attr('limit'), 1, 100, 10)});
      Object.keys(this._sel).forEach((name) => {
        q.delete(name);
        this._sel[name].forEach((v) => q.append(name, v));
      });
      q.sort();
      this._status.textContent = tr(this._lang, 'loading');
      this.setAttribute('data-state', 'loading');
      this._seq++;
      this.get('search', q, (data) => this.show(data), this._results);
    }

    show(data) {
      const lang = this._lang, level = this.level(), pages = data.num_pages || 1;
      const back = this._root.activeElement && this._root.activeElement.id;
      this._status.textContent = tr(lang, data.count === 1 ? 'one_result' : 'n_results', data.count);
      // With a type chosen the API has no type facet: keep the one without.
      const facets = Object.assign({type: this._types || []}, data.facets);
      if (!this._type) this._types = facets.type;
      // A facet an attribute presets is not a choice.
      this._facets.replaceChildren(...Object.keys(facets)
        .filter((name) => !this.attr(name) && facets[name].length).map((name) => this.facet(name, facets[name])));
      const items = data.results.map((r) => h('li', {class: 'it', part: 'item'}, [
        h(level, {class: 't', part: 'title'}, [link(r.url, r.title)]),
        status(r, lang, 'p'),
        h('p', {class: 'meta', text: [label(lang, 'suggestion', r.type), r.start && when(r, lang, 'event', r.next_start || r.start),
          r.place || (r.organisations || []).join(', ')].filter(Boolean).join(' · ')}),
        h('p', {class: 's'}, [r.snippet_html ? marked(r.snippet_html) : r.summary])]));
      const pager = (step, key) => h('button', {type: 'button', class: 'btn', part: 'button', id: 'p' + step,
        disabled: step < 0 ? this._page <= 1 : this._page >= pages, text: tr(lang, key),
        onclick: () => { this._page += step; this.search(); this._results.focus(); }});
      this._results.replaceChildren(
        items.length ? h('ol', {class: 'res'}, items) : h('p', {class: 'empty', text: tr(lang, 'empty_search')}),
        pages > 1 ? h('nav', {class: 'pager', 'aria-label': tr(lang, 'pages')}, [pager(-1, 'previous'),
          h('span', {text: tr(lang, 'page', this._page).replace('{m}', pages)}), pager(1, 'next')]) : '');
      // Keyboard users stay on the filter they just changed.
      if (back && this._root.activeElement !== this._root.getElementById(back)) {
        const again = this._root.getElementById(back);
        (again && !again.disabled ? again : this._results).focus();
      }
    }

    facet(name, values) {
      const radio = name === 'type' || name === 'when', chosen = name === 'type' ? [this._type] : this._sel[name] || [];
      const opts = values.filter((v, i) => i < 8 || v.selected)
        .map((v) => this.choice(name, v.value, (v.label || v.value) + ' (' + v.count + ')', chosen.indexOf(v.value) >= 0, radio));
      if (radio) opts.unshift(this.choice(name, '', tr(this._lang, name === 'type' ? 'all_types' : 'any_time'), !chosen[0], 1));
      const title = label(this._lang, 'facet', name), n = chosen.filter(Boolean).length;
      const d = h('details', {class: 'facet', open: !!this._open[name], ontoggle: () => { this._open[name] = d.open; }}, [
        h('summary', {id: 'fs-' + name, text: title + (n ? ' (' + n + ')' : '')}),
        h('fieldset', 0, [h('legend', {class: 'vh', text: title})].concat(opts))]);
      return d;
    }

    choice(name, value, text, checked, radio) {
      const id = 'f-' + name + '-' + value.replace(/[^\w-]/g, '_');
      const input = h('input', {type: radio ? 'radio' : 'checkbox', name: name, id: id, value: value, checked: checked,
        onchange: () => {
          if (name === 'type') { this._type = value; this._sel = {}; }
          else {
            const rest = radio ? [] : (this._sel[name] || []).filter((v) => v !== value);
            this._sel[name] = input.checked && value ? rest.concat([value]) : rest;
          }
          this._page = 1;
          this.search();
        }});
      return h('div', {class: 'opt'}, [input, h('label', {for: id, text: text})]);
    }
  }

  /* --- define the elements the hub lists (register_widget_types) ----------- */
  const BUILTIN = {events: Events, expertise: Events, calendar: Calendar, search: Search};

  function define(spec, Impl) {
    if (typeof Impl !== 'function' || W.customElements.get(spec.element)) return;
    W.customElements.define(spec.element, class extends Impl {
      static get observedAttributes() { return spec.attributes; }

      get spec() { return spec; }
    });
  }

  // A plugin's widget type brings its own script (WidgetType.script), loaded
  // with a script tag only once the page holds such an element. The script
  // calls document.currentScript.hubDefine(factory): factory gets this kit and
  // returns a subclass of Widget. No global name is taken. Until then (or if
  // it fails) the element's light-DOM fallback link stays.
  const KIT = {Widget: Widget, h: h, link: link, safeUrl: safeUrl, tr: tr, label: label,
    load: load, clamp: clamp, dtf: dtf, when: when, place: place};
  const waiting = [];
  let watcher = null;

  function wanted() {
    waiting.slice().forEach((spec) => {
      if (!D.getElementsByTagName(spec.element).length) return;
      waiting.splice(waiting.indexOf(spec), 1);
      const s = h('script', {src: HUB + spec.script, async: true,
        onerror: () => W.console.warn('Flanders Academic Hub widget: <' + spec.element + '> failed to load')});
      s.hubDefine = (factory) => define(spec, factory(KIT));
      (D.head || D.documentElement).append(s);
    });
    if (!waiting.length && watcher) watcher.disconnect();
  }

  C.types.forEach((spec) => spec.script ? HUB && waiting.push(spec) : define(spec, BUILTIN[spec.name]));
  if (waiting.length) {
    wanted();
    if (waiting.length && W.MutationObserver) {
      watcher = new MutationObserver(wanted);
      watcher.observe(D.documentElement, {childList: true, subtree: true});
    }
  }
})();
