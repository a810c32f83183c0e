/*
 * The provider dashboard: reads the thirdparty Actuator endpoint every refreshMillis and shows
 * each service and provider; offers the endpoint's write operations when Actuator allows them.
 * Plain JavaScript, no library. Everything from the server is written as text, never as HTML.
 */
(function () {
  'use strict';

  var settings = null;
  var services = new Map();
  var events = new Map();
  var newestSeen = 0;
  var firstReading = true;
  var polling = null;

  function $(id) {
    return document.getElementById(id);
  }

  /** Creates an element: el('td', {className: 'x', data: {field: 'state'}, text: '...'}, children...). */
  function el(tag, options) {
    var element = document.createElement(tag);
    var opts = options || {};
    if (opts.className) {
      element.className = opts.className;
    }
    if (opts.text !== undefined) {
      element.textContent = opts.text;
    }
    if (opts.title) {
      element.title = opts.title;
    }
    if (opts.data) {
      Object.keys(opts.data).forEach(function (key) {
        element.dataset[key] = opts.data[key];
      });
    }
    for (var i = 2; i < arguments.length; i++) {
      if (arguments[i]) {
        element.appendChild(arguments[i]);
      }
    }
    return element;
  }

  function field(root, name) {
    return root.querySelector('[data-field="' + name + '"]');
  }

  function setText(element, text, title) {
    var value = (text === null || text === undefined) ? '\u2013' : String(text);
    if (element.textContent !== value) {
      element.textContent = value;
    }
    if (title !== undefined && element.title !== (title || '')) {
      element.title = title || '';
    }
  }

  function number(value, digits) {
    return (value === null || value === undefined) ? null : value.toFixed(digits);
  }

  function percent(value) {
    return (value === null || value === undefined) ? null : value.toFixed(1) + ' %';
  }

  function millis(value) {
    if (value === null || value === undefined) {
      return '\u2013';
    }
    return (value < 10 ? value.toFixed(1) : value.toFixed(0)) + ' ms';
  }

  function ago(instant) {
    if (!instant) {
      return null;
    }
    var seconds = Math.max(0, Math.round((Date.now() - Date.parse(instant)) / 1000));
    if (seconds < 60) {
      return seconds + ' s ago';
    }
    if (seconds < 3600) {
      return Math.floor(seconds / 60) + ' min ago';
    }
    return Math.floor(seconds / 3600) + ' h ago';
  }

  function time(instant) {
    return instant ? new Date(Date.parse(instant)).toLocaleTimeString() : '';
  }

  function shortType(type) {
    if (!type) {
      return '';
    }
    var simple = type.substring(type.lastIndexOf('.') + 1);
    return simple.substring(simple.lastIndexOf('$') + 1);
  }

  function cookie(name) {
    var match = document.cookie.match(new RegExp('(?:^|; )' + name + '=([^;]*)'));
    return match ? decodeURIComponent(match[1]) : null;
  }

  function showMessage(text, error) {
    var message = $('message');
    message.hidden = !text;
    message.textContent = text || '';
    message.className = 'message' + (error ? ' error' : '');
  }

  function showConnection(ok, text) {
    var connection = $('connection');
    connection.textContent = text;
    connection.className = 'connection ' + (ok ? 'ok' : 'error');
  }

  /** Reads JSON; rejects with a message that says what the server answered. */
  function getJson(url) {
    return fetch(url, { headers: { Accept: 'application/json' }, cache: 'no-store', credentials: 'same-origin' })
      .then(function (response) {
        if (!response.ok) {
          return response.text().then(function (body) {
            throw new Error('HTTP ' + response.status + reason(body));
          });
        }
        return response.json();
      });
  }

  function reason(body) {
    try {
      var json = JSON.parse(body);
      var text = json.detail || json.message || json.reason || json.error;
      return text ? ': ' + text : '';
    }
    catch (ignored) {
      return '';
    }
  }

  function endpoint() {
    var path = settings.endpoint;
    for (var i = 0; i < arguments.length; i++) {
      path += '/' + encodeURIComponent(arguments[i]);
    }
    return path;
  }

  /** Runs a write operation of the endpoint; the answer (the service as changed) is shown at once. */
  function act(url, body, button, what) {
    var headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
    var csrf = cookie('XSRF-TOKEN');
    if (csrf) {
      headers['X-XSRF-TOKEN'] = csrf;
    }
    button.disabled = true;
    return fetch(url, { method: 'POST', headers: headers, body: JSON.stringify(body), credentials: 'same-origin' })
      .then(function (response) {
        return response.text().then(function (text) {
          if (!response.ok) {
            showMessage(what + ' failed: HTTP ' + response.status + reason(text), true);
            return;
          }
          showMessage(what + ': done');
          var service = JSON.parse(text);
          renderService(service);
        });
      })
      .catch(function (error) {
        showMessage(what + ' failed: ' + error.message, true);
      })
      .then(function () {
        button.disabled = false;
      });
  }

  function button(label, action, onClick) {
    var element = el('button', { text: label, data: { action: action } });
    element.type = 'button';
    element.addEventListener('click', function () {
      onClick(element);
    });
    return element;
  }

  function createService(name) {
    var header = el('header', { className: 'service-head' },
      el('h2', { text: name }),
      el('span', { className: 'badge', data: { field: 'status' } }),
      el('span', { className: 'muted', data: { field: 'strategy' } }),
      el('span', { className: 'forced', data: { field: 'forced' } }),
      el('span', { className: 'metric' }, el('span', { className: 'label', text: 'calls/s ' }),
        el('b', { data: { field: 'callsPerSecond' } })),
      el('span', { className: 'metric', data: { field: 'cacheBox' } }, el('span', { className: 'label', text: 'cache hit ' }),
        el('b', { data: { field: 'cacheHitRate' } }), el('span', { className: 'label', text: ' version ' }),
        el('b', { data: { field: 'cacheVersion' } })));
    var section = el('section', { className: 'service', data: { service: name } }, header);
    if (settings.actions) {
      var actions = el('div', { className: 'service-actions' });
      actions.appendChild(button('Release switchover', 'release', function (b) {
        act(endpoint(name), { action: 'release' }, b, 'Release ' + name);
      }));
      var form = el('form', { className: 'cache-form', data: { field: 'cacheForm' } });
      var input = el('input', { data: { field: 'versionInput' } });
      input.placeholder = 'new cache version';
      input.setAttribute('aria-label', 'new cache version of ' + name);
      var set = el('button', { text: 'Set cache version', data: { action: 'cache-version' } });
      set.type = 'submit';
      form.appendChild(input);
      form.appendChild(set);
      form.addEventListener('submit', function (event) {
        event.preventDefault();
        var version = input.value.trim();
        if (!version) {
          showMessage('Give the new cache version of ' + name, true);
          return;
        }
        act(endpoint(name), { action: 'cache-version', version: version }, set, 'Cache version of ' + name)
          .then(function () {
            input.value = '';
          });
      });
      actions.appendChild(form);
      header.appendChild(actions);
    }
    var head = el('tr');
    [['provider'], ['state'], ['weight (effective)'], ['breaker'], ['success'], ['latency p50 / p99'], ['calls/s'],
      ['in flight'], ['quota left', 'quota'], ['last error']].forEach(function (column) {
      head.appendChild(el('th', { text: column[0], className: column[1] }));
    });
    if (settings.actions) {
      head.appendChild(el('th', { text: 'actions' }));
    }
    section.appendChild(el('table', { className: 'providers' }, el('thead', {}, head), el('tbody')));
    $('services').appendChild(section);
    return { element: section, providers: new Map() };
  }

  function createProvider(service, name) {
    var row = el('tr', { data: { provider: name } },
      el('td', { className: 'name' }, el('span', { text: name }), el('div', { className: 'muted small', data: { field: 'url' } })),
      el('td', {}, el('span', { className: 'badge', data: { field: 'state' } }),
        el('div', { className: 'muted small', data: { field: 'reason' } })),
      el('td', { className: 'num', data: { field: 'weight' } }),
      el('td', {}, el('span', { className: 'badge', data: { field: 'breaker' } }),
        el('div', { className: 'muted small', data: { field: 'breakerRates' } })),
      el('td', { className: 'num', data: { field: 'successRate' } }),
      el('td', { className: 'num', data: { field: 'latency' } }),
      el('td', { className: 'num', data: { field: 'callsPerSecond' } }),
      el('td', { className: 'num', data: { field: 'inFlight' } }),
      el('td', { className: 'num quota', data: { field: 'quota' } }),
      el('td', { className: 'error-cell' }, el('div', { className: 'clamp', data: { field: 'lastError' } }),
        el('div', { className: 'muted small', data: { field: 'lastErrorAt' } })));
    if (settings.actions) {
      var buttons = el('div', { className: 'buttons' });
      var cell = el('td', { className: 'actions' }, buttons);
      [['Disable', 'disable'], ['Enable', 'enable'], ['Force', 'force'], ['Reset breaker', 'reset-breaker']]
        .forEach(function (entry) {
          buttons.appendChild(button(entry[0], entry[1], function (b) {
            act(endpoint(service.name, name), { action: entry[1] }, b, entry[0] + ' ' + service.name + '/' + name);
          }));
        });
      row.appendChild(cell);
    }
    return row;
  }

  function formatQuota(quota) {
    if (quota === null || quota === undefined) {
      return null;
    }
    if (typeof quota !== 'object') {
      return String(quota);
    }
    var left = firstOf(quota, ['remaining', 'left', 'available', 'availableTokens']);
    var limit = firstOf(quota, ['limit', 'capacity', 'max']);
    if (left !== undefined) {
      return limit !== undefined ? left + ' / ' + limit : String(left);
    }
    return Object.keys(quota).map(function (key) {
      return key + ' ' + (typeof quota[key] === 'object' ? JSON.stringify(quota[key]) : quota[key]);
    }).join(', ');
  }

  function firstOf(object, keys) {
    for (var i = 0; i < keys.length; i++) {
      if (object[keys[i]] !== undefined && object[keys[i]] !== null) {
        return object[keys[i]];
      }
    }
    return undefined;
  }

  function flash(element, className) {
    element.classList.remove(className);
    // restart the animation
    void element.offsetWidth;
    element.classList.add(className);
  }

  function renderProvider(row, provider) {
    var state = field(row, 'state');
    if (state.textContent !== provider.state && state.textContent !== '') {
      flash(row, 'changed');
    }
    setText(state, provider.state);
    state.className = 'badge state-' + provider.state;
    setText(field(row, 'reason'), provider.reason || '');
    setText(field(row, 'url'), provider.url || '');
    setText(field(row, 'weight'), provider.weight + ' (' + provider.effectiveWeight + ')');
    var breaker = provider.circuitBreaker;
    var breakerField = field(row, 'breaker');
    setText(breakerField, breaker ? breaker.state : 'none');
    breakerField.className = 'badge breaker-' + (breaker ? breaker.state : 'NONE');
    setText(field(row, 'breakerRates'), breaker && breaker.failureRate !== null && breaker.failureRate !== undefined
      ? 'failures ' + breaker.failureRate.toFixed(0) + ' %' : '');
    var traffic = provider.traffic || {};
    var success = field(row, 'successRate');
    setText(success, percent(traffic.successRate));
    success.classList.toggle('bad',
      traffic.successRate !== null && traffic.successRate !== undefined && traffic.successRate < 90);
    setText(field(row, 'latency'), millis(traffic.p50Millis) + ' / ' + millis(traffic.p99Millis));
    setText(field(row, 'callsPerSecond'), number(traffic.callsPerSecond, 1),
      'calls ' + provider.calls + ', failures ' + provider.failures + ', rejected ' + provider.rejected);
    setText(field(row, 'inFlight'), provider.inFlight);
    setText(field(row, 'quota'), formatQuota(provider.quota));
    var error = provider.lastError;
    setText(field(row, 'lastError'), error ? shortType(error.type) + (error.message ? ': ' + error.message : '') : '',
      error ? error.type + (error.message ? ': ' + error.message : '') : '');
    setText(field(row, 'lastErrorAt'), error ? ago(error.at) : '', error ? time(error.at) : '');
    if (settings.actions) {
      var disabled = provider.state === 'DISABLED';
      row.querySelector('[data-action="disable"]').hidden = disabled;
      row.querySelector('[data-action="enable"]').hidden = !disabled;
      row.querySelector('[data-action="force"]').hidden = provider.state === 'FORCED' || disabled;
      row.querySelector('[data-action="reset-breaker"]').hidden = !breaker;
    }
  }

  function renderService(service) {
    var view = services.get(service.name);
    if (!view) {
      view = createService(service.name);
      view.name = service.name;
      services.set(service.name, view);
    }
    var element = view.element;
    var status = field(element, 'status');
    setText(status, service.status);
    status.className = 'badge status-' + service.status;
    setText(field(element, 'strategy'), service.strategy ? service.strategy.toLowerCase() : '');
    setText(field(element, 'forced'), service.forced ? 'switched over to ' + service.forced : '');
    var traffic = service.traffic || {};
    setText(field(element, 'callsPerSecond'), number(traffic.callsPerSecond, 1));
    var cache = service.cache;
    field(element, 'cacheBox').hidden = !cache;
    setText(field(element, 'cacheHitRate'), percent(traffic.cacheHitRate));
    setText(field(element, 'cacheVersion'), cache ? cache.version : '');
    if (settings.actions) {
      element.querySelector('[data-action="release"]').hidden = !service.forced;
      field(element, 'cacheForm').hidden = !cache;
    }
    element.classList.toggle('has-quota', (service.providers || []).some(function (provider) {
      return provider.quota !== undefined && provider.quota !== null;
    }));
    var body = element.querySelector('tbody');
    var seen = new Set();
    (service.providers || []).forEach(function (provider, index) {
      seen.add(provider.name);
      var row = view.providers.get(provider.name);
      if (!row) {
        row = createProvider(view, provider.name);
        view.providers.set(provider.name, row);
      }
      if (body.children[index] !== row) {
        body.insertBefore(row, body.children[index] || null);
      }
      renderProvider(row, provider);
    });
    view.providers.forEach(function (row, name) {
      if (!seen.has(name)) {
        row.remove();
        view.providers.delete(name);
      }
    });
  }

  function describeEvent(event) {
    if (event.kind === 'FAILOVER') {
      return event.service + ': failover ' + (event.from || '?') + ' \u2192 ' + event.provider;
    }
    return event.service + ': ' + event.provider + ' ' + event.kind.toLowerCase();
  }

  function renderEvents(all) {
    all.sort(function (a, b) {
      return b.sequence - a.sequence;
    });
    var list = $('events');
    var keep = new Set();
    var newest = newestSeen;
    all.slice(0, 40).forEach(function (event, index) {
      var key = [event.service, event.kind, event.provider, event.from || '', event.firstAt].join('|');
      keep.add(key);
      var item = events.get(key);
      if (!item) {
        item = el('li', { data: { kind: event.kind, service: event.service, provider: event.provider } },
          el('span', { className: 'when', data: { field: 'when' } }),
          el('span', { className: 'what', data: { field: 'what' } }),
          el('span', { className: 'count', data: { field: 'count' } }),
          el('div', { className: 'muted small', data: { field: 'why' } }));
        item.classList.add('event-' + event.kind);
        events.set(key, item);
      }
      if (list.children[index] !== item) {
        list.insertBefore(item, list.children[index] || null);
      }
      setText(field(item, 'when'), time(event.lastAt), event.lastAt);
      setText(field(item, 'what'), describeEvent(event));
      setText(field(item, 'count'), event.count > 1 ? '\u00d7' + event.count : '');
      setText(field(item, 'why'), event.reason || '');
      if (event.sequence > newestSeen && !firstReading) {
        flash(item, 'fresh');
        markProviders(event);
      }
      newest = Math.max(newest, event.sequence);
    });
    events.forEach(function (item, key) {
      if (!keep.has(key)) {
        item.remove();
        events.delete(key);
      }
    });
    newestSeen = newest;
    $('no-events').hidden = all.length > 0;
  }

  /** Shows a failover on the rows of both providers as it happens. */
  function markProviders(event) {
    var view = services.get(event.service);
    if (!view) {
      return;
    }
    [event.from, event.provider].forEach(function (name) {
      var row = name && view.providers.get(name);
      if (row) {
        flash(row, event.kind === 'FAILOVER' ? 'failover' : 'changed');
      }
    });
  }

  function render(data) {
    var all = [];
    var seen = new Set();
    Object.keys(data.services || {}).forEach(function (name) {
      var service = data.services[name];
      seen.add(name);
      renderService(service);
      (service.recentEvents || []).forEach(function (event) {
        all.push(Object.assign({ service: name }, event));
      });
    });
    services.forEach(function (view, name) {
      if (!seen.has(name)) {
        view.element.remove();
        services.delete(name);
      }
    });
    renderEvents(all);
    firstReading = false;
    if (seen.size === 0) {
      showMessage('No third-party service is configured.');
    }
  }

  function poll() {
    clearTimeout(polling);
    if (document.hidden) {
      polling = setTimeout(poll, settings.refreshMillis);
      return;
    }
    getJson(settings.endpoint)
      .then(function (data) {
        render(data);
        showConnection(true, 'live');
        $('updated').textContent = 'updated ' + new Date().toLocaleTimeString();
      })
      .catch(function (error) {
        showConnection(false, 'cannot read ' + settings.endpoint + ' (' + error.message + ')');
      })
      .then(function () {
        polling = setTimeout(poll, settings.refreshMillis);
      });
  }

  function start() {
    getJson('settings')
      .then(function (loaded) {
        settings = loaded;
        if (!settings.endpoint) {
          showConnection(false, 'the thirdparty endpoint is not exposed over HTTP');
          return;
        }
        var access = $('access');
        access.textContent = settings.actions ? 'operator actions on' : 'read-only';
        access.className = 'access ' + (settings.actions ? 'writable' : 'read-only');
        document.addEventListener('visibilitychange', function () {
          if (!document.hidden) {
            poll();
          }
        });
        poll();
      })
      .catch(function (error) {
        showConnection(false, 'cannot read the dashboard settings (' + error.message + ')');
        setTimeout(start, 5000);
      });
  }

  start();
}());
