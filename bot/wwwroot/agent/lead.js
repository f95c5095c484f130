// Lead-only tools of the agent console: remedies waiting for approval (above an agent's per-case limit) and one
// customer's data export / erasure. The server checks the role on every call; this only decides what is shown.
// Text goes onto the page through AgentDom.el (textContent), never innerHTML.
(() => {
  const i18n = window.AgentI18n;
  const t = k => i18n.t(k);
  const $ = id => document.getElementById(id);
  const el = window.AgentDom.el;
  let csrf = null, me = null;

  async function token() {
    const j = await (await fetch('/agent/api/antiforgery', { credentials: 'same-origin' })).json();
    csrf = j;
  }

  async function post(path, body) {
    if (!csrf) await token();
    return fetch('/agent/api' + path, {
      method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'Accept': 'application/json', [csrf.header]: csrf.token },
      body: JSON.stringify(body ?? {}),
    });
  }

  async function loadApprovals() {
    const res = await fetch('/agent/api/approvals', { credentials: 'same-origin' });
    if (!res.ok) return;
    const items = await res.json();
    $('approvals-count').textContent = items.length;
    const kinds = t('kinds');
    $('approvals').replaceChildren(...(items.length ? items.map(a => el('li', { data: { remedy: a.remedyId } },
      el('div', { class: 'row' },
        el('strong', { text: `${kinds[a.kind] || a.kind} ${a.amount} ${me.currency}` }),
        el('span', { class: 'muted', text: `${a.caseNumber || ''} · ${a.agentId} · ${t('alreadyGranted')} ${a.appliedTotal} ${me.currency}` })),
      el('div', { class: 'row' },
        el('button', { type: 'button', class: 'primary approve', text: t('approve'), onclick: () => decide(a, 'approve') }),
        el('button', { type: 'button', class: 'reject', text: t('reject'), onclick: () => decide(a, 'reject') }))))
      : [el('li', { class: 'muted', text: t('approvalsEmpty') })]));
  }

  async function decide(a, verdict) {
    await post(`/conversations/${encodeURIComponent(a.conversationId)}/remedies/${encodeURIComponent(a.remedyId)}/${verdict}`);
    await loadApprovals();
  }

  function customerKey() {
    const value = $('privacy-value').value.trim();
    return value ? { [$('privacy-kind').value]: value } : null;
  }

  function result(text) { $('privacy-result').textContent = text; }

  $('privacy-export').addEventListener('click', async () => {
    const key = customerKey();
    if (!key) return result(t('badKey'));
    const res = await post('/privacy/export', key);
    if (res.status === 404) return result(t('nobodyFound'));
    if (!res.ok) return result(t('badKey'));
    const blob = await res.blob();
    const a = el('a', { href: URL.createObjectURL(blob), download: `customer-export-${Date.now()}.json` });
    document.body.append(a); a.click(); a.remove();
    result(t('exported'));
  });

  $('privacy-erase').addEventListener('click', async () => {
    const key = customerKey();
    if (!key) return result(t('badKey'));
    if (!confirm(t('eraseConfirm'))) return;
    const res = await post('/privacy/erase', key);
    if (res.status === 404) return result(t('nobodyFound'));
    if (!res.ok) return result(t('badKey'));
    const { rows } = await res.json();
    result(t('erased').replace('{rows}', Object.entries(rows).map(([k, v]) => `${k} ${v}`).join(', ')));
  });

  (async () => {
    const res = await fetch('/agent/api/me', { credentials: 'same-origin' });
    if (!res.ok) return;
    me = await res.json();
    if (me.role !== 'Supervisor') return;
    $('lead-tools').hidden = false;
    // The static labels follow the console's language (console.js applies data-i18n once at start).
    document.querySelectorAll('#lead-tools [data-i18n]').forEach(e => { e.textContent = t(e.dataset.i18n); });
    await loadApprovals();
    setInterval(loadApprovals, 10000);
  })();
})();
