/* <flanders-countdown>: the next upcoming event of a filter and the days
 * until it starts. The hub's widgets.js loads this script on pages that hold
 * the element and gives it document.currentScript.hubDefine(): the factory
 * passed to it gets widgets.js's kit (the Widget base class: Shadow DOM,
 * theme, language, filters, fallback link; h() and link(), which write text
 * only) and returns the element's class. Its texts come from the plugin's
 * own URL. */
document.currentScript.hubDefine(function (kit) {
  const {Widget, h, link, load} = kit;

  return class Countdown extends Widget {
    render(lang, hub) {
      const seq = this._seq, box = this._box;
      box.replaceChildren(h('p', {class: 'meta', role: 'status', text: '…'}));
      Promise.all([
        load(hub + '/plugins/hub_countdown/v1/strings.json', 1),
        load(hub + '/api/v1/events/?' + this.query({lang: lang, page_size: 1}), 1),
      ]).then(([strings, data]) => {
        if (seq !== this._seq) return;
        this.setAttribute('data-state', 'ready');
        this.show(strings[lang] || strings.en, data.results[0]);
      }, (err) => seq === this._seq && this.failed(err, box));
    }

    show(t, ev) {
      if (!ev) {
        this._box.replaceChildren(h('p', {class: 'empty', text: t.none}));
        return;
      }
      const start = ev.recurrence && ev.recurrence.next_start || ev.start;
      const days = Math.max(0, Math.ceil((Date.parse(start) - Date.now()) / 864e5));
      const left = days > 1 ? t.days.replace('{n}', days) : days ? t.tomorrow : t.today;
      this._box.replaceChildren(
        h('p', {class: 'meta', part: 'meta', text: t.next}),
        h(this.level(), {class: 't', part: 'title'}, [link(ev.url, ev.title)]),
        h('p', {class: 'count', part: 'count', text: left}));
    }
  };
});
