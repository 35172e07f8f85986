// Node file access for shared/'s tests and scripts, typed by repo-files.d.mts.
// Plain JS on purpose: a `/// <reference types="node" />` in any file of the shared project would
// make Node's globals type-check in shared/src too, which must run in the browser.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

const root = new URL('../../', import.meta.url);

export const readRepoFile = (path) => readFileSync(new URL(path, root), 'utf8');
export const writeRepoFile = (path, text) => writeFileSync(new URL(path, root), text);
export const listRepoDir = (path) => readdirSync(new URL(path, root)).sort();
