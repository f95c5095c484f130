/*
 * ComplaintBot chat widget. Add to any shop page:
 *   <script src="https://<bot>/widget.js" data-locale="zh-CN" async></script>
 * Optional: data-customer-token="<customerId.expiryUnix.signatureHex>" (signed by the shop backend),
 *           data-open="true" (open the panel at once).
 * Shows a floating button that opens the official Web Chat (served by the bot at /lib/webchat.js) connected to the
 * bot's own Direct Line. The conversation id and token live in sessionStorage, so the chat continues across page
 * navigations and reloads in the same tab (token refreshed, history replayed from the activity log).
 */
(function () {
  'use strict';
  if (window.ComplaintBotWidget) return;

  var script = document.currentScript || (function () {
    var all = document.querySelectorAll('script[src*="widget.js"]');
    return all[all.length - 1];
  })();
  var botOrigin = new URL(script.src, location.href).origin;
  var attr = function (name) { return script.getAttribute(name); };
  var config = {
    locale: attr('data-locale') || document.documentElement.lang || 'zh-CN',
    customerToken: attr('data-customer-token') || '',
    open: attr('data-open') === 'true'
  };

  // Widget chrome only; everything the bot says comes from the bot in the conversation's locale.
  var STRINGS = {
    'zh-CN': { button: '在线客服', title: '在线客服', close: '关闭', connecting: '正在连接客服…', failed: '暂时无法连接客服，请稍后再试。', agent: '人工客服' },
    'en-US': { button: 'Chat with us', title: 'Customer service', close: 'Close', connecting: 'Connecting…', failed: 'We cannot reach customer service right now. Please try again later.', agent: 'Customer care agent' }
  };
  function t(key) {
    var table = STRINGS[config.locale] || (/^zh/i.test(config.locale) ? STRINGS['zh-CN'] : STRINGS['en-US']);
    return table[key];
  }

  var STORE_KEY = 'complaintbot.chat:' + botOrigin;
  function load() {
    try { return JSON.parse(window.sessionStorage.getItem(STORE_KEY)) || null; } catch (e) { return null; }
  }
  function save(state) {
    try { window.sessionStorage.setItem(STORE_KEY, JSON.stringify(state)); } catch (e) { /* private mode: chat still works, just not across pages */ }
  }

  var css = [
    '#cbw-button{position:fixed;right:20px;bottom:20px;z-index:2147483000;border:0;border-radius:28px;padding:14px 20px;',
    'background:#d9480f;color:#fff;font:600 15px/1 system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;',
    'box-shadow:0 4px 14px rgba(0,0,0,.25);cursor:pointer}',
    '#cbw-panel{position:fixed;right:20px;bottom:84px;z-index:2147483001;width:380px;height:600px;max-height:calc(100vh - 104px);',
    'display:none;flex-direction:column;background:#fff;border-radius:12px;overflow:hidden;box-shadow:0 8px 30px rgba(0,0,0,.3)}',
    '#cbw-panel.cbw-open{display:flex}',
    '#cbw-head{display:flex;align-items:center;justify-content:space-between;padding:12px 16px;background:#d9480f;color:#fff;',
    'font:600 16px system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif}',
    '#cbw-close{background:transparent;border:0;color:#fff;font-size:22px;line-height:1;cursor:pointer}',
    '#cbw-body{flex:1;min-height:0;position:relative}',
    '#cbw-status{padding:16px;color:#555;font:14px system-ui,sans-serif}',
    // A person's messages: their own avatar (initials on green, the bot's are grey) and their name above the bubble.
    '.cbw-agent-avatar{width:40px;height:40px;border-radius:50%;display:flex;align-items:center;justify-content:center;',
    'background:#2b8a3e;color:#fff;font:600 14px system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;overflow:hidden}',
    '.cbw-agent-name{margin:4px 0 2px 62px;color:#2b8a3e;font:600 12px system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif}',
    '@media (max-width:480px){#cbw-panel{right:0;bottom:0;width:100vw;height:100%;max-height:none;border-radius:0}}'
  ].join('');

  var button, panel, body, status, started = false;

  function buildUi() {
    var style = document.createElement('style');
    style.textContent = css;
    document.head.appendChild(style);

    button = document.createElement('button');
    button.id = 'cbw-button';
    button.type = 'button';
    button.textContent = t('button');
    button.setAttribute('aria-controls', 'cbw-panel');
    button.addEventListener('click', function () { isOpen() ? close() : open(); });

    panel = document.createElement('section');
    panel.id = 'cbw-panel';
    panel.setAttribute('role', 'dialog');
    panel.setAttribute('aria-label', t('title'));
    panel.innerHTML = '<div id="cbw-head"><span></span><button id="cbw-close" type="button">&times;</button></div>' +
      '<div id="cbw-body"><div id="cbw-status"></div></div>';
    panel.querySelector('#cbw-head span').textContent = t('title');
    panel.querySelector('#cbw-close').setAttribute('aria-label', t('close'));
    panel.querySelector('#cbw-close').addEventListener('click', close);
    body = panel.querySelector('#cbw-body');
    status = panel.querySelector('#cbw-status');

    document.body.appendChild(panel);
    document.body.appendChild(button);
  }

  function isOpen() { return panel.classList.contains('cbw-open'); }

  function remember(open) {
    var state = load() || {};
    state.open = open;
    save(state);
  }

  function open() {
    panel.classList.add('cbw-open');
    button.setAttribute('aria-expanded', 'true');
    remember(true);
    if (!started) { started = true; start(); }
  }

  function close() {
    panel.classList.remove('cbw-open');
    button.setAttribute('aria-expanded', 'false');
    remember(false);
  }

  function loadWebChat() {
    if (window.WebChat) return Promise.resolve(window.WebChat);
    return new Promise(function (resolve, reject) {
      var s = document.createElement('script');
      s.src = botOrigin + '/lib/webchat.js';
      s.async = true;
      s.onload = function () { resolve(window.WebChat); };
      s.onerror = function () { reject(new Error('webchat.js did not load')); };
      document.head.appendChild(s);
    });
  }

  function postJson(url, bearer, payload) {
    var headers = { 'Content-Type': 'application/json' };
    if (bearer) headers.Authorization = 'Bearer ' + bearer;
    return fetch(url, { method: 'POST', headers: headers, body: payload ? JSON.stringify(payload) : undefined, credentials: 'omit' })
      .then(function (r) {
        if (!r.ok) throw new Error(url + ' answered ' + r.status);
        return r.json();
      });
  }

  // Resume the tab's conversation when its token can still be refreshed; otherwise ask the bot for a new one.
  function obtainConversation() {
    var state = load();
    var sameCustomer = state && state.customer === config.customerToken;
    if (state && state.token && sameCustomer && state.expiresAt > Date.now() + 10000) {
      return postJson(botOrigin + '/v3/directline/tokens/refresh', state.token)
        .then(function (r) {
          state.token = r.token;
          state.expiresAt = Date.now() + r.expires_in * 1000;
          save(state);
          return { state: state, resumed: true };
        })
        .catch(function () { return fresh(state); });
    }
    return fresh(state);
  }

  function fresh(previous) {
    var request = { locale: config.locale };
    if (config.customerToken) request.customerToken = config.customerToken;
    return postJson(botOrigin + '/api/directline/token', null, request)
      .then(function (r) {
        var state = {
          conversationId: r.conversationId,
          token: r.token,
          userId: r.userId,
          lifetime: r.expires_in * 1000,
          expiresAt: Date.now() + r.expires_in * 1000,
          customer: config.customerToken,
          open: previous ? !!previous.open : true
        };
        save(state);
        return { state: state, resumed: false };
      });
  }

  // The confirmation carries the case as structured data for systems (application/vnd.complaintbot.case+json);
  // its text already says all of it to the customer, and Web Chat would draw the data as an empty bubble.
  var MACHINE_ATTACHMENTS = ['application/vnd.complaintbot.case+json'];
  function withoutMachineAttachments() {
    return function (next) {
      return function (card) {
        var a = card && card.activity;
        if (!a || !a.attachments || !a.attachments.some(function (x) { return MACHINE_ATTACHMENTS.indexOf(x.contentType) >= 0; })) {
          return next.apply(null, arguments);
        }
        var shown = Object.assign({}, a, {
          attachments: a.attachments.filter(function (x) { return MACHINE_ATTACHMENTS.indexOf(x.contentType) < 0; })
        });
        var args = Array.prototype.slice.call(arguments);
        args[0] = Object.assign({}, card, { activity: shown });
        return next.apply(null, args);
      };
    };
  }

  // Messages a person in customer care wrote (the bot sends them in the agent's name, channelData.agent).
  function agentOf(activity) {
    var agent = activity && activity.channelData && activity.channelData.agent;
    return agent && agent.name ? agent : null;
  }

  // Web Chat's middlewares return React elements and the bundle does not export React, so our elements are shaped
  // after one Web Chat itself made (same React, same element format) instead of loading a second React on the shop page.
  function like(template, type, props, key) {
    return Object.assign({}, template, { type: type, key: key == null ? null : key, ref: null, props: props });
  }

  function initials(name) {
    var words = String(name).trim().split(/\s+/);
    // "Demo Agent" → "DA"; "李娜" → "李娜"; one long word → its first two letters.
    if (words.length > 1) return (words[0][0] + words[words.length - 1][0]).toUpperCase();
    return Array.from(words[0]).slice(0, 2).join('').toUpperCase();
  }

  // Web Chat groups by role only, so an agent's message after the bot's would sit in the bot's group under its avatar:
  // a change of agent (or bot ↔ agent) starts a new group.
  function groupByAgent() {
    return function (next) {
      return function (args) {
        var groups = next(args);
        var sender = [];
        var last = null;
        (args.activities || []).forEach(function (a) {
          var who = (a.from && a.from.role) + '|' + ((agentOf(a) || {}).id || (agentOf(a) || {}).name || '');
          if (last && last.who === who) last.items.push(a);
          else sender.push((last = { who: who, items: [a] }).items);
        });
        return Object.assign({}, groups, { sender: sender });
      };
    };
  }

  function agentAvatar() {
    return function (next) {
      return function (args) {
        var render = next(args);
        var agent = agentOf(args.activity);
        if (!agent || !render) return render;
        return function () {
          var template = render();
          if (!template || typeof template !== 'object') return template;
          return like(template, 'div', { className: 'cbw-agent-avatar', title: agent.name, 'aria-label': agent.name, children: initials(agent.name) });
        };
      };
    };
  }

  function agentName() {
    return function (next) {
      return function (card) {
        var render = next.apply(null, arguments);
        var agent = agentOf(card && card.activity);
        if (!agent || !render) return render;
        return function () {
          var shown = render.apply(null, arguments);
          if (!shown || typeof shown !== 'object') return shown;
          return like(shown, 'div', {
            className: 'cbw-agent-message',
            children: [like(shown, 'div', { className: 'cbw-agent-name', children: agent.name + ' · ' + t('agent') }, 'name'), Object.assign({}, shown, { key: 'message' })]
          });
        };
      };
    };
  }

  function start() {
    status.textContent = t('connecting');
    Promise.all([loadWebChat(), obtainConversation()])
      .then(function (results) {
        var WebChat = results[0], state = results[1].state;
        var options = {
          token: state.token,
          domain: botOrigin + '/v3/directline',
          webSocket: true,
          conversationStartProperties: { locale: config.locale } // so the bot greets in the page's language
        };
        if (results[1].resumed) {
          // Reconnect to the same conversation and replay it from the start, so the history shows again.
          options.conversationId = state.conversationId;
          options.watermark = '0';
        }
        var directLine = WebChat.createDirectLine(options);
        // Direct Line JS refreshes the token itself; keep our copy current for the next page.
        var keep = function () {
          var current = load() || state;
          if (directLine.token && directLine.token !== current.token) {
            current.token = directLine.token;
            current.expiresAt = Date.now() + (current.lifetime || 1800000);
            save(current);
          }
        };
        setInterval(keep, 60000);
        window.addEventListener('pagehide', keep);

        status.remove();
        var host = document.createElement('div');
        host.style.cssText = 'position:absolute;inset:0';
        body.appendChild(host);
        WebChat.renderWebChat({
          directLine: directLine,
          activityMiddleware: [withoutMachineAttachments, agentName],
          avatarMiddleware: agentAvatar,
          groupActivitiesMiddleware: groupByAgent,
          userID: state.userId,
          locale: config.locale,
          styleOptions: {
            hideUploadButton: false,
            // Send a picked photo at once: Web Chat's default ('send') keeps it invisibly until Send is pressed,
            // so customers think the upload did nothing.
            sendAttachmentOn: 'attach',
            bubbleFromUserBackground: '#ffe8d9',
            botAvatarInitials: 'CS',
            rootHeight: '100%'
          }
        }, host);
        window.ComplaintBotWidget.directLine = directLine;
      })
      .catch(function (e) {
        status.textContent = t('failed');
        if (window.console) console.warn('ComplaintBot widget:', e);
      });
  }

  function init() {
    buildUi();
    var state = load();
    if (config.open || (state && state.open)) open();
  }

  window.ComplaintBotWidget = { open: function () { open(); }, close: function () { close(); }, locale: config.locale };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
