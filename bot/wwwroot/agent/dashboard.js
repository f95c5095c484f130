// Dashboard of the agent console. Like console.js, every value from the server goes onto the page through
// textContent or fixed attributes — never innerHTML.
(() => {
  const i18n = window.AgentI18n;
  const t = k => i18n.t(k);
  const $ = id => document.getElementById(id);
  const periods = ['today', '7d', '30d'];
  const state = { period: periods.includes(new URLSearchParams(location.search).get('period')) ? new URLSearchParams(location.search).get('period') : 'today', figures: null, alerts: [] };

  const el = window.AgentDom.el;

  async function getJson(path) {
    const res = await fetch('/agent/api' + path, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
    if (res.status === 401) { location.href = '/agent/signin.html?ReturnUrl=' + encodeURIComponent('/agent/dashboard'); throw new Error('signed out'); }
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return res.json();
  }

  const label = (map, key) => (t(map) && t(map)[key]) || key;
  const num = v => v == null ? '-' : Number(v).toLocaleString(i18n.locale);
  const pct = v => `${(Number(v || 0) * 100).toFixed(1)}%`;
  const minutes = v => v == null ? '-' : v >= 120 ? `${(v / 60).toFixed(1)} ${t('hoursUnit')}` : `${Number(v).toFixed(1)} ${t('minutes')}`;

  function kpi(id, title, value, sub) {
    return el('div', { class: 'kpi', id: 'kpi-' + id, data: { value: value == null ? '' : value } },
      el('span', { class: 'kpi-title', text: title }),
      el('strong', { class: 'kpi-value', text: value == null ? '-' : value }),
      sub ? el('span', { class: 'kpi-sub muted', text: sub }) : null);
  }

  function bars(listId, rows, map) {
    const max = Math.max(1, ...rows.map(r => r.count));
    $(listId).replaceChildren(...rows.map(r => el('li', { data: { key: r.key, count: r.count } },
      el('span', { class: 'bar-label', text: map ? label(map, r.key) : r.key }),
      el('span', { class: 'bar-track' }, el('span', { class: 'bar', style: { width: `${(100 * r.count / max).toFixed(1)}%` } })),
      el('span', { class: 'bar-value', text: num(r.count) }))));
  }

  function render() {
    const f = state.figures;
    if (!f) return;
    $('kpis').replaceChildren(
      kpi('total', t('total'), f.total),
      kpi('open', t('open'), f.open),
      kpi('resolved', t('resolved'), f.resolved),
      kpi('first-response-breaches', t('firstResponseBreaches'), f.sla.firstResponseBreaches, t('slaBreaches')),
      kpi('resolution-breaches', t('resolutionBreaches'), f.sla.resolutionBreaches, t('slaBreaches')),
      kpi('median-resolution', `${t('resolutionTime')} · ${t('median')}`, minutes(f.resolutionTime.medianMinutes), `n = ${f.resolutionTime.count}`),
      kpi('p90-resolution', `${t('resolutionTime')} · ${t('p90')}`, minutes(f.resolutionTime.p90Minutes)),
      kpi('csat', t('avgCsat'), f.csat.average == null ? null : f.csat.average.toFixed(2), `${t('csatResponses')}: ${f.csat.responses}`),
      kpi('escalation-rate', t('escalationRate'), pct(f.escalation.rate), `${t('escalated')}: ${f.escalation.escalated}`));
    bars('by-category', f.byCategory, 'categories');
    bars('by-responsibility', f.byResponsibility, 'responsibilities');
    bars('by-priority', f.byPriority, 'priorities');
    bars('escalation-reasons', f.escalation.reasons, 'triggers');
    const max = Math.max(1, ...f.daily.map(d => d.count));
    $('daily').replaceChildren(...f.daily.map(d => el('li', { data: { day: d.day, count: d.count }, title: `${d.day}: ${d.count}` },
      el('span', { class: 'column-value', text: d.count }),
      el('span', { class: 'column', style: { height: `${(100 * d.count / max).toFixed(1)}%` } }),
      el('span', { class: 'column-label', text: d.day.slice(5) }))));
    renderAlerts();
  }

  function alertText(a) {
    return t('batchAlertText').replace('{count}', a.count).replace('{product}', [a.sku, a.productName].filter(Boolean).join(' · ') || a.key)
      .replace('{hours}', a.windowHours);
  }

  function renderAlerts() {
    $('alerts').replaceChildren(...state.alerts.map(a => el('li', { class: 'alert ' + String(a.impact).toLowerCase(), data: { key: a.key, count: a.count } },
      el('strong', { text: alertText(a) }),
      el('span', { class: 'badge', text: label('impacts', a.impact) }),
      el('span', { class: 'muted', text: new Date(a.raisedAt).toLocaleString(i18n.locale) }))));
    $('alerts-empty').hidden = state.alerts.length > 0;
  }

  async function load() {
    $('export').href = `/agent/api/export/cases.csv?period=${encodeURIComponent(state.period)}`;
    document.querySelectorAll('#periods button').forEach(b => b.classList.toggle('selected', b.dataset.period === state.period));
    history.replaceState(null, '', `/agent/dashboard?period=${encodeURIComponent(state.period)}`);
    try {
      const f = await getJson(`/dashboard?period=${encodeURIComponent(state.period)}`);
      state.figures = f;
      state.alerts = f.alerts;
      $('dash-error').hidden = true;
      render();
      document.body.dataset.period = f.period;
    } catch (e) {
      if (e.message === 'signed out') return;
      $('dash-error').textContent = t('loadFailed');
      $('dash-error').hidden = false;
    }
  }

  function applyI18n() {
    document.documentElement.lang = i18n.locale;
    document.querySelectorAll('[data-i18n]').forEach(e => { e.textContent = t(e.dataset.i18n); });
    $('locale').value = i18n.locale;
    if (state.live != null) setLive(state.live);
    render();
  }

  function setLive(on) {
    state.live = on;
    const l = $('live'); l.className = 'live ' + (on ? 'on' : 'off'); l.textContent = on ? t('connected') : t('disconnected');
  }

  async function connectHub() {
    const hub = new signalR.HubConnectionBuilder()
        // WebSockets without the negotiate round trip: behind a load balancer without sticky sessions the negotiate
        // (instance A) and the socket (instance B) may land apart, and B would not know A's connection id.
        .withUrl('/agent/hub', { skipNegotiation: true, transport: signalR.HttpTransportType.WebSockets }).withAutomaticReconnect().build();
    hub.on('batchAlert', async a => {
      state.alerts = [a, ...state.alerts.filter(x => !(x.key === a.key && x.raisedAt === a.raisedAt))];
      renderAlerts();
      await load();
    });
    hub.onreconnecting(() => setLive(false));
    hub.onreconnected(() => { setLive(true); load(); });
    hub.onclose(() => setLive(false));
    try { await hub.start(); setLive(true); } catch { setLive(false); }
  }

  document.querySelectorAll('#periods button').forEach(b => b.addEventListener('click', () => { state.period = b.dataset.period; load(); }));
  $('locale').addEventListener('change', () => { i18n.set($('locale').value); applyI18n(); });

  (async () => {
    const me = await getJson('/me');
    if (!localStorage.getItem('agent.locale')) i18n.set(me.locale);
    $('me').textContent = `${me.name} (${me.role})`;
    applyI18n();
    await load();
    await connectHub();
    document.body.dataset.ready = 'true';
  })();
})();
