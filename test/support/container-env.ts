/**
 * What a container of a synthesized workload sees when it starts: its environment, as the kubelet builds it
 * (`value`, with `$(VAR)` references to the variables before it expanded; `secretKeyRef` from the Secret that
 * External Secrets writes from the stack's ExternalSecret, each key read from the cloud document at its
 * `remoteRef.property`), and its Secret volumes, written as files. Lets a test run the container's real program
 * on this machine with exactly that.
 *
 * The one change for a local run: the volumes are written under a scratch directory, so each mount path `/x` is
 * `<root>/x`, and every environment value naming a file under a mount path is rewritten to match. Nothing else.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Manifest } from './synth';

/* eslint-disable @typescript-eslint/no-explicit-any */

/** The environment and files of one container, under {@link root}. */
export interface ContainerEnv {
  readonly env: Readonly<Record<string, string>>;
  /** The scratch directory the volumes are written under. */
  readonly root: string;
  /** Removes {@link root}. */
  cleanup(): void;
}

/** A property of a document at a dotted path, as External Secrets reads `remoteRef.property` (GJSON). */
function property(document: unknown, dotted: string): string {
  let v: any = document;
  for (const part of dotted.split('.')) v = v?.[part];
  if (typeof v !== 'string') throw new Error(`no string at property "${dotted}" of the document`);
  return v;
}

/**
 * The data of the Secret that the ExternalSecret `name` writes, reading each key from `documents` (by the
 * secret manager's name, the ExternalSecret's `remoteRef.key`); throws when there is no such ExternalSecret.
 */
export function secretData(
  objects: readonly Manifest[],
  name: string,
  documents: Readonly<Record<string, unknown>>,
): Record<string, string> {
  const es = objects.find((o) => o.kind === 'ExternalSecret' && o.metadata.name === name);
  if (!es) throw new Error(`no ExternalSecret writes Secret "${name}"`);
  const data: Record<string, string> = {};
  for (const d of es.spec.data as any[]) {
    const document = documents[d.remoteRef.key];
    if (document === undefined) throw new Error(`no document "${d.remoteRef.key}" for Secret "${name}"`);
    data[d.secretKey] = property(document, d.remoteRef.property);
  }
  return { ...data, ...(es.spec.target.template?.data ?? {}) };
}

/** The environment and Secret volumes of the first container of the workload `kind/name`. */
export function containerEnv(
  objects: readonly Manifest[],
  kind: string,
  name: string,
  documents: Readonly<Record<string, unknown>>,
): ContainerEnv {
  const workload = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!workload) throw new Error(`no ${kind} "${name}"`);
  const pod = workload.spec.template.spec;
  const container = pod.containers[0];
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'container-'));
  const mounts: string[] = [];
  for (const m of container.volumeMounts ?? []) {
    const volume = (pod.volumes as any[]).find((v) => v.name === m.name);
    if (!volume?.secret) continue;
    const data = secretData(objects, volume.secret.secretName, documents);
    const dir = path.join(root, m.mountPath);
    fs.mkdirSync(dir, { recursive: true });
    const items: { key: string; path: string }[] = volume.secret.items ?? Object.keys(data).map((key) => ({ key, path: key }));
    for (const item of items) {
      if (data[item.key] === undefined) throw new Error(`Secret "${volume.secret.secretName}" has no key "${item.key}"`);
      fs.writeFileSync(path.join(dir, item.path), data[item.key]!);
    }
    mounts.push(m.mountPath);
  }
  const local = (value: string) => mounts.reduce((v, m) => v.split(`${m}/`).join(`${path.join(root, m)}/`), value);
  const env: Record<string, string> = {};
  for (const e of container.env ?? []) {
    const ref = e.valueFrom?.secretKeyRef;
    const raw: string = ref ? secretData(objects, ref.name, documents)[ref.key]! : e.value;
    if (raw === undefined) throw new Error(`${e.name}: Secret "${ref.name}" has no key "${ref.key}"`);
    // the kubelet's expansion: $(VAR) of a variable defined before, $$ an escaped $
    const expanded = ref ? raw : raw.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (all, v) => (v === undefined ? '$' : (env[v] ?? all)));
    env[e.name] = local(expanded);
  }
  return { env, root, cleanup: () => fs.rmSync(root, { recursive: true, force: true }) };
}
