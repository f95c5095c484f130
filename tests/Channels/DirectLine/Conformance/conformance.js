// Drives our Direct Line endpoint with the official botframework-directlinejs client, as Web Chat would.
// Usage: node conformance.js <botBaseUrl> <token> <websocket|polling>
// Prints one JSON object per line; exits 0 when every step passed, 1 otherwise.
'use strict';
global.XMLHttpRequest = require('xhr2');
global.WebSocket = require('ws');
const { DirectLine, ConnectionStatus } = require('botframework-directlinejs');

const [baseUrl, token, mode] = process.argv.slice(2);
const domain = baseUrl.replace(/\/$/, '') + '/v3/directline';
const webSocket = mode !== 'polling';
const say = (o) => console.log(JSON.stringify(o));
const fail = (why) => { say({ step: 'failed', why }); process.exit(1); };
setTimeout(() => fail('timed out'), 60000).unref();

function waitFor(directLine, predicate) {
  return new Promise((resolve) => {
    const seen = [];
    const sub = directLine.activity$.subscribe((a) => {
      seen.push(a);
      if (predicate(seen)) { sub.unsubscribe(); resolve(seen); }
    }, (e) => fail('activity$ error: ' + (e && e.message)));
  });
}

function online(directLine) {
  return new Promise((resolve) => directLine.connectionStatus$.subscribe((s) => {
    if (s === ConnectionStatus.Online) resolve();
    if (s === ConnectionStatus.FailedToConnect || s === ConnectionStatus.ExpiredToken) fail('connection status ' + s);
  }));
}

function post(directLine, text) {
  return new Promise((resolve) => directLine.postActivity({
    type: 'message',
    from: { id: 'conformance-user' },
    text,
    locale: 'en-US',
    channelData: { clientActivityID: 'conformance-' + text.length },
  }).subscribe((id) => resolve(id), (e) => fail('postActivity error: ' + (e && (e.status || e.message)))));
}

(async () => {
  // 1. Start a conversation with the token, receive, post, see our own echo and the bot's reply.
  const first = new DirectLine({ token, domain, webSocket, pollingInterval: 200 });
  const greeted = waitFor(first, (s) => s.some((a) => a.from && a.from.role === 'bot'));
  await online(first);
  say({ step: 'online', conversationId: first.conversationId, webSocket });
  await greeted;
  const text = 'hello from directlinejs ' + mode;
  const answered = waitFor(first, (s) => s.some((a) => a.replyToId && s.some((e) => e.id === a.replyToId && e.text === text)));
  const id = await post(first, text);
  const seen = await answered;
  const echo = seen.find((a) => a.id === id);
  const reply = seen.find((a) => a.replyToId === id);
  if (!echo) fail('own activity not echoed with the id returned by POST');
  say({ step: 'echo', id, clientActivityID: echo.channelData && echo.channelData.clientActivityID, fromId: echo.from.id, channelId: echo.channelId });
  say({ step: 'reply', text: reply.text, replyToId: reply.replyToId });
  const conversationId = first.conversationId;
  const freshToken = first.token;
  first.end();

  // 2. Reconnect to the same conversation from watermark 0: the whole history is replayed.
  const again = new DirectLine({ token: freshToken, domain, webSocket, conversationId, watermark: '0', pollingInterval: 200 });
  const replayed = await waitFor(again, (s) => s.some((a) => a.text === reply.text));
  say({ step: 'replayed', conversationId: again.conversationId, texts: replayed.map((a) => a.text) });
  again.end();
  say({ step: 'done' });
  process.exit(0);
})().catch((e) => fail(String(e && e.stack || e)));
