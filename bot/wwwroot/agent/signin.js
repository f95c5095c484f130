(() => {
  const { t } = window.AgentI18n;
  const apply = () => document.querySelectorAll('[data-i18n]').forEach(e => { e.textContent = window.AgentI18n.t(e.dataset.i18n); });
  document.querySelectorAll('[data-locale]').forEach(a => a.addEventListener('click', ev => { ev.preventDefault(); window.AgentI18n.set(a.dataset.locale); apply(); }));
  apply();

  document.getElementById('signin-form').addEventListener('submit', async ev => {
    ev.preventDefault();
    const error = document.getElementById('signin-error');
    error.hidden = true;
    const tokenRes = await fetch('/agent/api/antiforgery', { credentials: 'same-origin' });
    const { token, header } = await tokenRes.json();
    const res = await fetch('/agent/api/signin', {
      method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', [header]: token },
      body: JSON.stringify({ id: document.getElementById('user').value, password: document.getElementById('password').value }),
    });
    if (res.ok) {
      const returnUrl = new URLSearchParams(location.search).get('ReturnUrl');
      // Only local paths: never bounce a signed-in agent to another site.
      location.href = returnUrl && returnUrl.startsWith('/agent') && !returnUrl.startsWith('//') ? returnUrl : '/agent';
    } else {
      error.textContent = t('signInFailed');
      error.hidden = false;
    }
  });
})();
