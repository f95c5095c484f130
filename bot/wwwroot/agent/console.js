// Agent console. Every piece of customer (or any server) data is put on the page with textContent /
// setAttribute on fixed attributes — never innerHTML — so customer text can't run as markup.
(() => {
  const i18n = window.AgentI18n;
  const t = k => i18n.t(k);
  const $ = id => document.getElementById(id);
  const state = { me: null, token: null, header: 'X-CSRF-TOKEN', queue: [], fetchedAt: 0, selected: null, detail: null, hub: null };

  const el = window.AgentDom.el;

  async function api(method, path, body) {
    const headers = { 'Accept': 'application/json' };
    if (method !== 'GET') { headers['Content-Type'] = 'application/json'; headers[state.header] = state.token; }
    const res = await fetch('/agent/api' + path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
    if (res.status === 401) { location.href = '/agent/signin.html'; throw new Error('signed out'); }
    return res;
  }

  async function refreshToken() {
    const res = await fetch('/agent/api/antiforgery', { credentials: 'same-origin' });
    const j = await res.json();
    state.token = j.token; state.header = j.header;
  }

  // ------------------------------------------------------------------ i18n of static chrome
  function applyI18n() {
    document.documentElement.lang = i18n.locale;
    document.querySelectorAll('[data-i18n]').forEach(e => { e.textContent = t(e.dataset.i18n); });
    document.querySelectorAll('[data-i18n-placeholder]').forEach(e => { e.placeholder = t(e.dataset.i18nPlaceholder); });
    $('locale').value = i18n.locale;
    const kinds = t('kinds');
    const kindSelect = $('remedy-kind');
    const current = kindSelect.value;
    kindSelect.replaceChildren(...Object.entries(kinds).map(([v, label]) => el('option', { value: v, text: label })));
    if (current) kindSelect.value = current;
    if (state.me) {
      $('me').textContent = `${state.me.name} (${label('roles', state.me.role)})`;
      $('authority').textContent = `≤ ${state.me.authority} ${state.me.currency}`;
      $('amount-label').textContent = `${t('amount')} (${state.me.currency})`;
    }
  }

  // ------------------------------------------------------------------ queue
  const fmt = s => { const m = Math.floor(Math.abs(s) / 60), r = Math.abs(s) % 60; return `${s < 0 ? '-' : ''}${m}:${String(r).padStart(2, '0')}`; };
  const elapsed = () => Math.floor((Date.now() - state.fetchedAt) / 1000);
  const trendWord = v => v > 0.05 ? t('rising') : v < -0.05 ? t('falling') : t('steady');
  const trendArrow = v => v > 0.05 ? '↑' : v < -0.05 ? '↓' : '→';
  // Case vocabulary (priority, category, severity, …) comes as the case's own names; people read them in the console's language.
  const label = (map, key) => key == null || key === '' ? key : ((t(map) || {})[key] ?? key);
  // What fired, in words (the trigger); the flow's own note (English, for the record) stays in the tooltip and summary.
  const reasonText = q => (q.trigger && t('triggers')[q.trigger]) || q.reason || '';
  // Remedies come as codes: the bot's option keys ("Apology+Coupon:20"; an offer may add its total as " (20)") and the
  // console's own kinds ("coupon (20)"). People read them named, in the console's language, amounts in the shop currency.
  const money = a => `${a} ${state.me?.currency ?? ''}`.trim();
  const remedyText = code => {
    if (code == null || code === '') return code;
    const [, key, total] = /^(.*?)(?: \((\d+(?:\.\d+)?)\))?$/.exec(String(code));
    const kinds = t('kinds'), named = t('remedyKinds');
    if (kinds[key]) return total ? `${kinds[key]} ${money(total)}` : kinds[key];
    const parts = key.split('+').map(p => p.split(':'));
    if (!parts.every(([k]) => named[k])) return code; // an agent's own wording stays as written
    const text = parts.map(([k, a]) => a ? `${named[k]} ${money(a)}` : named[k]).join(' + ');
    return total && !parts.some(([, a]) => a) ? `${text} ${money(total)}` : text;
  };
  // Facts come as "problem: Damaged" (the case's own names); people read label and value in the console's language.
  const factText = f => {
    const at = String(f).indexOf(': ');
    if (at < 0) return f;
    const [key, value] = [f.slice(0, at), f.slice(at + 2)];
    const values = { problem: 'problems', wish: 'wishes' }[key];
    return `${(t('factLabels') || {})[key] ?? key}: ${values ? label(values, value) : value}`;
  };
  const ownerLabel = o => o.startsWith('agent:') ? `${t('takenBy')}: ${o.slice(6)}` : (t('owners')[o] || o);

  async function loadQueue() {
    const res = await api('GET', '/queue');
    state.queue = await res.json();
    state.fetchedAt = Date.now();
    renderQueue();
    await loadCallbacks();
  }

  // ------------------------------------------------------------------ call backs promised (off hours, queue timeout)
  async function loadCallbacks() {
    const res = await api('GET', '/callbacks');
    state.callbacks = res.ok ? await res.json() : [];
    renderCallbacks();
  }

  function renderCallbacks() {
    const list = state.callbacks || [];
    $('callbacks').replaceChildren(...list.map(c => el('li', {
      class: c.overdue ? 'overdue' : '', data: { conversation: c.conversationId }, onclick: () => select(c.conversationId),
    },
      el('div', { class: 'row' },
        el('strong', { class: 'customer', text: c.customer || c.contact || c.caseNumber || c.conversationId.slice(0, 8) }),
        c.customer && c.contact ? el('span', { class: 'muted contact', text: c.contact }) : null,
        el('span', { class: c.caseNumber ? 'case' : 'case no-case', text: c.caseNumber || t('noCase') })),
      el('div', { class: 'row' },
        el('span', { class: c.overdue ? 'due sla-over' : 'due', text: `${t('callbackDue')}: ${c.dueAt ? new Date(c.dueAt).toLocaleString(i18n.locale, { dateStyle: 'medium', timeStyle: 'short' }) : '-'}${c.overdue ? ' · ' + t('overdue') : ''}` }),
        el('button', { class: 'callback-done', text: t('callbackDone'), onclick: async ev => {
          ev.stopPropagation();
          await api('POST', `/conversations/${encodeURIComponent(c.conversationId)}/callback-done`, {});
          await loadCallbacks();
        } })))));
    $('callbacks-empty').hidden = list.length > 0;
    $('callback-count').textContent = String(list.length);
  }

  function renderQueue() {
    const list = $('queue');
    const rows = state.queue.map(q => {
      const taken = q.owner !== 'queued';
      const wait = q.waitSeconds + (taken ? 0 : elapsed());
      const sla = q.slaSecondsLeft == null ? null : q.slaSecondsLeft - elapsed();
      const li = el('li', {
        class: [taken ? 'taken' : '', state.selected === q.conversationId ? 'selected' : ''].join(' ').trim(),
        data: { conversation: q.conversationId, owner: q.owner },
        onclick: () => select(q.conversationId),
      },
        el('div', { class: 'row' },
          el('strong', { class: 'customer', text: q.customer || q.contact || q.conversationId.slice(0, 8) }),
          // Without a name the masked contact is already the row's title; don't repeat it.
          q.customer && q.contact ? el('span', { class: 'muted contact', text: q.contact }) : null,
          el('span', { class: `badge priority p-${String(q.priority).toLowerCase()}`, data: { priority: q.priority }, text: `${t('priority')}: ${label('priorities', q.priority)}` }),
          el('span', { class: 'badge owner', text: ownerLabel(q.owner) }),
          // Handed over with no complaint in it (a request for a person): no case exists until the agent or the bot opens one.
          q.caseNumber ? null : el('span', { class: 'badge no-case', text: t('noCase') })),
        el('div', { class: 'row' },
          el('span', { class: 'category', text: `${t('category')}: ${label('categories', q.category) ?? '-'}` }),
          el('span', { class: 'severity', text: `${t('severity')}: ${label('severities', q.severity) ?? '-'}` })),
        el('div', { class: 'row' },
          el('span', { class: 'anger', text: `${t('anger')}: ${Math.round((q.anger || 0) * 100)}% ${trendArrow(q.angerTrend)} ${trendWord(q.angerTrend)}` }),
          sparkline(q.angerCurve, 60, 16)),
        el('div', { class: 'row reason', title: q.reason ?? '', text: `${t('reason')}: ${reasonText(q)}` }),
        el('div', { class: 'row' },
          el('span', { class: 'wait', data: { base: q.waitSeconds, ticking: taken ? '' : '1' }, text: `${t('waiting')} ${fmt(wait)}` }),
          sla == null ? null : el('span', { class: sla < 0 ? 'sla sla-over' : 'sla', data: { base: q.slaSecondsLeft }, text: slaText(sla) }),
          taken ? null : el('button', { class: 'primary take', text: t('takeOver'), onclick: ev => { ev.stopPropagation(); takeOver(q.conversationId); } })));
      return li;
    });
    list.replaceChildren(...rows);
    $('queue-empty').hidden = rows.length > 0;
    // How many wait for someone: in the heading and in the tab's title, so a new arrival shows from another tab.
    const waiting = state.queue.filter(q => q.owner === 'queued').length;
    $('queue-count').textContent = String(waiting);
    document.title = `${waiting > 0 ? `(${waiting}) ` : ''}${t('title')}`;
  }

  // Overdue reads "SLA overdue 15:26" (by how long), not "overdue -15:26".
  const slaText = sla => `${t('sla')} ${sla < 0 ? t('overdue') + ' ' : ''}${fmt(Math.abs(sla))}`;

  // Only the clocks change every second; rows are rebuilt when data changes (so buttons stay put).
  function tick() {
    const e = elapsed();
    document.querySelectorAll('#queue .wait').forEach(s => { s.textContent = `${t('waiting')} ${fmt(Number(s.dataset.base) + (s.dataset.ticking ? e : 0))}`; });
    document.querySelectorAll('#queue .sla').forEach(s => { const v = Number(s.dataset.base) - e; s.textContent = slaText(v); s.classList.toggle('sla-over', v < 0); });
  }

  function sparkline(values, w, h) {
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('class', 'spark'); svg.setAttribute('width', w); svg.setAttribute('height', h); svg.setAttribute('viewBox', `0 0 ${w} ${h}`);
    const v = (values || []).map(Number).filter(n => !Number.isNaN(n));
    if (v.length > 0) {
      const step = v.length > 1 ? w / (v.length - 1) : 0;
      const pts = v.map((a, i) => `${(i * step).toFixed(1)},${(h - 1 - Math.max(0, Math.min(1, a)) * (h - 2)).toFixed(1)}`).join(' ');
      const line = document.createElementNS(ns, 'polyline');
      line.setAttribute('points', v.length > 1 ? pts : `0,${pts.split(',')[1]} ${w},${pts.split(',')[1]}`);
      line.setAttribute('fill', 'none'); line.setAttribute('stroke', '#d92d20'); line.setAttribute('stroke-width', '1.5');
      svg.append(line);
    }
    return svg;
  }

  // ------------------------------------------------------------------ conversation
  async function select(id) {
    if (state.selected && state.selected !== id && state.hub) state.hub.invoke('Unwatch', state.selected).catch(() => {});
    if (state.selected !== id) { $('remedy-error').hidden = true; $('resolve-error').hidden = true; $('resolve-note').value = ''; }
    state.selected = id;
    if (state.hub) await state.hub.invoke('Watch', id).catch(() => {});
    renderQueue();
    await loadConversation();
  }

  async function loadConversation() {
    const id = state.selected;
    if (!id) return;
    const res = await api('GET', `/conversations/${encodeURIComponent(id)}`);
    if (!res.ok) return;
    const d = await res.json();
    if (state.selected !== id) return;
    state.detail = d;
    renderConversation(d);
    await loadQuickReplies();
  }

  function renderConversation(d) {
    $('no-selection').hidden = true;
    $('conversation').hidden = false;
    const hasCase = !!d.entry.caseNumber;
    $('conv-title').textContent = hasCase ? d.entry.caseNumber : `${t('noCase')} · ${d.entry.conversationId}`;
    $('conv-owner').textContent = ownerLabel(d.entry.owner);
    const mine = d.entry.owner === `agent:${state.me.id}`;
    $('take').hidden = d.entry.owner !== 'queued';
    for (const b of ['send', 'reply', 'handback', 'resolve', 'handback-mode']) $(b).disabled = !mine;
    // Remedies, offering them and the rating belong to a case; without one the agent can chat, hand back or close.
    for (const b of ['resolve-note', 'remedy-apply']) $(b).disabled = !mine || !hasCase;
    for (const o of $('handback-mode').options) o.disabled = !hasCase && o.value !== 'resume';
    if (!hasCase) $('handback-mode').value = 'resume';
    $('resolve').textContent = t(hasCase ? 'resolve' : 'closeChat');
    $('case-required').hidden = hasCase;
    // The customer turned out to have a complaint: the agent who has the chat opens its case (the first one it gets).
    $('open-case-form').hidden = hasCase || !mine;
    // Say why the agent can't type: only a waiting conversation can be taken over.
    const owner = d.entry.owner;
    $('reply').placeholder = mine ? t('typeMessage') : owner === 'queued' ? t('notOwner')
      : owner === 'bot' ? t('withBot') : owner === 'external' ? t('withExternal') : t('withOtherAgent');
    $('transcript').replaceChildren(...d.transcript.map(m => bubble(m.role, m.text, m.attachments, m.agent)));
    scrollTranscript();
    renderSummary(d);
  }

  function bubble(role, text, attachments, agentName) {
    const who = role === 'customer' ? t('roleCustomer') : role === 'agent' ? `${t('roleAgent')}${agentName ? ' · ' + agentName : ''}` : t('roleBot');
    const li = el('li', { class: role }, el('span', { class: 'who', text: who }), el('span', { class: 'text', text: text ?? '' }));
    for (const a of attachments || []) {
      // Links only to http(s) URLs; the name is text.
      const url = a.contentUrl && /^https?:\/\//i.test(a.contentUrl) ? a.contentUrl : null;
      li.append(el('div', { class: 'attachment' }, url ? el('a', { href: url, target: '_blank', rel: 'noopener noreferrer', text: a.name || a.contentType || url }) : el('span', { text: a.name || a.contentType || '' })));
    }
    return li;
  }

  function scrollTranscript() { const tr = $('transcript'); tr.scrollTop = tr.scrollHeight; }

  function renderSummary(d) {
    const s = d.summary || {};
    const rows = [
      [t('customer'), [s.customerName, s.maskedContact, label('tiers', s.customerTier)].filter(Boolean).join(' · ')],
      [t('reason'), [reasonText(d.entry), d.entry.reason !== reasonText(d.entry) ? d.entry.reason : null].filter(Boolean).join('\n')],
      [t('restatement'), s.restatement],
      [t('facts'), (s.facts || []).map(factText).join('\n')],
      [t('order'), [s.orderNumber, s.product, s.logistics].filter(Boolean).join('\n')],
      [t('category'), label('categories', s.category)],
      [t('responsibility'), label('responsibilities', s.responsibility)],
      [t('severity'), label('severities', s.severity)],
      [t('offered'), (s.remediesOffered || []).map(remedyText).join(', ')],
      [t('refused'), (s.remediesRefused || []).map(remedyText).join(', ')],
    ];
    const dl = $('summary');
    dl.replaceChildren(...rows.flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: v || '-' })]),
      el('dt', { text: t('angerCurve') }), el('dd', {}, sparkline(s.angerCurve, 200, 40), el('span', { class: 'muted', text: `${Math.round((s.anger || 0) * 100)}% ${trendWord(s.angerTrend || 0)}` })));
    const c = d.case;
    const caseRows = c ? [
      [t('number'), c.number], [t('status'), label('statuses', c.status)], [t('priority'), label('priorities', c.priority)], [t('category'), label('categories', c.category)],
      [t('responsibility'), label('responsibilities', c.responsibility)], [t('severity'), label('severities', c.severity)], [t('order'), [c.orderNumber, c.productName, c.orderAmount].filter(v => v != null).join(' · ')],
      // Agents see the order either way; this says whether the customer proved it is theirs (issue 13.10).
      ...(c.orderNumber ? [[t('verifiedLabel'), label('verifications', c.verification || 'None')]] : []),
      ['SLA', c.resolutionDue && new Date(c.resolutionDue).toLocaleString(i18n.locale, { dateStyle: 'medium', timeStyle: 'short' })], [t('applyRemedy'), remedyText(c.remedyChosen)], ['CSAT', [c.csat, c.csatComment].filter(v => v != null).join(' · ')],
    ] : [[t('number'), d.entry.caseNumber || t('noCase')]];
    $('case').replaceChildren(...caseRows.flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: v == null || v === '' ? '-' : String(v) })]),
      ...(d.remedies || []).flatMap(r => [el('dt', { text: t(r.state === 'PendingApproval' ? 'awaitingLead' : r.state === 'Rejected' ? 'rejectedByLead' : 'done') }), el('dd', { text: `${(t('kinds')[r.kind] || r.kind)}${r.amount > 0 ? ' ' + money(r.amount) : ''} · ${r.agentId}${r.decidedBy ? ' · ' + r.decidedBy : ''}` })]));
  }

  function showError(text) { const e = $('conv-error'); e.textContent = text; e.hidden = !text; }

  async function takeOver(id) {
    showError('');
    const res = await api('POST', `/conversations/${encodeURIComponent(id)}/take`, {});
    if (res.status === 409) showError(t('conflict'));
    await loadQueue();
    await select(id);
    if (res.status === 409) showError(t('conflict'));
  }

  async function send(text) {
    if (!text.trim() || !state.selected) return;
    const res = await api('POST', `/conversations/${encodeURIComponent(state.selected)}/messages`, { text });
    if (res.ok) $('reply').value = '';
    else showError(t('notOwner'));
  }

  // Quick replies go to the customer, so they are in the customer's language, not the console's.
  async function loadQuickReplies() {
    const locale = state.detail?.entry?.locale || i18n.locale;
    if (state.quickRepliesLocale === locale) return;
    state.quickRepliesLocale = locale;
    const res = await api('GET', `/quick-replies?locale=${encodeURIComponent(locale)}`);
    state.quickReplies = res.ok ? await res.json() : [];
    renderQuickReplies();
  }

  // The label is the console's language, the replies the customer's.
  function renderQuickReplies() {
    $('quick-replies').replaceChildren(el('span', { class: 'muted', text: t('quickReplies') }),
      ...(state.quickReplies || []).map(r => el('button', { type: 'button', text: r, onclick: () => { $('reply').value = r; $('reply').focus(); } })));
  }

  // ------------------------------------------------------------------ live updates
  async function connectHub() {
    const hub = new signalR.HubConnectionBuilder()
        // WebSockets without the negotiate round trip: behind a load balancer without sticky sessions the negotiate
        // (instance A) and the socket (instance B) may land apart, and B would not know A's connection id.
        .withUrl('/agent/hub', { skipNegotiation: true, transport: signalR.HttpTransportType.WebSockets }).withAutomaticReconnect().build();
    hub.on('queueChanged', async id => { await loadQueue(); if (id === state.selected) await loadConversation(); });
    hub.on('message', m => {
      if (m.conversationId !== state.selected) return;
      // The agent's own messages come back here too; the transcript reload on selection keeps order.
      const agentName = m.role === 'agent' ? (m.agentId === state.me.id ? state.me.name : m.agentId) : null;
      state.detail?.transcript?.push({ role: m.role, text: m.text, attachments: m.attachments, agent: agentName }); // kept for a re-render (language switch)
      $('transcript').append(bubble(m.role, m.text, m.attachments, agentName));
      scrollTranscript();
    });
    hub.on('batchAlert', a => showBatchAlert(a));
    hub.onreconnecting(() => setLive(false));
    hub.onreconnected(async () => { setLive(true); if (state.selected) await hub.invoke('Watch', state.selected); await loadQueue(); });
    hub.onclose(() => setLive(false));
    await hub.start();
    state.hub = hub;
    setLive(true);
  }

  // Many complaints on one product (raised by the dashboard's batch-issue check).
  function showBatchAlert(a) {
    const product = [a.sku, a.productName].filter(Boolean).join(' · ') || a.key;
    $('batch-banner-text').textContent = t('batchAlertText').replace('{count}', a.count).replace('{product}', product).replace('{hours}', a.windowHours);
    $('batch-banner').hidden = false;
  }

  function setLive(on) { state.live = on; const l = $('live'); l.className = 'live ' + (on ? 'on' : 'off'); l.textContent = on ? t('connected') : t('disconnected'); }

  // ------------------------------------------------------------------ wiring
  $('composer').addEventListener('submit', ev => { ev.preventDefault(); send($('reply').value); });
  $('reply').addEventListener('keydown', ev => { if (ev.key === 'Enter' && !ev.shiftKey) { ev.preventDefault(); send($('reply').value); } });
  $('take').addEventListener('click', () => state.selected && takeOver(state.selected));
  $('handback').addEventListener('click', async () => {
    const res = await api('POST', `/conversations/${encodeURIComponent(state.selected)}/handback`, { mode: $('handback-mode').value });
    if (!res.ok) showError(res.status === 409 ? t('conflict') : t('notOwner'));
    await loadQueue(); await loadConversation();
  });
  // Resolving needs an outcome: a remedy granted on the case, or what was done in the agent's words.
  $('resolve').addEventListener('click', async () => {
    const e = $('resolve-error');
    const note = $('resolve-note').value.trim();
    // Without a case there is no outcome to record: the chat is just closed.
    const remedied = !state.detail?.entry?.caseNumber || (state.detail?.remedies || []).some(r => (r.state ?? 'Applied') === 'Applied');
    // Said here at once; the server refuses the same (400 outcome-required) for any other client.
    const res = note || remedied ? await api('POST', `/conversations/${encodeURIComponent(state.selected)}/resolve`, { note }) : null;
    const body = res?.status === 400 ? await res.json().catch(() => ({})) : {};
    e.textContent = !res || body.error === 'outcome-required' ? t('outcomeRequired') : '';
    e.hidden = !e.textContent;
    if (e.textContent) { $('resolve-note').focus(); return; }
    if (!res.ok) showError(res.status === 409 ? t('conflict') : t('notOwner'));
    else $('resolve-note').value = '';
    await loadQueue(); await loadConversation();
  });
  $('remedy-form').addEventListener('submit', async ev => {
    ev.preventDefault();
    const res = await api('POST', `/conversations/${encodeURIComponent(state.selected)}/remedies`, { kind: $('remedy-kind').value, amount: Number($('remedy-amount').value || 0) });
    // Beside the form, where the agent is looking (the conversation's error line is scrolled away by then).
    const e = $('remedy-error');
    // 202: above the agent's limit for this case; recorded for a lead, the customer is not told yet.
    const error = res.status === 400 ? (await res.clone().json().catch(() => ({}))).error : null;
    e.textContent = res.status === 403 ? t('beyondAuthority') : res.status === 202 ? t('sentForApproval')
      : error === 'amount-required' ? t('amountRequired') : res.ok ? '' : t('notOwner');
    e.hidden = res.status === 200;
    await loadConversation();
  });
  $('open-case-form').addEventListener('submit', async ev => {
    ev.preventDefault();
    const description = $('case-description').value.trim();
    if (!description) { $('case-description').focus(); return; }
    const res = await api('POST', `/conversations/${encodeURIComponent(state.selected)}/case`, { description });
    if (res.ok) $('case-description').value = '';
    else showError(res.status === 409 ? t('conflict') : t('notOwner'));
    await loadQueue(); await loadConversation();
  });
  // Everything on screen follows the new language at once: chrome, queue, the open conversation and the live status.
  $('locale').addEventListener('change', () => {
    i18n.set($('locale').value);
    applyI18n();
    renderQueue();
    renderCallbacks();
    if (state.detail) renderConversation(state.detail);
    renderQuickReplies();
    if (state.live !== undefined) setLive(state.live);
  });
  $('signout').addEventListener('click', async () => { await api('POST', '/signout', {}); location.href = '/agent/signin.html'; });
  setInterval(tick, 1000); // wait times and SLA countdowns

  (async () => {
    const res = await api('GET', '/me');
    state.me = await res.json();
    if (!localStorage.getItem('agent.locale')) i18n.set(state.me.locale);
    await refreshToken();
    applyI18n();
    await Promise.all([loadQueue(), loadQuickReplies()]);
    await connectHub();
    document.body.dataset.ready = 'true';
  })();
})();
