/** Paths are relative to the repository root, e.g. "scenarios/small-broker.yaml". */
export function readRepoFile(path: string): string;
export function writeRepoFile(path: string, text: string): void;
/** File names in a directory, sorted. */
export function listRepoDir(path: string): string[];
