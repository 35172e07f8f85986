/** Counters for /metrics (Prometheus text format): what an operator watches during a rehearsal. */
export class ServerMetrics {
  messagesIn = 0;
  bytesIn = 0;
  updatesAccepted = 0;
  writesRefused = 0;
  commandsAccepted = 0;
  commandsRefused = 0;
  clockChanges = 0;
  storageAppends = 0;
  storageFailures = 0;
  compactions = 0;
  compactionFailures = 0;
  judgeRebuilds = 0;
  runsRefused = 0;
  runWorkersStarted = 0;
  httpRateLimited = 0;
  roomsLoaded = 0;
  roomsUnloaded = 0;
  closes = new Map<number, number>();

  countClose(code: number): void {
    this.closes.set(code, (this.closes.get(code) ?? 0) + 1);
  }
}
