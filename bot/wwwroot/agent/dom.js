// One element builder for the agent pages (console, dashboard). Values go onto the page through textContent,
// dataset, style properties or setAttribute on fixed names — never innerHTML — so customer text can't run as markup.
window.AgentDom = (() => {
  function el(tag, props, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (v == null) continue;
      if (k === 'class') e.className = v;
      else if (k === 'text') e.textContent = String(v);
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else if (k === 'data') Object.entries(v).forEach(([dk, dv]) => { e.dataset[dk] = String(dv); });
      else if (k === 'style') Object.assign(e.style, v);
      else e.setAttribute(k, String(v));
    }
    for (const c of children.flat()) if (c != null) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    return e;
  }
  return { el };
})();
