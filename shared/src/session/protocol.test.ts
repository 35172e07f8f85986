import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { CLOSE, MESSAGE_COMMAND, encodeCommandRequest, encodeReply, isFinalClose, readJsonPayload, readReply } from './protocol.ts';
import { describeIssues, formatPath } from './issues.ts';
import { checkCommand } from './commands.ts';
import { scenarioContentHash } from './hash.ts';
import { readCommands, sessionParts } from './layout.ts';
import { Command } from '../scenario/command.ts';

describe('the session protocol', () => {
  it('frames command requests and replies after the y-websocket message types', () => {
    const d = decoding.createDecoder(encodeCommandRequest('r1', { type: 'failback', node: 'counter' }));
    expect(decoding.readVarUint(d)).toBe(MESSAGE_COMMAND);
    expect(readJsonPayload(d)).toEqual({ id: 'r1', command: { type: 'failback', node: 'counter' } });
    const r = decoding.createDecoder(encodeReply({ id: 'r1', ok: false, serverMs: 5, error: 'no' }));
    decoding.readVarUint(r);
    expect(readReply(r)).toEqual({ id: 'r1', ok: false, serverMs: 5, error: 'no' });
  });

  it('tells clients which close codes are final', () => {
    expect([CLOSE.unauthenticated, CLOSE.forbidden, CLOSE.tooBig, CLOSE.rateLimited, CLOSE.malformed].every(isFinalClose)).toBe(true);
    expect([CLOSE.goingAway, CLOSE.serverError, CLOSE.tryAgainLater].some(isFinalClose)).toBe(false);
  });

  it('names the field at fault in a refused command', () => {
    const r = checkCommand({ type: 'inject_fault', fault: { kind: 'slow', target: 'risk', factor: 0 } }, undefined, []);
    expect(r).toMatchObject({ ok: false, issues: [{ path: 'command.fault.factor' }] });
    expect(formatPath('', ['nodes', 2, 'id'])).toBe('nodes[2].id');
    expect(describeIssues(Command.safeParse({ type: 'x' }).error!, 'command')[0]!.path).toBe('command.type');
  });

  it('hashes scenario text as SHA-256 hex', async () => {
    expect(await scenarioContentHash('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('reads the command log and reports entries that do not parse', () => {
    const doc = new Y.Doc();
    sessionParts(doc).commands.push([{ seq: 0, at: 1, actor: 'Lead', command: { type: 'set_load', multiplier: 2 } }, { junk: true }]);
    expect(readCommands(doc)).toMatchObject({ commands: [{ seq: 0 }], invalid: [1] });
  });
});
