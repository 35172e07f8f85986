/** The after-action report's words in both of the lab's languages; the data (names, labels, titles) stays as recorded. */
export type ReportLang = 'zh-CN' | 'en';

const en = {
  title: 'After-action report',
  scenario: 'scenario',
  seed: 'seed',
  upTo: 'up to',
  state: 'state',
  drill: 'Drill',
  passed: 'passed',
  notPassed: 'not passed',
  objective: 'objective',
  when: 'when',
  result: 'result',
  at: 'at',
  weight: 'weight',
  objectives: 'Objectives: {points} points. Penalties: {penalties}.',
  none: 'none',
  participants: 'Participants',
  who: 'who',
  commandsCol: 'commands',
  noCommands: 'no commands',
  timeline: 'Timeline',
  timelineNote: 'Metrics one minute before → one minute after each fault, command and decision.',
  time: 'time',
  what: 'what',
  event: 'event',
  done: 'orders done/s',
  p99: 'end-to-end p99',
  failed: 'orders failed',
  commands: 'Commands',
  seq: 'seq',
  command: 'command',
  flow: 'The flow over the session',
  flowNote:
    'Orders done per second (green) and end-to-end p99 in ms (orange, right axis); dashed lines: faults (red) and commands (violet). Points far above the flow (the opening call’s uncross) are marked ▲ with their value.',
  around: 'Around each event',
  final: 'At {clock}',
  finalText: '{created} orders created, {failed} failed, {rejected} rejected, {inFlight} in flight; {throughput} done per second; end-to-end p99 {p99}.',
  print: 'Print or save as PDF',
  'status.met': 'met',
  'status.missed': 'missed',
  'status.pending': 'pending',
  'status.not_triggered': 'not triggered',
  'kind.fault': 'fault',
  'kind.fault_end': 'fault ends',
  'kind.command': 'command',
  'kind.decision': 'decision',
  'kind.runbook': 'runbook',
  'kind.note': 'note',
  'kind.hint': 'hint',
} as const;

export type ReportWord = keyof typeof en;

const zh: Record<ReportWord, string> = {
  title: '复盘报告',
  scenario: '场景',
  seed: '随机种子',
  upTo: '截至',
  state: '状态哈希',
  drill: '演练',
  passed: '通过',
  notPassed: '未通过',
  objective: '目标',
  when: '时机',
  result: '结果',
  at: '时间',
  weight: '权重',
  objectives: '目标得分：{points} 分。扣分：{penalties}。',
  none: '无',
  participants: '参与者',
  who: '人员',
  commandsCol: '命令数',
  noCommands: '没有命令',
  timeline: '时间线',
  timelineNote: '每个故障、命令和决策之前一分钟 → 之后一分钟的指标。',
  time: '时间',
  what: '类型',
  event: '事件',
  done: '每秒完成委托',
  p99: '端到端 p99',
  failed: '报单失败',
  commands: '命令',
  seq: '序号',
  command: '命令',
  flow: '会话期间的委托流量',
  flowNote: '每秒完成委托（绿色）与端到端 p99 毫秒（橙色，右轴）；虚线：故障（红）与命令（紫）。远高于连续流量的点（开盘集合竞价撮合）以 ▲ 标出实际数值。',
  around: '各事件前后',
  final: '{clock} 时',
  finalText: '共创建委托 {created} 笔，报单失败 {failed} 笔，拒绝 {rejected} 笔，在途 {inFlight} 笔；每秒完成 {throughput} 笔；端到端 p99 {p99}。',
  print: '打印或另存为 PDF',
  'status.met': '达成',
  'status.missed': '未达成',
  'status.pending': '待定',
  'status.not_triggered': '未触发',
  'kind.fault': '故障',
  'kind.fault_end': '故障结束',
  'kind.command': '命令',
  'kind.decision': '决策',
  'kind.runbook': '操作手册',
  'kind.note': '备注',
  'kind.hint': '提示',
};

export const REPORT_WORDS: Record<ReportLang, Record<ReportWord, string>> = { 'zh-CN': zh, en };

/** ?lang= first, then the browser's Accept-Language, then Chinese (the lab's default). */
export function reportLang(query: string | undefined, acceptLanguage: string | undefined): ReportLang {
  if (query === 'en' || query === 'zh-CN') return query;
  if (query?.toLowerCase().startsWith('zh')) return 'zh-CN';
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.split(';')[0]!.trim().toLowerCase();
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en';
  }
  return 'zh-CN';
}

export function word(lang: ReportLang, key: ReportWord, params: Record<string, string | number> = {}): string {
  return REPORT_WORDS[lang][key].replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}
