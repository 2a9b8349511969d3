/* Widget builder (admin): live preview and snippets while the editor types.
 * The form works without this script (a GET form); this asks the same view
 * for format=json, sets the preview element's attributes (the widget
 * re-renders itself) and fills in the snippets. */
(function () {
  'use strict';
  const form = document.querySelector('[data-builder-form]');
  if (!form) return;
  const preview = document.querySelector('[data-builder-preview]');
  const status = document.querySelector('[data-builder-status]');
  const dropped = document.querySelector('[data-builder-dropped]');
  let timer = 0;
  let sequence = 0;

  // Another widget type has other attributes: load the page for it.
  form.querySelector('[data-builder-type]').addEventListener('change', () => form.submit());
  const schedule = (event) => {
    if (event.target.matches('[data-builder-type]')) return;
    clearTimeout(timer);
    timer = setTimeout(update, 250);
  };
  form.addEventListener('input', schedule);
  form.addEventListener('change', schedule);

  function showErrors(errors) {
    form.querySelectorAll('[aria-invalid]').forEach((el) => el.removeAttribute('aria-invalid'));
    const names = Object.keys(errors || {});
    names.forEach((name) => {
      const field = form.elements.namedItem(name);
      if (field) field.setAttribute('aria-invalid', 'true');
    });
    // Named as the form labels them, not by attribute name.
    return names.map((name) => {
      const field = form.elements.namedItem(name);
      const label = field && field.id && form.querySelector('label[for="' + field.id + '"]');
      const title = label ? label.textContent.replace(/\*/g, '').trim() : name;
      return title + ': ' + errors[name].map((e) => e.message).join(' ');
    }).join(' ');
  }

  async function update() {
    const params = new URLSearchParams(new FormData(form));
    const mine = ++sequence;
    let data;
    try {
      const query = new URLSearchParams(params);
      query.set('format', 'json');
      const response = await fetch('?' + query, {credentials: 'same-origin',
        headers: {Accept: 'application/json'}});
      data = await response.json();
    } catch (error) {
      return;
    }
    if (mine !== sequence) return;
    const problems = showErrors(data.errors);
    status.textContent = problems;
    if (!data.valid) return;
    const element = preview.querySelector(data.element);
    Array.from(element.attributes).forEach((attribute) => {
      if (!(attribute.name in data.attributes) && attribute.name !== 'data-state') {
        element.removeAttribute(attribute.name);
      }
    });
    Object.keys(data.attributes).forEach((name) => {
      if (element.getAttribute(name) !== data.attributes[name]) {
        element.setAttribute(name, data.attributes[name]);
      }
    });
    const link = element.querySelector('a');
    if (link) {
      link.href = data.fallback_url;
      link.textContent = data.fallback_text;
    }
    ['html', 'shortcode', 'wagtail'].forEach((kind) => {
      document.querySelector('[data-builder-output="' + kind + '"]').value = data[kind];
    });
    dropped.textContent = data.wagtail_dropped_labels.length
      ? dropped.dataset.prefix + ' ' + data.wagtail_dropped_labels.join(', ') : '';
    history.replaceState(null, '', '?' + params);
  }

  document.addEventListener('click', async (event) => {
    const button = event.target.closest('[data-copy]');
    if (!button) return;
    const area = document.getElementById(button.dataset.copy);
    try {
      await navigator.clipboard.writeText(area.value);
    } catch (error) {
      area.select();
      document.execCommand('copy');
    }
    status.textContent = button.dataset.copied;
  });
})();
