// UI chrome strings of the agent console per locale. Customer-facing text lives in prompts/, not here.
window.AgentI18n = (() => {
  const strings = {
    'zh-CN': {
      title: '客服工作台', signIn: '登录', signOut: '退出', user: '账号', password: '密码',
      signInFailed: '账号或密码错误', queue: '待接入队列', mine: '我的会话', empty: '队列为空',
      takeOver: '接入', taken: '已被接入', takenBy: '处理人', waiting: '等待', sla: 'SLA', overdue: '已超时',
      customer: '客户', category: '类别', severity: '严重程度', anger: '愤怒度', trend: '趋势', reason: '原因',
      priority: '优先级', position: '排队', transcript: '对话记录', summary: '结构化摘要', casePanel: '案件',
      restatement: '复述', facts: '事实', order: '订单与物流', responsibility: '责任方', offered: '已提供方案',
      refused: '已拒绝方案', angerCurve: '愤怒曲线', send: '发送', typeMessage: '输入回复…', quickReplies: '快捷回复',
      handBack: '交回机器人', resume: '继续原流程', remedies: '提供补偿方案', csat: '请求满意度评价', resolve: '结案',
      applyRemedy: '执行补偿', remedyKind: '方案', amount: '金额(元)', apply: '执行', beyondAuthority: '超出权限，需主管处理',
      conflict: '会话已被其他客服接入', selectConversation: '请选择左侧的会话', roleCustomer: '客户', roleBot: '机器人', roleAgent: '客服',
      status: '状态', number: '编号', rising: '上升', falling: '下降', steady: '平稳', notOwner: '接入后才能回复',
      connected: '实时连接正常', disconnected: '实时连接中断，正在重连…', note: '备注', done: '已完成',
      kinds: { coupon: '优惠券', partial_refund: '部分退款', refund: '退货退款', reship: '补发', exchange: '换货', compensation: '赔偿' },
      owners: { queued: '排队中', bot: '机器人', external: '外部客服中心' },
    },
    'en-US': {
      title: 'Agent console', signIn: 'Sign in', signOut: 'Sign out', user: 'User', password: 'Password',
      signInFailed: 'Unknown user or wrong password', queue: 'Queue', mine: 'My conversations', empty: 'The queue is empty',
      takeOver: 'Take over', taken: 'Taken', takenBy: 'Agent', waiting: 'Waiting', sla: 'SLA', overdue: 'overdue',
      customer: 'Customer', category: 'Category', severity: 'Severity', anger: 'Anger', trend: 'Trend', reason: 'Reason',
      priority: 'Priority', position: 'Place', transcript: 'Transcript', summary: 'Summary', casePanel: 'Case',
      restatement: 'Restated complaint', facts: 'Facts', order: 'Order and logistics', responsibility: 'Responsibility', offered: 'Remedies offered',
      refused: 'Remedies refused', angerCurve: 'Anger curve', send: 'Send', typeMessage: 'Type a reply…', quickReplies: 'Quick replies',
      handBack: 'Hand back to bot', resume: 'Resume the flow', remedies: 'Offer remedies', csat: 'Ask for CSAT', resolve: 'Resolve',
      applyRemedy: 'Apply remedy', remedyKind: 'Remedy', amount: 'Amount (CNY)', apply: 'Apply', beyondAuthority: 'Beyond your authority: a supervisor must apply it',
      conflict: 'Another agent has taken this conversation', selectConversation: 'Select a conversation on the left', roleCustomer: 'Customer', roleBot: 'Bot', roleAgent: 'Agent',
      status: 'Status', number: 'Number', rising: 'rising', falling: 'falling', steady: 'steady', notOwner: 'Take over to reply',
      connected: 'Live', disconnected: 'Connection lost, reconnecting…', note: 'Note', done: 'Done',
      kinds: { coupon: 'Coupon', partial_refund: 'Partial refund', refund: 'Return and refund', reship: 'Reship', exchange: 'Exchange', compensation: 'Compensation' },
      owners: { queued: 'waiting', bot: 'bot', external: 'external contact centre' },
    },
  };
  let locale = localStorage.getItem('agent.locale') || (navigator.language && navigator.language.startsWith('en') ? 'en-US' : 'zh-CN');
  return {
    get locale() { return locale; },
    set(l) { if (strings[l]) { locale = l; localStorage.setItem('agent.locale', l); } },
    t(key) { return (strings[locale] && strings[locale][key]) ?? strings['en-US'][key] ?? key; },
    locales: Object.keys(strings),
  };
})();
